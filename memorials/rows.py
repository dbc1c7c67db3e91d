"""The memorial list's fast paths: rows from `.values()` and cursor (keyset) paging.

The memorial list is the busiest endpoint, so it skips the serializer: `MemorialRows`
turns `.values()` rows into the documented `MemorialListSerializer` shape with
converters built once at import (tests/test_api_memorials_fast_path.py keeps the two
identical), and `MemorialFeatures` turns them into the GeoJSON features documented by
`MemorialFeatureSerializer`.
"""

import base64
import binascii
import functools
from functools import cached_property

import orjson
from django.db import connections, router
from rest_framework.exceptions import ValidationError

from core.api.fields import detail_url_prefix, page_url_prefix
from core.api.geojson import feature
from core.db import as_float
from memorials.models import Memorial
from memorials.serializers import format_partial

CURSOR_START = "*"
# Coordinates as floats, the JSON numbers they are shown as (see core.db.as_float).
COORDINATES = {"latitude_float": as_float("latitude"), "longitude_float": as_float("longitude")}


class MemorialRows:
    """Builds `MemorialListSerializer` items from `.values()` rows, without a serializer.

    One extra query fetches the commemorated-event summaries of a whole page through
    the M2M table. URL prefixes are built once per request, not once per row.
    """

    fields = (
        "id",
        "slug",
        "name",
        "other_names",
        "kind",
        "status",
        "address",
        "city",
        "country",
        "location_precision",
        "unveiled_on",
        "unveiled_on_precision",
        "is_published",
        "created",
        "updated",
    )

    def __init__(self, request, with_distance: bool = False):
        self.request = request
        self.with_distance = with_distance

    @cached_property
    def memorial_url(self) -> str:
        return detail_url_prefix(self.request, "memorial")

    @cached_property
    def memorial_page(self) -> str:
        return page_url_prefix(self.request, Memorial.page_url_name)

    @cached_property
    def event_url(self) -> str:
        return detail_url_prefix(self.request, "historicalevent")

    def values(self, queryset, extra: tuple[str, ...] = ()):
        distance = ("distance_km",) if self.with_distance else ()
        return queryset.values(*self.fields, *distance, *extra, **COORDINATES)

    def render(self, rows: list[dict]) -> list[dict]:
        summaries = self.event_summaries([row["id"] for row in rows])
        memorial_url, memorial_page = self.memorial_url, self.memorial_page
        with_distance = self.with_distance
        items = []
        for row in rows:
            item = {
                "id": row["id"],
                "slug": row["slug"],
                "url": f"{memorial_url}{row['slug']}/",
                "web_url": f"{memorial_page}{row['slug']}/",
                "name": row["name"],
                "other_names": row["other_names"],
                "kind": row["kind"],
                "status": row["status"],
                "address": row["address"],
                "city": row["city"],
                "country": row["country"],
                "location": {
                    "latitude": row["latitude_float"],
                    "longitude": row["longitude_float"],
                    "precision": row["location_precision"],
                },
                "unveiled": format_partial(row["unveiled_on"], row["unveiled_on_precision"]),
                "unveiled_precision": row["unveiled_on_precision"],
                "historical_events": summaries.get(row["id"], []),
                "is_published": row["is_published"],
                "created": row["created"],
                "updated": row["updated"],
                "distance_km": row["distance_km"] if with_distance else None,
            }
            items.append(item)
        return items

    def event_summaries(self, memorial_ids: list[int]) -> dict[int, list[dict]]:
        """{memorial id: [{slug, name, url}, ...]} in the events' own order. One query."""
        if not memorial_ids:
            return {}
        using = router.db_for_read(Memorial)
        with connections[using].cursor() as cursor:
            cursor.execute(_summaries_statement(len(memorial_ids), using), memorial_ids)
            links = cursor.fetchall()
        summaries: dict[int, list[dict]] = {}
        event_url = self.event_url
        for memorial_id, slug, name in links:
            summaries.setdefault(memorial_id, []).append(
                {"slug": slug, "name": name, "url": f"{event_url}{slug}/"}
            )
        return summaries


def _event_links(memorial_ids: list[int]):
    """(memorial id, event slug, event name) of the memorials' events, in the events'
    own order."""
    return (
        Memorial.historical_events.through.objects.filter(memorial_id__in=memorial_ids)
        .order_by("historicalevent__start_date", "historicalevent__sort_name", "historicalevent_id")
        .values_list("memorial_id", "historicalevent__slug", "historicalevent__name")
    )


@functools.cache
def _summaries_statement(count: int, using: str) -> str:
    """The SQL of `_event_links` for `count` distinct ids, whose parameters are the ids
    in order; compiled once per process for each page size. Building and compiling the
    statement cost six times what running it does. Its columns need no conversion
    (integers and text), so the rows are read as the driver returns them."""
    placeholders = list(range(-count, 0))  # distinct, as ids are
    sql, params = _event_links(placeholders).query.get_compiler(using=using).as_sql()
    if list(params) != placeholders:
        raise AssertionError("The event summaries statement has other parameters.")
    return sql


class MemorialFeatures:
    """Builds GeoJSON features (`MemorialFeatureSerializer`) from `.values_list()` rows
    of memorials that have coordinates (`Memorial.objects.located()`): tuples, as a
    page has a thousand of them. No query of its own."""

    fields = ("slug", "name", "kind", "status", "city", "country", "location_precision")

    def __init__(self, request, with_distance: bool = False):
        self.request = request
        self.with_distance = with_distance

    @cached_property
    def memorial_url(self) -> str:
        return detail_url_prefix(self.request, "memorial")

    @cached_property
    def memorial_page(self) -> str:
        return page_url_prefix(self.request, Memorial.page_url_name)

    def values(self, queryset):
        distance = ("distance_km",) if self.with_distance else ()
        coordinates = (as_float("latitude"), as_float("longitude"))
        return queryset.values_list(*self.fields, *coordinates, *distance)

    def render(self, rows: list[tuple]) -> list[dict]:
        memorial_url, memorial_page = self.memorial_url, self.memorial_page
        with_distance = self.with_distance
        features = []
        for slug, name, kind, status, city, country, precision, latitude, longitude, *rest in rows:
            properties = {
                "slug": slug,
                "name": name,
                "kind": kind,
                "status": status,
                "city": city,
                "country": country,
                "precision": precision,
                "url": f"{memorial_url}{slug}/",
                "web_url": f"{memorial_page}{slug}/",
            }
            if with_distance:
                properties["distance_km"] = rest[0]
            features.append(feature(slug, longitude, latitude, properties))
        return features


# --- cursor (keyset) paging ----------------------------------------------------------------
def encode_cursor(name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([name, pk])).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, int] | None:
    """(sort_name, id) after which the next page starts; None for `*` (the start)."""
    if cursor == CURSOR_START:
        return None
    try:
        name, pk = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
        raise ValidationError({"cursor": ["Not a cursor from this API; start with *."]}) from None
    if not isinstance(name, str) or not isinstance(pk, int) or isinstance(pk, bool):
        raise ValidationError({"cursor": ["Not a cursor from this API; start with *."]})
    return name, pk
