"""Query parameters of the memorial and historical event lists, as documented in the
OpenAPI schema (the FilterSets validate them; these add examples and enums)."""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter

from memorials.models import Memorial

GEOJSON_DEFAULT_PAGE_SIZE = 1000

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
