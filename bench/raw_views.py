"""The benchmark's baselines: the plainest Django views that return the same rows.

Each is a queryset with the API's filter and order, `.values()` of the columns the API
reads, a slice for the page and `.count()`, answered with `JsonResponse`: no DRF, no
FilterSet, no validators, no summaries or URLs. The filters are the models' own queryset
methods, so both sides run the same WHERE clause and the ratio is what the API's layers
cost. Query strings are read directly here, on purpose: the baseline has none of the
machinery the API is measured for.
"""

from django.http import JsonResponse

from events.models import AnniversaryEvent
from memorials.models import Memorial
from memorials.rows import MemorialRows

# The columns the API's memorial list reads (its `.values()` fast path, which reads the
# coordinates as floats).
MEMORIAL_COLUMNS = (*MemorialRows.fields, "latitude", "longitude")
# The anniversary event's own columns that the API's item shape shows.
EVENT_COLUMNS = (
    "id",
    "slug",
    "title",
    "historical_event_id",
    "memorial_id",
    "organisation_id",
    "venue_name",
    "venue_address",
    "venue_city",
    "venue_country",
    "venue_latitude",
    "venue_longitude",
    "online_url",
    "starts_at",
    "ends_at",
    "time_zone",
    "description",
    "status",
    "cancellation_note",
    "registration_url",
    "language",
    "created",
    "updated",
)


def _page_size(request) -> int:
    return int(request.GET.get("page_size", 50))


def plain_memorials(request):
    """Published memorials in name order; `?country=XX` filters as the API does."""
    rows = Memorial.objects.published()
    if "country" in request.GET:
        rows = rows.in_country(request.GET["country"])
    page = rows.order_by("sort_name", "id").values(*MEMORIAL_COLUMNS)[: _page_size(request)]
    return JsonResponse({"count": rows.count(), "results": list(page)})


def plain_events(request):
    """Public anniversary events of one historical event (`?commemorates=<slug>`), in start
    order; `?upcoming=true` keeps those that have not ended."""
    rows = AnniversaryEvent.objects.public().commemorating(request.GET["commemorates"])
    if request.GET.get("upcoming") == "true":
        rows = rows.upcoming()
    page = rows.order_by("starts_at", "id").values(*EVENT_COLUMNS)[: _page_size(request)]
    return JsonResponse({"count": rows.count(), "results": list(page)})
