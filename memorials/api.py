"""API viewsets of this app, registered on the `api/v1/` router by `register_routes`.

The memorial list is the busiest endpoint, so it skips the serializer: `MemorialRows`
turns `.values()` rows into the documented `MemorialListSerializer` shape with
converters built once at import (tests/test_api_memorials_fast_path.py keeps the two
identical). Every other answer goes through the serializers.
"""

import base64
import binascii
from functools import cached_property
from urllib.parse import urlencode

import orjson
from django.conf import settings
from django.db.models import ProtectedError, Q
from django.db.models.query import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api.conditional import ConditionalRequestMixin
from core.api.pagination import PageNumberPagination, parse_page_size
from core.api.renderers import GeoJSONRenderer
from core.api.serializers import ProblemSerializer
from core.roles import is_editor
from memorials.filters import HistoricalEventFilterSet, MemorialFilterSet
from memorials.models import HistoricalEvent, Memorial, Photo
from memorials.serializers import (
    HistoricalEventSerializer,
    MemorialFeatureCollectionSerializer,
    MemorialListSerializer,
    MemorialSerializer,
    PhotoSerializer,
    format_partial,
)

GEOJSON_DEFAULT_PAGE_SIZE = 1000
CURSOR_START = "*"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record is still in use."
    default_code = "conflict"


