"""The public site: find memorials, see what happens there, read what was written.

Pages call the same querysets, FilterSets and access policy (`visible_to`) as the API;
nothing here decides who sees what. Each page runs a constant number of queries (at most
6, asserted in tests/test_site_pages.py).
"""

from django.core.exceptions import ValidationError
from django.db.models import Avg
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from articles.filters import ArticleFilterSet
from articles.models import Article
from core.db import related_summaries
from directory import seo
from directory.pages import breadcrumbs, choices_of, facets, paginate, query_without, site_page
from events.anniversaries import remembered_today, today_in
from events.filters import AnniversaryEventFilterSet
from events.models import AnniversaryEvent, Organisation
from memorials.filters import MemorialFilterSet, PointField
from memorials.models import HistoricalEvent, Memorial

ROBOTS_TXT = """User-agent: *
Disallow: /admin/
Disallow: /api/

Sitemap: {sitemap}
"""
HOME_ITEMS = 6
RECORD_EVENTS = 10


def filtered_list(
    request: HttpRequest,
    filterset,
    template: str,
    context: dict,
    *,
    title: str,
    description: str,
    crumb: tuple[str, str],
    extra_error: str = "",
) -> HttpResponse:
    """A filtered list page: the FilterSet's form (a 400 naming each bad field, as in
    the API), one page of its results, the breadcrumbs and the page's meta tags."""
    valid = filterset.is_valid() and not extra_error
    page = paginate(request, filterset.qs if valid else filterset.queryset.none())
    return render(
        request,
        template,
        {
            "filterset": filterset,
            "errors": filterset.errors,
            "page_obj": page,
            "query": query_without(request, "page"),
            **context,
            **with_meta(request, breadcrumbs(crumb), title=title, description=description),
        },
        status=200 if valid else 400,
    )


def with_meta(request: HttpRequest, crumbs, *, title: str, description: str) -> dict:
    """The breadcrumbs and PageMeta of a list page."""
    return {
        "breadcrumbs": crumbs,
        "meta": seo.page_meta(request, crumbs, title=title, description=description),
    }


def memorials_with_events(user):
    """Visible memorials, each with `historical_event_items` (the slugs and names of
    what it commemorates) in the same query."""
    return Memorial.objects.visible_to(user).annotate(
        historical_event_items=related_summaries(
            HistoricalEvent.objects.visible_to(user), "memorials", slug="slug", name="name"
        )
    )


def upcoming_and_past(events) -> dict:
    """The next and the latest few of `events`, for a record's page."""
    return {
        "upcoming_events": events.upcoming()[:RECORD_EVENTS],
        "past_events": events.past().order_by("-starts_at", "-id")[:RECORD_EVENTS],
    }


def events_of(user):
    return AnniversaryEvent.objects.visible_to(user).with_summaries(user)


@site_page
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "directory/home.html",
        {
            "upcoming_events": events_of(user).upcoming()[:HOME_ITEMS],
            "recent_memorials": Memorial.objects.visible_to(user).order_by("-created", "-id")[
                :HOME_ITEMS
            ],
            "meta": seo.page_meta(
                request,
                breadcrumbs(),
                title=_("Commemorate: memorials, remembrance and commemorations"),
                description=_(
                    "Find memorials near you or in a city you visit, see when the next "
                    "commemoration is, and read what was written about what they remember."
                ),
            ),
            "recent_articles": Article.objects.visible_to(user)
            .with_author_names()
            .order_by("-created", "-id")[:HOME_ITEMS],
            "on_this_day": remembered_today(user, today_in()),
        },
    )


def is_point(text: str) -> bool:
    """Whether `text` is a valid `near` (so ordering by distance can apply)."""
    try:
        PointField().clean(text)
    except ValidationError:
        return False
    return True


def near_place(request: HttpRequest, data: QueryDict) -> tuple[QueryDict, str]:
    """The visitor's `place` (a city in the directory, any case) as `near=lat,lon`: the
    fallback of "near me" without the browser's location. Returns the filter data and
    an error message ("" when none)."""
    place = data.get("place", "").strip()
    if not place or data.get("near"):
        return data, ""
    centre = (
        Memorial.objects.visible_to(request.user)
        .located()
        .filter(city__iexact=place)
        .aggregate(latitude=Avg("latitude"), longitude=Avg("longitude"))
    )
    if centre["latitude"] is None:
        return data, _("No memorial in the directory is in a city called “%(place)s”.") % {
            "place": place
        }
    data = data.copy()
    data["near"] = f"{centre['latitude']:.6f},{centre['longitude']:.6f}"
    return data, ""


@site_page
def memorial_list(request: HttpRequest) -> HttpResponse:
    data, place_error = near_place(request, request.GET)
    if data.get("near") and not data.get("ordering") and is_point(data["near"]):
        data = data.copy()
        data["ordering"] = "distance"
    filterset = MemorialFilterSet(data, queryset=memorials_with_events(request.user))
    view = "map" if request.GET.get("view") == "map" else "list"
    geojson_query = query_without(request, "page", "view", "place", "format")
    if data.get("near") and "near" not in request.GET:
        geojson_query = "&".join(filter(None, [geojson_query, f"near={data['near']}"]))
    return filtered_list(
        request,
        filterset,
        "directory/memorial_list.html",
        {
            "place_error": place_error,
            "facets": facets(request),
            "kinds": choices_of(Memorial.Kind),
            "view": view,
            "list_query": query_without(request, "page", "view"),
            "geojson_url": f"{reverse('api:memorial-list')}?format=geojson&{geojson_query}",
        },
        title=_("Memorials"),
        description=_(
            "Memorials in the directory: search by name, place or what they commemorate."
        ),
        crumb=(_("Memorials"), reverse("site:memorial-list")),
        extra_error=place_error,
    )


