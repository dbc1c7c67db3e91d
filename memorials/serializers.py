"""API shapes of memorials, their photos and historical events.

Read and write shapes are the same serializer: server-owned values (`id`, `slug`,
`url`, timestamps) are read-only, and a memorial's commemorated events are read as
summaries (`historical_events`) and written as slugs (`commemorates`).
"""

import datetime
import re

from django.urls import reverse
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from core.api.serializers import ModelRulesMixin, SlugReferenceField
from core.models import DatePrecision, LocationPrecision, format_partial_date
from memorials.models import HistoricalEvent, Memorial, Photo

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def partial_date_parts(value: str) -> tuple[datetime.date, str]:
    """`2007` → (2007-01-01, year); `2007-05` → (2007-05-01, month); a full date → day."""
    match = _PARTIAL_DATE.match(value or "")
    if match is None:
        raise ValueError(value)
    year, month, day = match.groups()
    date = datetime.date(int(year), int(month or 1), int(day or 1))
    if day:
        return date, DatePrecision.DAY
    return date, DatePrecision.MONTH if month else DatePrecision.YEAR


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
        "description": "ISO 8601 at the known precision: `2007`, `2007-05` or `2007-05-03`.",
        "example": "2007",
    }
)
class PartialDateField(serializers.Field):
    """A date known to the year, month or day, stored as `<name>_on` + `<name>_on_precision`."""

    def __init__(self, date_field: str, precision_field: str, **kwargs):
        self.date_field, self.precision_field = date_field, precision_field
        kwargs.setdefault("allow_null", True)
        super().__init__(source="*", **kwargs)

    def to_representation(self, instance):
        return format_partial(
            getattr(instance, self.date_field), getattr(instance, self.precision_field)
        )

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            date, precision = partial_date_parts(data)
        except ValueError:
            self.fail("invalid")
        return {self.date_field: date, self.precision_field: precision}

    def validate_empty_values(self, data):
        if data is None:
            return True, {self.date_field: None, self.precision_field: DatePrecision.DAY}
        return super().validate_empty_values(data)

    default_error_messages = {"invalid": "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD."}


def format_partial(value: datetime.date | None, precision: str) -> str | None:
    """`format_partial_date`, with null for an unknown date."""
    return format_partial_date(value, precision) if value is not None else None


class CountryField(serializers.ChoiceField):
    """An ISO 3166-1 alpha-2 code; read as the code (`""` when unknown)."""

    def __init__(self, **kwargs):
        super().__init__(choices=list(countries), **kwargs)

    def to_representation(self, value):
        return str(getattr(value, "code", value) or "")

    def to_internal_value(self, data):
        return super().to_internal_value(data.upper() if isinstance(data, str) else data)


class HistoricalEventSummarySerializer(serializers.ModelSerializer):
    """A commemorated event as it appears inside other records."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:historicalevent-detail", lookup_field="slug"
    )

    class Meta:
        model = HistoricalEvent
        fields = ["slug", "name", "url"]
        read_only_fields = fields


class CoordinatesSerializer(serializers.Serializer):
    """WGS 84 coordinates in degrees; both or neither (null)."""

    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=-90, max_value=90, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=-180, max_value=180, allow_null=True
    )


class LocationSerializer(CoordinatesSerializer):
    """Where a memorial stands, and how exactly the coordinates mark it."""

    precision = serializers.ChoiceField(
        source="location_precision",
        choices=LocationPrecision.choices,
        default=LocationPrecision.EXACT,
        help_text="How exactly the coordinates mark the site.",
    )


class PhotoSerializer(ModelRulesMixin, serializers.ModelSerializer):
    """A photo of a memorial with the credit its licence needs."""

    class Meta:
        model = Photo
        fields = [
            "id",
            "image",
            "alt_text",
            "caption",
            "credit",
            "licence",
            "source_url",
            "order",
            "created",
            "updated",
        ]
        read_only_fields = ["id", "created", "updated"]

    def model_clean_exclude(self, model):
        # The memorial comes from the URL and is set by the view after validation.
        return [*super().model_clean_exclude(model), "memorial"]


class PhotoChangeSerializer(PhotoSerializer):
    """A change to a photo's text and credit, sent as JSON (PATCH); a new file is a PUT."""

    class Meta(PhotoSerializer.Meta):
        read_only_fields = [*PhotoSerializer.Meta.read_only_fields, "image"]