# --- the fast list path ------------------------------------------------------------------
class MemorialRows:
    """Builds `MemorialListSerializer` items from `.values()` rows, without a serializer.

    One extra query fetches the commemorated-event summaries of a whole page through
    the M2M table. URL prefixes are reversed once per request, not once per row.
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
        "latitude",
        "longitude",
        "location_precision",
        "unveiled_on",
        "unveiled_on_precision",
        "is_published",
        "created",
        "updated",
    )

    def __init__(self, request, with_distance: bool = False):
        self.memorial_url = _url_prefix(request, "api:memorial-detail")
        self.event_url = _url_prefix(request, "api:historicalevent-detail")
        self.with_distance = with_distance

    def values(self, queryset):
        return queryset.values(*self.fields, *(["distance_km"] if self.with_distance else []))

    def render(self, rows: list[dict]) -> list[dict]:
        summaries = self.event_summaries([row["id"] for row in rows])
        memorial_url, with_distance = self.memorial_url, self.with_distance
        items = []
        for row in rows:
            latitude, longitude = row["latitude"], row["longitude"]
            item = {
                "id": row["id"],
                "slug": row["slug"],
                "url": f"{memorial_url}{row['slug']}/",
                "web_url": None,
                "name": row["name"],
                "other_names": row["other_names"],
                "kind": row["kind"],
                "status": row["status"],
                "address": row["address"],
                "city": row["city"],
                "country": row["country"],
                "location": {
                    "latitude": None if latitude is None else float(latitude),
                    "longitude": None if longitude is None else float(longitude),
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
        links = (
            Memorial.historical_events.through.objects.filter(memorial_id__in=memorial_ids)
            .order_by("historicalevent__start_date", "historicalevent__name", "historicalevent_id")
            .values_list("memorial_id", "historicalevent__slug", "historicalevent__name")
        )
        summaries: dict[int, list[dict]] = {}
        event_url = self.event_url
        for memorial_id, slug, name in links:
            summaries.setdefault(memorial_id, []).append(
                {"slug": slug, "name": name, "url": f"{event_url}{slug}/"}
            )
        return summaries


def _url_prefix(request, view_name: str) -> str:
    """The absolute URL of an item of `view_name`, up to its slug."""
    path = reverse(view_name, kwargs={"slug": "slug"})
    return request.build_absolute_uri(path[: -len("slug/")])


def ordered_events():
    return Prefetch(
        "historical_events", queryset=HistoricalEvent.objects.order_by("start_date", "name", "id")
    )


# --- cursor (keyset) paging ----------------------------------------------------------------
def encode_cursor(name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([name, pk])).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, int] | None:
    """(name, id) after which the next page starts; None for `*` (the start)."""
    if cursor == CURSOR_START:
        return None
    try:
        name, pk = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
        raise ValidationError({"cursor": ["Not a cursor from this API; start with *."]}) from None
    if not isinstance(name, str) or not isinstance(pk, int) or isinstance(pk, bool):
        raise ValidationError({"cursor": ["Not a cursor from this API; start with *."]})
    return name, pk


class MemorialPagination(PageNumberPagination):
    def get_paginated_response_schema(self, schema):
        page = super().get_paginated_response_schema(schema)
        page["properties"]["count"] = {
            "type": "integer",
            "nullable": True,
            "example": 123,
            "description": "Matching records; null when walking with `cursor`.",
        }
        return page


# --- schema documentation -----------------------------------------------------------------
LIST_PARAMETERS = [
    OpenApiParameter(
        "country",
        OpenApiTypes.STR,
        description="ISO 3166-1 alpha-2 code, any case.",
        examples=[OpenApiExample("Netherlands", value="NL")],
    ),
    OpenApiParameter(
        "city",
        OpenApiTypes.STR,
        description="The city, exactly as written in the record.",
        examples=[OpenApiExample("The Hague", value="The Hague")],
    ),
    OpenApiParameter(
        "kind",
        OpenApiTypes.STR,
        enum=Memorial.Kind.values,
        examples=[OpenApiExample("Monument", value="monument")],
    ),
    OpenApiParameter(
        "status",
        OpenApiTypes.STR,
        enum=Memorial.Status.values,
        examples=[OpenApiExample("Standing", value="standing")],
    ),
    OpenApiParameter(
        "commemorates",
        OpenApiTypes.STR,
        description="Slug of a historical event: its memorials.",
        examples=[OpenApiExample("Khojaly massacre", value="khojaly-massacre")],
    ),
    OpenApiParameter(
        "bbox",
        OpenApiTypes.STR,
        description=(
            "`min_lon,min_lat,max_lon,max_lat` in degrees (WGS 84); min must not exceed "
            "max, so a box cannot cross the antimeridian."
        ),
        examples=[OpenApiExample("The Hague", value="4.2,52.0,4.4,52.2")],
    ),
    OpenApiParameter(
        "near",
        OpenApiTypes.STR,
        description=(
            "`lat,lon`: memorials within `radius` km of the point; each result then carries "
            "`distance_km`, and `ordering=distance` sorts by it."
        ),
        examples=[OpenApiExample("The Hague", value="52.08,4.26")],
    ),
    OpenApiParameter(
        "radius",
        OpenApiTypes.NUMBER,
        description="Kilometres around `near` (0 to 20000, default 10). Only with `near`.",
        examples=[OpenApiExample("Five kilometres", value=5)],
    ),
    OpenApiParameter(
        "updated_after",
        OpenApiTypes.DATETIME,
        description="Records changed after this moment (ISO 8601 with offset).",
        examples=[OpenApiExample("Since", value="2026-01-01T00:00:00Z")],
    ),
    OpenApiParameter(
        "is_published",
        OpenApiTypes.BOOL,
        description="For editors, who also see unpublished records.",
        examples=[OpenApiExample("Drafts", value=False)],
    ),
    OpenApiParameter(
        "search",
        OpenApiTypes.STR,
        description=(
            "Words to find in names, other names and places, ignoring case and accents; each "
            "word matches as a prefix. A memorial also matches by the names of the "
            "historical events it commemorates."
        ),
        examples=[OpenApiExample("Accent-free", value="Hocali")],
    ),
    OpenApiParameter(
        "ordering",
        OpenApiTypes.STR,
        enum=[
            f"{sign}{name}"
            for name in ("name", "created", "updated", "unveiled_on", "distance")
            for sign in ("", "-")
        ],
        description="Sort order (default `name`); `distance` needs `near`.",
        examples=[OpenApiExample("Newest first", value="-created")],
    ),
    OpenApiParameter(
        "cursor",
        OpenApiTypes.STR,
        description=(
            "Walk the whole list in name order with keyset paging: start with `*`, then "
            "follow `next`. `count` is null and `previous` is not offered; `page` and "
            "`ordering` cannot be combined with it. Not for GeoJSON."
        ),
        examples=[OpenApiExample("Start", value="*")],
    ),
    OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        enum=["json", "geojson"],
        description=(
            "`geojson` (or `Accept: application/geo+json`) answers an RFC 7946 "
            "FeatureCollection: `page_size` up to "
            f"{settings.API_GEOJSON_MAX_PAGE_SIZE} (default {GEOJSON_DEFAULT_PAGE_SIZE}), "
            "no `count`, memorials without coordinates left out."
        ),
        examples=[OpenApiExample("GeoJSON", value="geojson")],
    ),
    OpenApiParameter(
        "page",
        OpenApiTypes.INT,
        description="Page number, from 1.",
        examples=[OpenApiExample("Second page", value=2)],
    ),
    OpenApiParameter(
        "page_size",
        OpenApiTypes.INT,
        description=(
            f"Records per page, 1 to {settings.API_MAX_PAGE_SIZE} (GeoJSON: up to "
            f"{settings.API_GEOJSON_MAX_PAGE_SIZE}); larger values are refused with a 400."
        ),
        examples=[OpenApiExample("Fifty", value=50)],
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary="List memorials",
        parameters=LIST_PARAMETERS,
        responses={
            (200, "application/json"): MemorialListSerializer(many=True),
            (200, "application/geo+json"): OpenApiResponse(
                response=MemorialFeatureCollectionSerializer,
                description="GeoJSON FeatureCollection",
            ),
        },
    ),
    retrieve=extend_schema(summary="Read a memorial"),
    create=extend_schema(summary="Add a memorial (editors)"),
    update=extend_schema(summary="Replace a memorial (editors)"),
    partial_update=extend_schema(summary="Change a memorial (editors)"),
    destroy=extend_schema(summary="Delete a memorial (editors)"),
)
class MemorialViewSet(ConditionalRequestMixin, viewsets.ModelViewSet):
    """Memorial sites.

    - `GET memorials/`: 200 page (or GeoJSON, or a cursor walk); 400 on a bad filter.
      Anonymous clients and organisers see published memorials only.
    - `GET memorials/{slug}/`: 200, 304 with `If-None-Match`; 404 when unpublished and
      the client is not an editor.
    - `POST memorials/`: 201 with `Location` (editors); 400, 401, 403.
    - `PUT/PATCH memorials/{slug}/`: 200 (editors); 400, 401, 403, 404, 412 (`If-Match`).
    - `DELETE memorials/{slug}/`: 204 (editors); 401, 403, 404, 412.
    """

    lookup_field = "slug"
    serializer_class = MemorialSerializer
    filterset_class = MemorialFilterSet
    pagination_class = MemorialPagination
    etag_related_fields = ("historical_events__updated", "photos__updated")
    etag_related_models = (HistoricalEvent,)

    @cached_property
    def viewer_is_editor(self) -> bool:
        return is_editor(self.request.user)

    def get_queryset(self):
        queryset = Memorial.objects.all()
        if not self.viewer_is_editor:
            queryset = queryset.published()
        if self.action != "list":
            queryset = queryset.prefetch_related(ordered_events(), "photos")
        return queryset

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action == "list" or getattr(self, "action", None) is None:
            renderers.insert(1, GeoJSONRenderer())
        return renderers

    def get_serializer_class(self):
        if self.action == "list":
            return MemorialListSerializer
        return MemorialSerializer

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)

    # --- lists ----------------------------------------------------------------------
    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "geojson":
            return self.geojson_page()
        queryset = self.filter_queryset(self.get_queryset())
        rows = MemorialRows(request, with_distance=bool(request.query_params.get("near")))
        if "cursor" in request.query_params:
            return self.cursor_page(queryset, rows)
        count, etag, last = self.list_validators(queryset)
        not_modified = self.evaluate_preconditions(etag, last)
        if not_modified is not None:
            return not_modified
        page = self.paginator.paginate_queryset(rows.values(queryset), request, self, count=count)
        response = self.paginator.get_paginated_response(rows.render(page))
        return self.with_validators(response, etag, last)

    def cursor_page(self, queryset, rows: MemorialRows):
        """Keyset paging on (name, id), served by index memorial_pub_name. Two queries."""
        params = self.request.query_params
        for conflicting in ("page", "ordering"):
            if conflicting in params:
                raise ValidationError({conflicting: ["Cannot be combined with cursor."]})
        size = parse_page_size(self.request, self.paginator.page_size, self.paginator.max_page_size)
        after = decode_cursor(params["cursor"])
        if after is not None:
            name, pk = after
            queryset = queryset.filter(Q(name__gt=name) | Q(name=name, id__gt=pk))
        found = list(rows.values(queryset.order_by("name", "id"))[: size + 1])
        page = found[:size]
        next_url = None
        if len(found) > size:
            last = page[-1]
            next_url = self.page_url(cursor=encode_cursor(last["name"], last["id"]))
        return Response(
            {"count": None, "next": next_url, "previous": None, "results": rows.render(page)}
        )

    def geojson_page(self):
        """A FeatureCollection page in one query: page_size + 1 rows tell if more follow."""
        request = self.request
        size = parse_page_size(
            request,
            getattr(settings, "API_GEOJSON_PAGE_SIZE", GEOJSON_DEFAULT_PAGE_SIZE),
            settings.API_GEOJSON_MAX_PAGE_SIZE,
        )
        if "cursor" in request.query_params:
            raise ValidationError({"cursor": ["GeoJSON pages by page number."]})
        page = _page_number(request.query_params.get("page"))
        queryset = self.filter_queryset(self.get_queryset()).located()
        with_distance = bool(request.query_params.get("near"))
        fields = ["slug", "name", "kind", "status", "city", "country"]
        fields += ["latitude", "longitude", "location_precision"]
        if with_distance:
            fields.append("distance_km")
        offset = (page - 1) * size
        found = list(queryset.values(*fields)[offset : offset + size + 1])
        memorial_url = _url_prefix(request, "api:memorial-detail")
        features = []
        for row in found[:size]:
            properties = {
                "slug": row["slug"],
                "name": row["name"],
                "kind": row["kind"],
                "status": row["status"],
                "city": row["city"],
                "country": row["country"],
                "precision": row["location_precision"],
                "url": f"{memorial_url}{row['slug']}/",
            }
            if with_distance:
                properties["distance_km"] = row["distance_km"]
            features.append(
                {
                    "type": "Feature",
                    "id": row["slug"],
                    "geometry": {
                        "type": "Point",
                        "coordinates": [float(row["longitude"]), float(row["latitude"])],
                    },
                    "properties": properties,
                }
            )
        return Response(
            {
                "type": "FeatureCollection",
                "features": features,
                "next": self.page_url(page=page + 1) if len(found) > size else None,
                "previous": self.page_url(page=page - 1) if page > 1 else None,
            }
        )

    def page_url(self, **changes) -> str:
        params = self.request.query_params.copy()
        for key, value in changes.items():
            params[key] = value
        if changes.get("page") == 1:
            params.pop("page")
        return self.request.build_absolute_uri(
            f"{self.request.path}?{urlencode(sorted(params.lists()), doseq=True)}"
        )


def _page_number(raw: str | None) -> int:
    if raw in (None, ""):
        return 1
    try:
        page = int(raw)
    except ValueError:
        page = 0
    if page < 1:
        raise ValidationError({"page": ["Enter a whole number from 1."]})
    return page


@extend_schema_view(
    list=extend_schema(summary="List the photos of a memorial"),
    retrieve=extend_schema(summary="Read a photo"),
    create=extend_schema(summary="Add a photo (editors, multipart upload)"),
    update=extend_schema(summary="Replace a photo (editors)"),
    partial_update=extend_schema(summary="Change a photo (editors)"),
    destroy=extend_schema(summary="Delete a photo (editors)"),
)
class PhotoViewSet(ConditionalRequestMixin, viewsets.ModelViewSet):
    """Photos of one memorial, in their order.

    - `GET memorials/{memorial_slug}/photos/`: 200; 404 when the memorial is not visible.
    - `GET .../photos/{id}/`: 200, 304.
    - `POST .../photos/`: 201 with `Location` (editors; multipart with `image`); 400, 401, 403.
    - `PUT/PATCH/DELETE .../photos/{id}/`: 200/204 (editors); 401, 403, 404, 412.
    """

    serializer_class = PhotoSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filter_backends = []
    lookup_value_regex = "[0-9]+"
    etag_related_models = ()

    @cached_property
    def memorial(self) -> Memorial:
        memorials = Memorial.objects.all()
        if not is_editor(self.request.user):
            memorials = memorials.published()
        return get_object_or_404(memorials, slug=self.kwargs["memorial_slug"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Photo.objects.none()
        return Photo.objects.filter(memorial=self.memorial)

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        count, etag, last = self.list_validators(queryset)
        not_modified = self.evaluate_preconditions(etag, last)
        if not_modified is not None:
            return not_modified
        page = self.paginator.paginate_queryset(queryset, request, self, count=count)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        return self.with_validators(response, etag, last)

    def perform_create(self, serializer):
        serializer.save(memorial=self.memorial, created_by=self.request.user)

    def get_success_headers(self, data):
        return {
            "Location": self.request.build_absolute_uri(
                reverse(
                    "api:memorial-photo-detail",
                    kwargs={"memorial_slug": self.memorial.slug, "pk": data["id"]},
                )
            )
        }


HISTORICAL_EVENT_PARAMETERS = [
    OpenApiParameter(
        "country",
        OpenApiTypes.STR,
        description="ISO 3166-1 alpha-2 code, any case.",
        examples=[OpenApiExample("Azerbaijan", value="AZ")],
    ),
    OpenApiParameter(
        "starts_after",
        OpenApiTypes.DATE,
        description="Began on or after this day.",
        examples=[OpenApiExample("1990", value="1990-01-01")],
    ),
    OpenApiParameter(
        "starts_before",
        OpenApiTypes.DATE,
        description="Began on or before this day.",
        examples=[OpenApiExample("2000", value="1999-12-31")],
    ),
    OpenApiParameter(
        "search",
        OpenApiTypes.STR,
        description="Words in names, other names and places; case and accents ignored.",
        examples=[OpenApiExample("Azerbaijani spelling", value="Xocali")],
    ),
    OpenApiParameter(
        "ordering",
        OpenApiTypes.STR,
        enum=[f"{s}{n}" for n in ("start_date", "name", "updated") for s in ("", "-")],
        description="Sort order (default `start_date`).",
        examples=[OpenApiExample("By name", value="name")],
    ),
    OpenApiParameter("page", OpenApiTypes.INT, examples=[OpenApiExample("Second page", value=2)]),
    OpenApiParameter(
        "page_size",
        OpenApiTypes.INT,
        description=f"Records per page, 1 to {settings.API_MAX_PAGE_SIZE}.",
        examples=[OpenApiExample("Fifty", value=50)],
    ),
]


@extend_schema_view(
    list=extend_schema(summary="List historical events", parameters=HISTORICAL_EVENT_PARAMETERS),
    retrieve=extend_schema(summary="Read a historical event"),
    create=extend_schema(summary="Add a historical event (editors)"),
    update=extend_schema(summary="Replace a historical event (editors)"),
    partial_update=extend_schema(summary="Change a historical event (editors)"),
    destroy=extend_schema(
        summary="Delete a historical event (editors)",
        responses={
            204: None,
            409: OpenApiResponse(
                description="Anniversary events still commemorate it.",
                response=ProblemSerializer,
            ),
        },
    ),
)
class HistoricalEventViewSet(ConditionalRequestMixin, viewsets.ModelViewSet):
    """Historical events: what the memorials commemorate. Public, all of them.

    - `GET historical-events/`: 200 page; 400 on a bad filter.
    - `GET historical-events/{slug}/`: 200, 304 with `If-None-Match`; 404.
    - `POST historical-events/`: 201 with `Location` (editors); 400, 401, 403.
    - `PUT/PATCH historical-events/{slug}/`: 200 (editors); 400, 401, 403, 404, 412.
    - `DELETE historical-events/{slug}/`: 204 (editors); 409 while anniversary events
      commemorate it; 401, 403, 404, 412.
    """

    lookup_field = "slug"
    queryset = HistoricalEvent.objects.all()
    serializer_class = HistoricalEventSerializer
    filterset_class = HistoricalEventFilterSet

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        count, etag, last = self.list_validators(queryset)
        not_modified = self.evaluate_preconditions(etag, last)
        if not_modified is not None:
            return not_modified
        page = self.paginator.paginate_queryset(queryset, request, self, count=count)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        return self.with_validators(response, etag, last)

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)

    def perform_destroy(self, instance):
        try:
            instance.delete()
        except ProtectedError:
            raise Conflict(
                "Anniversary events still commemorate this historical event; "
                "move or delete them first."
            ) from None


def register_routes(router) -> None:
    """Add this app's viewsets to `router`."""
    router.register("memorials", MemorialViewSet, basename="memorial")
    router.register(
        r"memorials/(?P<memorial_slug>[-a-zA-Z0-9_]+)/photos",
        PhotoViewSet,
        basename="memorial-photo",
    )
    router.register("historical-events", HistoricalEventViewSet, basename="historicalevent")
