from django.urls import path

from directory import views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("memorials/", views.memorial_list, name="memorial-list"),
    path("memorials/<slug:slug>/", views.memorial_detail, name="memorial"),
    path("history/", views.historical_event_list, name="historical-event-list"),
    path("history/<slug:slug>/", views.historical_event_detail, name="historical-event"),
    path("events/", views.event_list, name="event-list"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("articles/", views.article_list, name="article-list"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
]
