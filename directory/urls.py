from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path

from directory import anniversaries, calendars, views
from directory.feeds import ArticleFeed, EventFeed
from directory.sitemaps import SITEMAPS

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("memorials/", views.memorial_list, name="memorial-list"),
    path("memorials/<slug:slug>/", views.memorial_detail, name="memorial"),
    path("history/", views.historical_event_list, name="historical-event-list"),
    path("history/<slug:slug>/", views.historical_event_detail, name="historical-event"),
    path("events/", views.event_list, name="event-list"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("events/<slug:slug>.ics", calendars.event_ics, name="event-ics"),
    path("articles/", views.article_list, name="article-list"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("on-this-day/", anniversaries.on_this_day_page, name="on-this-day"),
    re_path(
        r"^on-this-day/(?P<month>[0-9]{2})-(?P<day>[0-9]{2})/$",
        anniversaries.on_this_day_page,
        name="on-this-day-date",
    ),
    path("anniversaries/", anniversaries.anniversaries_page, name="anniversaries"),
    re_path(
        r"^events/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        anniversaries.event_calendar,
        name="event-calendar",
    ),
    path("feeds/events/", EventFeed(), name="feed-events"),
    path("feeds/articles/", ArticleFeed(), name="feed-articles"),
    path("feeds/events.ics", calendars.events_feed, name="calendar-events"),
    path("feeds/anniversaries.ics", calendars.anniversaries_feed, name="calendar-anniversaries"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "site:sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
]