class MemorialListSerializer(serializers.ModelSerializer):
    """A memorial in a list: what a map or a directory page needs.

    The list endpoint builds this shape from `.values()` rows (see
    `memorials.rows.MemorialRows`); tests keep the two identical.
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:memorial-detail", lookup_field="slug")
    other_names = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        help_text="Other names and spellings, one per entry.",
    )
    web_url = serializers.SerializerMethodField(
        help_text="The public page, once the pages exist; null until then."
    )
    country = CountryField()
    location = LocationSerializer(source="*")
    unveiled = PartialDateField("unveiled_on", "unveiled_on_precision", required=False)
    unveiled_precision = serializers.ChoiceField(
        source="unveiled_on_precision", choices=DatePrecision.choices, read_only=True
    )
    historical_events = HistoricalEventSummarySerializer(many=True, read_only=True)
    distance_km = serializers.SerializerMethodField(
        help_text="Great-circle distance from `near`, in kilometres; null without `near`."
    )

    class Meta:
        model = Memorial
        fields = [
            "id",
            "slug",
            "url",
            "web_url",
            "name",
            "other_names",
            "kind",
            "status",
            "address",
            "city",
            "country",
            "location",
            "unveiled",
            "unveiled_precision",
            "historical_events",
            "is_published",
            "created",
            "updated",
            "distance_km",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_web_url(self, instance) -> str | None:
        return None

    @extend_schema_field({"type": "number", "format": "double", "nullable": True})
    def get_distance_km(self, instance) -> float | None:
        return getattr(instance, "distance_km", None)


class PhotoSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Photo
        fields = ["id", "image", "alt_text", "caption", "credit", "licence"]
        read_only_fields = fields


_LIST_ONLY = {"created", "updated", "distance_km"}


class MemorialSerializer(ModelRulesMixin, MemorialListSerializer):
    """A whole memorial. `commemorates` (slugs) sets what `historical_events` shows."""

    location = LocationSerializer(source="*", required=False)
    commemorates = SlugReferenceField(
        source="historical_events",
        slug_field="slug",
        queryset=HistoricalEvent.objects.all(),
        many=True,
        required=False,
        write_only=True,
        help_text="Slugs of the historical events this memorial commemorates.",
    )
    photos = PhotoSummarySerializer(many=True, read_only=True)
    photos_url = serializers.SerializerMethodField()

    class Meta:
        model = Memorial
        fields = [
            *(f for f in MemorialListSerializer.Meta.fields if f not in _LIST_ONLY),
            "commemorates",
            "description",
            "inscription",
            "inscription_language",
            "designer",
            "website",
            "visiting_information",
            "accessibility",
            "wikidata_id",
            "openstreetmap_id",
            "photos",
            "photos_url",
            "created",
            "updated",
        ]
        read_only_fields = ["id", "slug", "created", "updated"]
        extra_kwargs = {"is_published": {"required": False}}

    @extend_schema_field(OpenApiTypes.URI)
    def get_photos_url(self, instance) -> str:
        path = reverse("api:memorial-photo-list", kwargs={"memorial_slug": instance.slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class HistoricalEventSerializer(ModelRulesMixin, serializers.ModelSerializer):
    """A historical event, with the published memorials that commemorate it."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:historicalevent-detail", lookup_field="slug"
    )
    web_url = serializers.SerializerMethodField(
        help_text="The public page, once the pages exist; null until then."
    )
    other_names = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        help_text="Other names, spellings and translations, one per entry.",
    )
    country = CountryField(allow_blank=True, required=False)
    location = CoordinatesSerializer(source="*", required=False)
    memorials_url = serializers.SerializerMethodField(
        help_text="The memorial list filtered to this event."
    )

    class Meta:
        model = HistoricalEvent
        fields = [
            "id",
            "slug",
            "url",
            "web_url",
            "name",
            "other_names",
            "start_date",
            "end_date",
            "place_name",
            "country",
            "location",
            "summary",
            "description",
            "wikidata_id",
            "memorials_url",
            "created",
            "updated",
        ]
        read_only_fields = ["id", "slug", "created", "updated"]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_web_url(self, instance) -> str | None:
        return None

    @extend_schema_field(OpenApiTypes.URI)
    def get_memorials_url(self, instance) -> str:
        path = f"{reverse('api:memorial-list')}?commemorates={instance.slug}"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class GeoJSONPointSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Point"])
    coordinates = serializers.ListField(
        child=serializers.FloatField(),
        min_length=2,
        max_length=2,
        help_text="[longitude, latitude] in degrees (WGS 84).",
    )


class MemorialFeaturePropertiesSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Memorial.Kind.choices)
    status = serializers.ChoiceField(choices=Memorial.Status.choices)
    city = serializers.CharField(allow_blank=True)
    country = serializers.CharField()
    precision = serializers.ChoiceField(choices=LocationPrecision.choices)
    url = serializers.URLField()
    distance_km = serializers.FloatField(required=False, help_text="Only with `near`.")


class MemorialFeatureSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.SlugField(help_text="The memorial's slug.")
    geometry = GeoJSONPointSerializer()
    properties = MemorialFeaturePropertiesSerializer()


@extend_schema_serializer(many=False)
class MemorialFeatureCollectionSerializer(serializers.Serializer):
    """RFC 7946 FeatureCollection of the memorials on a page that have coordinates
    (memorials without coordinates are left out). `next` and `previous` are foreign
    members linking to the neighbouring pages; there is no count."""

    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = MemorialFeatureSerializer(many=True)
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