@site_page
def memorial_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    memorial = get_object_or_404(memorials_with_events(user), slug=slug)
    events = events_of(user).at_memorial(memorial)
    photos = list(memorial.photos.all())
    crumbs = breadcrumbs(
        (_("Memorials"), reverse("site:memorial-list")),
        (memorial.name, memorial.get_absolute_url()),
    )
    return render(
        request,
        "directory/memorial_detail.html",
        {
            "memorial": memorial,
            "photos": photos,
            **upcoming_and_past(events),
            "articles": Article.objects.visible_to(user)
            .with_author_names()
            .filter(memorials=memorial),
            "breadcrumbs": crumbs,
            "meta": seo.memorial_meta(request, memorial, photos, crumbs),
        },
    )


@site_page
def historical_event_list(request: HttpRequest) -> HttpResponse:
    events = HistoricalEvent.objects.visible_to(request.user)
    return render(
        request,
        "directory/historicalevent_list.html",
        {
            "page_obj": paginate(request, events),
            **with_meta(
                request,
                breadcrumbs((_("History"), reverse("site:historical-event-list"))),
                title=_("What is remembered"),
                description=_("The historical events that memorials in the directory commemorate."),
            ),
        },
    )


@site_page
def historical_event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    historical_event = get_object_or_404(HistoricalEvent.objects.visible_to(user), slug=slug)
    events = events_of(user).commemorating(historical_event)
    crumbs = breadcrumbs(
        (_("History"), reverse("site:historical-event-list")),
        (historical_event.name, historical_event.get_absolute_url()),
    )
    return render(
        request,
        "directory/historicalevent_detail.html",
        {
            "historical_event": historical_event,
            "memorials": list(
                Memorial.objects.visible_to(user).commemorating(historical_event)[:200]
            ),
            **upcoming_and_past(events),
            "articles": Article.objects.visible_to(user)
            .with_author_names()
            .filter(historical_events=historical_event),
            "geojson_url": f"{reverse('api:memorial-list')}?format=geojson&"
            f"commemorates={historical_event.slug}",
            "breadcrumbs": crumbs,
            "meta": seo.historical_event_meta(request, historical_event, crumbs),
        },
    )


@site_page
def event_list(request: HttpRequest) -> HttpResponse:
    data = request.GET
    if "upcoming" not in data and "month" not in data:
        data = data.copy()
        data["upcoming"] = "true"
    past = data.get("upcoming") == "false"
    if past and not data.get("ordering"):
        data = data.copy()
        data["ordering"] = "-starts_at"
    return filtered_list(
        request,
        AnniversaryEventFilterSet(data, queryset=events_of(request.user)),
        "directory/anniversaryevent_list.html",
        {
            "facets": facets(request),
            "past": past,
            "when_query": query_without(request, "page", "upcoming", "ordering"),
        },
        title=_("Commemorations"),
        description=_(
            "Upcoming and past commemorations at memorials, with their local dates and times."
        ),
        crumb=(_("Events"), reverse("site:event-list")),
    )


@site_page
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    event = get_object_or_404(events_of(user), slug=slug)
    crumbs = breadcrumbs(
        (_("Events"), reverse("site:event-list")), (event.title, event.get_absolute_url())
    )
    return render(
        request,
        "directory/anniversaryevent_detail.html",
        {
            "event": event,
            "articles": Article.objects.visible_to(user)
            .with_author_names()
            .filter(anniversary_events=event),
            "breadcrumbs": crumbs,
            "meta": seo.event_meta(request, event, crumbs),
        },
    )


def articles_of(user):
    return (
        Article.objects.visible_to(user)
        .with_summaries(user)
        .with_author_names()
        .order_by("-published_on", "title", "id")
    )


@site_page
def article_list(request: HttpRequest) -> HttpResponse:
    return filtered_list(
        request,
        ArticleFilterSet(request.GET, queryset=articles_of(request.user)),
        "directory/article_list.html",
        {"kinds": choices_of(Article.Kind)},
        title=_("Articles"),
        description=_("Commentaries, reports and news about memorials and what they commemorate."),
        crumb=(_("Articles"), reverse("site:article-list")),
    )


@site_page
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(articles_of(request.user), slug=slug)
    crumbs = breadcrumbs(
        (_("Articles"), reverse("site:article-list")), (article.title, article.get_absolute_url())
    )
    return render(
        request,
        "directory/article_detail.html",
        {
            "article": article,
            "breadcrumbs": crumbs,
            "meta": seo.article_meta(request, article, crumbs),
        },
    )


@site_page
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    organisation = get_object_or_404(Organisation.objects.visible_to(user), slug=slug)
    events = events_of(user).held_by(organisation)
    crumbs = breadcrumbs((organisation.name, organisation.get_absolute_url()))
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            **upcoming_and_past(events),
            "breadcrumbs": crumbs,
            "meta": seo.organisation_meta(request, organisation, crumbs),
        },
    )


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("site:sitemap"))
    return HttpResponse(ROBOTS_TXT.format(sitemap=sitemap), content_type="text/plain")
