"""API viewsets of this app, registered on the `api/v1/` router by `register_routes`.

The memorial list answers from `.values()` rows (`memorials.rows`); every other answer
goes through the serializers. Filters are documented by their FilterSets
(`memorials.filters`); the memorial list's paging and format parameters below.
"""

from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
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
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from core.api.conditional import ConditionalRequestMixin
from core.api.geojson import feature_collection
from core.api.pagination import PageNumberPagination, parse_page_size
from core.api.renderers import GeoJSONRenderer
from core.api.schema import read_write_schema
from core.api.serializers import ProblemSerializer
from core.api.viewsets import AccessPolicyPermission, ResourceViewSet
from memorials.filters import HistoricalEventFilterSet, MemorialFilterSet
from memorials.models import HistoricalEvent, Memorial, Photo
from memorials.rows import MemorialFeatures, MemorialRows, decode_cursor, encode_cursor
from memorials.serializers import (
    HistoricalEventSerializer,
    HistoricalEventWriteSerializer,
    MemorialFeatureCollectionSerializer,
    MemorialListSerializer,
    MemorialSerializer,
    MemorialWriteSerializer,
    PhotoChangeSerializer,
    PhotoSerializer,
)

GEOJSON_DEFAULT_PAGE_SIZE = 1000

# The memorial list's parameters that are not filters (those document themselves from
# MemorialFilterSet): how to walk it and in which representation.
PAGE_AND_FORMAT_PARAMETERS = [
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
        "page_size",
        OpenApiTypes.INT,
        description=(
            f"Records per page, 1 to {settings.API_MAX_PAGE_SIZE} (GeoJSON: up to "
            f"{settings.API_GEOJSON_MAX_PAGE_SIZE}); larger values are refused with a 400."
        ),
        examples=[OpenApiExample("Fifty", value=50)],
    ),
]


def ordered_events():
    return Prefetch(
        "historical_events",
        queryset=HistoricalEvent.objects.order_by("start_date", "sort_name", "id"),
    )


class MemorialPagination(PageNumberPagination):
    count_description = (
        f"{PageNumberPagination.count_description} Always null when walking with `cursor`."
    )


