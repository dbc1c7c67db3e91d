"""The anniversary event list's fast path: items from `.values()` rows.

A page of 50 events through `AnniversaryEventSerializer` builds 200 model instances
and runs about 30 fields per event (the three summaries reverse a URL each); that was
most of the list's time. `EventRows` builds the same shape from one `.values()` query
over the same joins (`AnniversaryEvent.objects.with_summaries`), as `memorials.rows`
does for memorials; tests/test_api_events_fast_path.py keeps the two identical. Items
and writes still answer through the serializer.
"""

from functools import cached_property

from django.utils import timezone

from core.api.fields import detail_url_prefix, page_url_prefix
from core.timezones import zone_named
from events.models import AnniversaryEvent
from events.serializers import zoned_iso
from memorials.models import HistoricalEvent


class EventRows:
    """Builds `AnniversaryEventSerializer` items from `.values()` rows of a queryset of
    `with_summaries(user)`, without a serializer and without a query of its own."""

    fields = (
        "id",
        "slug",
        "created",
        "updated",
        "title",
        "historical_event__slug",
        "historical_event__name",
        "historical_event__start_date",
        "historical_event__end_date",
        "historical_event__remembered_on",
        "memorial__slug",
        "memorial__name",
        "memorial_is_visible",
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
        "organisation__slug",
        "organisation__name",
        "description",
        "status",
        "cancellation_note",
        "registration_url",
        "language",
    )

    def __init__(self, request):
        self.request = request

    @cached_property
    def urls(self) -> dict[str, str]:
        return {
            basename: detail_url_prefix(self.request, basename)
            for basename in ("anniversaryevent", "historicalevent", "memorial", "organisation")
        } | {"page": page_url_prefix(self.request, AnniversaryEvent.page_url_name)}

    def values(self, queryset):
        return queryset.values(*self.fields)

    def render(self, rows: list[dict]) -> list[dict]:
        urls = self.urls
        event_url, historical_event_url = urls["anniversaryevent"], urls["historicalevent"]
        memorial_url, organisation_url = urls["memorial"], urls["organisation"]
        event_page = urls["page"]
        # `created` and `updated` in the server's zone, as the serializer shows them.
        server_zone = timezone.get_current_timezone()
        items = []
        for row in rows:
            time_zone = row["time_zone"]
            zone = zone_named(time_zone)
            latitude, longitude = row["venue_latitude"], row["venue_longitude"]
            historical_event = row["historical_event__slug"]
            memorial = row["memorial__slug"]
            organisation = row["organisation__slug"]
            items.append(
                {
                    "id": row["id"],
                    "slug": row["slug"],
                    "url": f"{event_url}{row['slug']}/",
                    "web_url": f"{event_page}{row['slug']}/",
                    "created": zoned_iso(row["created"], server_zone),
                    "updated": zoned_iso(row["updated"], server_zone),
                    "title": row["title"],
                    "historical_event": {
                        "slug": historical_event,
                        "name": row["historical_event__name"],
                        "url": f"{historical_event_url}{historical_event}/",
                    },
                    "memorial": {
                        "slug": memorial,
                        "name": row["memorial__name"],
                        "url": f"{memorial_url}{memorial}/",
                    }
                    if memorial is not None and row["memorial_is_visible"]
                    else None,
                    "venue": {
                        "name": row["venue_name"],
                        "address": row["venue_address"],
                        "city": row["venue_city"],
                        "country": row["venue_country"],
                        "latitude": None if latitude is None else float(latitude),
                        "longitude": None if longitude is None else float(longitude),
                    },
                    "online_url": row["online_url"] or None,
                    "starts_at": zoned_iso(row["starts_at"], zone),
                    "ends_at": zoned_iso(row["ends_at"], zone),
                    "time_zone": time_zone,
                    "anniversary": AnniversaryEvent.anniversary_of(
                        starts_at=row["starts_at"],
                        time_zone=time_zone,
                        remembered=HistoricalEvent.remembrance_of(
                            start_date=row["historical_event__start_date"],
                            end_date=row["historical_event__end_date"],
                            remembered_on=row["historical_event__remembered_on"],
                        ),
                    ),
                    "organisation": {
                        "slug": organisation,
                        "name": row["organisation__name"],
                        "url": f"{organisation_url}{organisation}/",
                    },
                    "description": row["description"],
                    "status": row["status"],
                    "cancellation_note": row["cancellation_note"],
                    "registration_url": row["registration_url"] or None,
                    "language": row["language"],
                }
            )
        return items
