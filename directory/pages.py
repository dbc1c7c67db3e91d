"""What every public page shares: conditional GETs, the filter choices, breadcrumbs and
pagination.

Pages carry no inline script (every script is a static file), so the same data renders
the same bytes, and a page's validators can be known before it is rendered: one query
of index probes (`site_version`) answers a conditional GET with a 304.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import CharField, Value
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django_countries import countries as all_countries

from articles.models import Article, ArticleAuthor
from core.api.conditional import bounded_count, list_state, make_etag
from core.roles import is_editor
from events.models import AnniversaryEvent, Organisation
from memorials.models import HistoricalEvent, Memorial, Photo

SITE_MODELS = (Memorial, HistoricalEvent, Photo, AnniversaryEvent, Organisation, Article)
PAGE_SIZE = 24
# Pages that list what is upcoming change as time passes, not only when data changes:
# their validators change at least this often.
FRESHNESS = datetime.timedelta(minutes=15)


def site_version() -> datetime.datetime | None:
    """The latest change to anything a page shows (deletions included): one statement
    of index probes."""
    return list_state(Memorial.objects.none(), (*SITE_MODELS, ArticleAuthor), count_limit=None)[1]


def audience(request: HttpRequest) -> str:
    """Whose view of the data a page shows (editors also see drafts)."""
    user = request.user
    if not user.is_authenticated:
        return "public"
    return "editor" if is_editor(user) else f"user:{user.pk}"


def freshness_start(now: datetime.datetime) -> datetime.datetime:
    epoch = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    return now - (now - epoch) % FRESHNESS


@functools.cache
def build_version() -> tuple:
    """What a deployment changes in every page without changing the data: the hashed
    static files' manifest and the map's settings (read once per process)."""
    return (
        getattr(staticfiles_storage, "manifest_hash", ""),
        settings.MAP_TILE_URL,
        str(settings.MAP_TILE_ATTRIBUTION),
    )


def site_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A public page: GET and HEAD only, with ETag and Last-Modified validators taken
    from `site_version` before the page is rendered, so a matching conditional GET is a
    304 after one query."""

    @require_safe
    @functools.wraps(view)
    def page(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        version = request.site_version = site_version()
        last = max(filter(None, [version, freshness_start(timezone.now())]))
        etag = make_etag("site", request.get_full_path(), audience(request), get_language(), last)
        timestamp = int(last.timestamp())
        response = get_conditional_response(request, etag=etag, last_modified=timestamp)
        if response is None:
            response = view(request, *args, **kwargs)
        if response.status_code in (200, 304):
            response["ETag"] = etag
            response["Last-Modified"] = http_date(timestamp)
            response["Cache-Control"] = "max-age=0, must-revalidate" + (
                ", private" if request.user.is_authenticated else ""
            )
            patch_vary_headers(response, ["Cookie", "Accept-Language"])
        return response

    return page


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


def choices_of(text_choices) -> list[Choice]:
    """A model's TextChoices as filter choices."""
    return [Choice(value, label) for value, label in text_choices.choices]


@dataclass(frozen=True)
class Facets:
    """The choices of the filter forms: the countries that have memorials, the
    historical events and the organisations."""

    countries: list[Choice] = field(default_factory=list)
    historical_events: list[Choice] = field(default_factory=list)
    organisations: list[Choice] = field(default_factory=list)


def facets(request: HttpRequest) -> Facets:
    """The filter choices `request.user` may see: one query, kept in the cache until
    the data changes (the `site_version` that `site_page` read is part of the key)."""
    key = make_etag("facets", audience(request), request.site_version)
    return cache.get_or_set(f"site-facets:{key}", lambda: _facets(request.user), 3600)


def _facets(user) -> Facets:
    def rows(kind: str, queryset, value: str, label: str):
        return queryset.order_by().values_list(Value(kind, output_field=CharField()), value, label)

    countries = rows("country", Memorial.objects.visible_to(user), "country", "country")
    events = rows("event", HistoricalEvent.objects.visible_to(user), "slug", "name")
    organisations = rows("organisation", Organisation.objects.visible_to(user), "slug", "name")
    found: dict[str, set[tuple[str, str]]] = {
        "country": set(),
        "event": set(),
        "organisation": set(),
    }
    for kind, value, label in (
        countries.distinct().union(events, organisations, all=True).order_by()
    ):
        found[kind].add((value, label))
    return Facets(
        countries=sorted(
            (Choice(code, all_countries.name(code) or code) for code, _ in found["country"]),
            key=lambda choice: choice.label,
        ),
        historical_events=sorted(
            (Choice(*row) for row in found["event"]), key=lambda choice: choice.label
        ),
        organisations=sorted(
            (Choice(*row) for row in found["organisation"]), key=lambda choice: choice.label
        ),
    )


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str


def breadcrumbs(*trail: tuple[str, str]) -> list[Crumb]:
    """Home, then `(name, url)` pairs; the last is the current page."""
    return [Crumb(str(_("Home")), reverse("site:home")), *(Crumb(str(n), u) for n, u in trail)]


class BoundedPaginator(Paginator):
    """Counts at most `limit` matches, as the API does (`API_COUNT_LIMIT`): a bounded
    range of an index, never a whole large table. Past the limit `is_bounded` is true,
    the pages stop at the limit and the page says "more than"."""

    def __init__(self, object_list, per_page: int, limit: int):
        super().__init__(object_list, per_page)
        self.limit = limit
        self.is_bounded = False

    @cached_property
    def count(self) -> int:
        counted = bounded_count(self.object_list, self.limit)
        self.is_bounded = counted is None
        return self.limit if counted is None else counted


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE) -> Page:
    """The page `?page=` asks for (the last one when it is past the end, the first when
    it is not a number)."""
    paginator = BoundedPaginator(queryset, per_page, settings.API_COUNT_LIMIT)
    return paginator.get_page(request.GET.get("page"))


def query_without(request: HttpRequest, *names: str) -> str:
    """The current query string without `names` (for links that change one of them)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