@read_write_schema(write=MemorialWriteSerializer, read=MemorialSerializer)
@extend_schema_view(
    list=extend_schema(
        summary="List memorials",
        parameters=PAGE_AND_FORMAT_PARAMETERS,
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
class MemorialViewSet(ResourceViewSet):
    """Memorial sites.

    - `GET memorials/`: 200 page (or GeoJSON, or a cursor walk), each with `ETag` and
      `Last-Modified`; 304 with `If-None-Match`; 400 on a bad filter. Anonymous clients
      and organisers see published memorials only.
    - `GET memorials/{slug}/`: 200, 304 with `If-None-Match`; 404 when unpublished and
      the client is not an editor.
    - `POST memorials/`: 201 with `Location` (editors); 400, 401, 403.
    - `PUT/PATCH memorials/{slug}/`: 200 (editors); 400, 401, 403, 404, 412 (`If-Match`).
    - `DELETE memorials/{slug}/`: 204 (editors); 401, 403, 404, 412.
    """

    model = Memorial
    read_serializer_class = MemorialSerializer
    write_serializer_class = MemorialWriteSerializer
    filterset_class = MemorialFilterSet
    pagination_class = MemorialPagination
    etag_related_fields = ("historical_events__updated", "photos__updated")
    etag_related_models = (HistoricalEvent,)

    def get_queryset(self):
        queryset = super().get_queryset()
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
        return super().get_serializer_class()

    # --- lists ----------------------------------------------------------------------
    # Every representation answers through `conditional_list`: one aggregate gives the
    # count and the validators (the ETag names the representation, the audience and the
    # query), then the page. A page costs 3 queries (aggregate, rows, event summaries),
    # a cursor page 3, a GeoJSON page 2, a 304 one.
    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "geojson":
            return self.geojson_page()
        queryset = self.filter_queryset(self.get_queryset())
        rows = MemorialRows(request, with_distance=bool(request.query_params.get("near")))
        if "cursor" in request.query_params:
            return self.cursor_page(queryset, rows)
        return self.conditional_page(queryset, rows=rows.values, render=rows.render)

    def cursor_page(self, queryset, rows: MemorialRows):
        """Keyset paging on (sort_name, id), served by index memorial_pub_name. The validators
        cover the rows from the cursor on: what this page and the rest of the walk show."""
        params = self.request.query_params
        for conflicting in ("page", "ordering"):
            if conflicting in params:
                raise ValidationError({conflicting: ["Cannot be combined with cursor."]})
        size = parse_page_size(self.request, self.paginator.page_size, self.paginator.max_page_size)
        after = decode_cursor(params["cursor"])
        walk = queryset
        if after is not None:
            name, pk = after
            # (sort_name, id) > (name, pk), with `sort_name >= name` spelled out so that
            # counting the rest of the walk reads a range of the index, not all of it.
            walk = walk.filter(sort_name__gte=name).filter(Q(sort_name__gt=name) | Q(id__gt=pk))

        def page(count: int) -> Response:
            found = list(
                rows.values(walk.order_by("sort_name", "id"), extra=("sort_name",))[: size + 1]
            )
            items = found[:size]
            next_url = None
            if len(found) > size:
                last = items[-1]
                next_url = self.page_url(cursor=encode_cursor(last["sort_name"], last["id"]))
            return Response(
                {"count": None, "next": next_url, "previous": None, "results": rows.render(items)}
            )

        return self.conditional_list(walk, page, paged=False, counted=False)

    def geojson_page(self):
        """A FeatureCollection page of the memorials with coordinates: page_size + 1 rows
        tell whether more follow, so there is no count. The validators cover the whole
        filtered list, located or not: a change to any of those changes the ETag, and
        the aggregate reads an index instead of every row's coordinates."""
        request = self.request
        size = parse_page_size(
            request,
            getattr(settings, "API_GEOJSON_PAGE_SIZE", GEOJSON_DEFAULT_PAGE_SIZE),
            settings.API_GEOJSON_MAX_PAGE_SIZE,
        )
        if "cursor" in request.query_params:
            raise ValidationError({"cursor": ["GeoJSON pages by page number."]})
        number = _page_number(request.query_params.get("page"))
        queryset = self.filter_queryset(self.get_queryset())
        features = MemorialFeatures(request, with_distance=bool(request.query_params.get("near")))

        def page(count: int) -> Response:
            offset = (number - 1) * size
            found = list(features.values(queryset.located())[offset : offset + size + 1])
            return Response(
                feature_collection(
                    features.render(found[:size]),
                    next=self.page_url(page=number + 1) if len(found) > size else None,
                    previous=self.page_url(page=number - 1) if number > 1 else None,
                )
            )

        return self.conditional_list(queryset, page, paged=False, counted=False)

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
    - `PUT .../photos/{id}/` (multipart with `image`), `PATCH` (JSON), `DELETE`: 200/204
      (editors); 401, 403, 404, 412.
    """

    serializer_class = PhotoSerializer
    permission_classes = [AccessPolicyPermission]
    filter_backends = []
    lookup_value_regex = "[0-9]+"
    etag_related_models = ()

    def get_parsers(self):
        # Called before `self.action` is set: the action comes from the method.
        method = getattr(self.request, "method", None)
        action = self.action_map.get(method.lower()) if method else getattr(self, "action", None)
        if action in {"create", "update"}:  # both send the image file
            return [MultiPartParser()]
        return super().get_parsers()

    def get_serializer_class(self):
        return PhotoChangeSerializer if self.action == "partial_update" else PhotoSerializer

    @cached_property
    def memorial(self) -> Memorial:
        memorials = Memorial.objects.visible_to(self.request.user)
        return get_object_or_404(memorials, slug=self.kwargs["memorial_slug"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Photo.objects.none()
        return Photo.objects.visible_to(self.request.user).filter(memorial=self.memorial)

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


@read_write_schema(write=HistoricalEventWriteSerializer, read=HistoricalEventSerializer)
@extend_schema_view(
    list=extend_schema(summary="List historical events"),
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
class HistoricalEventViewSet(ResourceViewSet):
    """Historical events: what the memorials commemorate. Public, all of them.

    - `GET historical-events/`: 200 page; 400 on a bad filter.
    - `GET historical-events/{slug}/`: 200, 304 with `If-None-Match`; 404.
    - `POST historical-events/`: 201 with `Location` (editors); 400, 401, 403.
    - `PUT/PATCH historical-events/{slug}/`: 200 (editors); 400, 401, 403, 404, 412.
    - `DELETE historical-events/{slug}/`: 204 (editors); 409 while anniversary events
      commemorate it; 401, 403, 404, 412.
    """

    model = HistoricalEvent
    read_serializer_class = HistoricalEventSerializer
    write_serializer_class = HistoricalEventWriteSerializer
    filterset_class = HistoricalEventFilterSet
    still_in_use_detail = (
        "Anniversary events still commemorate this historical event; move or delete them first."
    )


def register_routes(router) -> None:
    """Add this app's viewsets to `router`."""
    router.register("memorials", MemorialViewSet, basename="memorial")
    router.register(
        r"memorials/(?P<memorial_slug>[-a-zA-Z0-9_]+)/photos",
        PhotoViewSet,
        basename="memorial-photo",
    )
    router.register("historical-events", HistoricalEventViewSet, basename="historicalevent")
