"""Fields every resource serializer shares: its API address (`url`), its public page
(`web_url`), summaries of related records, country codes, coordinates and optional
links.

The API builds its own links from the router's route names (`api:<basename>-detail`);
no model method returns an `/api/` route.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import LocationPrecision


def absolute_url(serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


def detail_url_prefix(request, basename: str) -> str:
    """The absolute API address of a `basename` record up to its slug, for fast paths
    that add the slug themselves (`f"{prefix}{slug}/"`): what `ApiUrlField` gives."""
    return page_url_prefix(request, f"api:{basename}-detail")


def page_url_prefix(request, view_name: str) -> str:
    """The absolute address of `view_name` (whose one argument is a slug) up to the slug:
    what `WebUrlField` gives for a record's public page when `view_name` is its model's
    `page_url_name`."""
    return request.build_absolute_uri(
        _detail_path_prefix(view_name, get_script_prefix(), get_urlconf(settings.ROOT_URLCONF))
    )


@functools.cache
def _detail_path_prefix(view_name: str, script_prefix: str, urlconf) -> str:
    """Reversed once per process for each script prefix and URLconf, which are all
    the path depends on."""
    return reverse(view_name, kwargs={"slug": "slug"}, urlconf=urlconf)[: -len("slug/")]


class ApiUrlField(serializers.HyperlinkedIdentityField):
    """The record's absolute API address, `api:<basename>-detail` by slug."""

    def __init__(self, basename: str, **kwargs):
        kwargs.setdefault("help_text", "This record in the API.")
        super().__init__(view_name=f"api:{basename}-detail", lookup_field="slug", **kwargs)


@extend_schema_field({"type": "string", "format": "uri"})
class WebUrlField(serializers.ReadOnlyField):
    """The record's public page (its `get_absolute_url`), as an absolute URL."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("help_text", "The record's page on the public site.")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return absolute_url(self, value.get_absolute_url())


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class OptionalUrlField(serializers.ReadOnlyField):
    """A web address, or null when there is none (never an empty string)."""

    def to_representation(self, value):
        return value or None


@extend_schema_field({"type": "string", "format": "email", "nullable": True})
class OptionalEmailField(serializers.ReadOnlyField):
    """An e-mail address, or null when there is none."""

    def to_representation(self, value):
        return value or None


class CountryField(serializers.ChoiceField):
    """An ISO 3166-1 alpha-2 code, any case on write; read as the code (`""` when
    unknown)."""

    def __init__(self, **kwargs):
        super().__init__(choices=list(countries), **kwargs)

    def to_representation(self, value):
        return str(getattr(value, "code", value) or "")

    def to_internal_value(self, data):
        return super().to_internal_value(data.upper() if isinstance(data, str) else data)


class LatitudeField(serializers.DecimalField):
    """WGS 84 latitude in degrees, -90 to 90, to the millionth (the models' `9,6`)."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=9, decimal_places=6, min_value=-90, max_value=90, **kwargs)


class LongitudeField(serializers.DecimalField):
    """WGS 84 longitude in degrees, -180 to 180, to the millionth."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=9, decimal_places=6, min_value=-180, max_value=180, **kwargs)


class CoordinatesSerializer(serializers.Serializer):
    """WGS 84 coordinates in degrees, `{latitude, longitude}`; both or neither (null).
    Used with `source="*"` on a model with `latitude` and `longitude` fields; the
    model's `clean()` names the missing partner."""

    latitude = LatitudeField(allow_null=True)
    longitude = LongitudeField(allow_null=True)


class LocationSerializer(CoordinatesSerializer):
    """Coordinates and how exactly they mark the place (`location_precision`)."""

    precision = serializers.ChoiceField(
        source="location_precision",
        choices=LocationPrecision.choices,
        default=LocationPrecision.EXACT,
        help_text="How exactly the coordinates mark the site.",
    )


class SummarySerializer(serializers.Serializer):
    """A related record in short: `{slug, name, url}`. Subclasses name the resource's
    route `basename` and, when the name is another attribute, `name_source`."""

    basename: str
    name_source = "name"

    def get_fields(self):
        return {
            "slug": serializers.SlugField(read_only=True),
            "name": serializers.CharField(
                read_only=True,
                **({} if self.name_source == "name" else {"source": self.name_source}),
            ),
            "url": ApiUrlField(self.basename),
        }


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "slug": {"type": "string"},
                "name": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
            },
            "required": ["slug", "name", "url"],
        },
    }
)
class SummaryListField(serializers.ReadOnlyField):
    """A JSON list of {slug, name} annotated in the record's own query (see
    `core.db.related_summaries`), shown as summaries with their API address, sorted by
    name."""

    def __init__(self, basename: str, **kwargs):
        self.basename = basename
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return super().get_attribute(instance) or []  # no related rows: SQL NULL

    def to_representation(self, value):
        return [
            {
                "slug": item["slug"],
                "name": item["name"],
                "url": absolute_url(
                    self.parent, reverse(f"api:{self.basename}-detail", args=[item["slug"]])
                ),
            }
            for item in sorted(value or [], key=lambda item: (item["name"], item["slug"]))
        ]
