"""API shapes of memorials, their photos and historical events.

Each resource has a read serializer (what every answer shows) and a write serializer
(what an editor may set), as in `events.serializers`. Server-owned fields (`id`,
`slug`, `url`, timestamps, the creator) are in no write shape: a client that sends them
is ignored, as with any unknown field. A memorial's commemorated events are read as
summaries (`historical_events`) and written as slugs (`commemorates`).
"""

import datetime
import re

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import (
    ApiUrlField,
    CoordinatesSerializer,
    CountryField,
    LocationSerializer,
    SummarySerializer,
    WebUrlField,
    absolute_url,
)
from core.api.geojson import FeatureCollectionSerializer, FeatureSerializer
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
        # Months 01-12 and days 01-31; a day past its month's end (2007-02-30) is
        # refused with a 400 the pattern cannot foresee.
        "pattern": r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$",
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


class HistoricalEventSummarySerializer(SummarySerializer):
    """A commemorated event as it appears inside other records: `{slug, name, url}`."""

    basename = "historicalevent"


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

    url = ApiUrlField("memorial")
    web_url = WebUrlField()
    other_names = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Other names and spellings, one per entry.",
    )
    country = CountryField(read_only=True)
    location = LocationSerializer(source="*", read_only=True)
    unveiled = PartialDateField("unveiled_on", "unveiled_on_precision", read_only=True)
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

    @extend_schema_field({"type": "number", "format": "double", "nullable": True})
    def get_distance_km(self, instance) -> float | None:
        return getattr(instance, "distance_km", None)


class PhotoSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Photo
        fields = ["id", "image", "alt_text", "caption", "credit", "licence"]
        read_only_fields = fields


_LIST_ONLY = {"created", "updated", "distance_km"}


class MemorialSerializer(MemorialListSerializer):
    """A whole memorial as every reader sees it: the list shape (without `distance_km`)
    plus its description, links and photos.

    Needs the commemorated events (in their order) and the photos prefetched.
    """

    # `""` when there is none (memorial answers always said so; OptionalUrlField says null).
    website = serializers.URLField(read_only=True, allow_blank=True)
    photos = PhotoSummarySerializer(many=True, read_only=True)
    photos_url = serializers.SerializerMethodField()

    class Meta:
        model = Memorial
        fields = [
            *(f for f in MemorialListSerializer.Meta.fields if f not in _LIST_ONLY),
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
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_photos_url(self, instance) -> str:
        return absolute_url(
            self, reverse("api:memorial-photo-list", kwargs={"memorial_slug": instance.slug})
        )


class MemorialWriteSerializer(ModelRulesMixin, serializers.ModelSerializer):
    """What an editor may set on a memorial. `commemorates` (slugs) sets what
    `historical_events` shows; `location` and `unveiled` are written as they are read."""

    other_names = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        help_text="Other names and spellings, one per entry.",
    )
    country = CountryField()
    location = LocationSerializer(source="*", required=False)
    unveiled = PartialDateField("unveiled_on", "unveiled_on_precision", required=False)
    commemorates = SlugReferenceField(
        source="historical_events",
        slug_field="slug",
        queryset=HistoricalEvent.objects.all(),
        many=True,
        required=False,
        help_text="Slugs of the historical events this memorial commemorates.",
    )

    class Meta:
        model = Memorial
        fields = [
            "name",
            "other_names",
            "kind",
            "status",
            "address",
            "city",
            "country",
            "location",
            "unveiled",
            "is_published",
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
        ]
        extra_kwargs = {"is_published": {"required": False}}


class HistoricalEventSerializer(serializers.ModelSerializer):
    """A historical event as every reader sees it, with a link to the published
    memorials that commemorate it."""

    url = ApiUrlField("historicalevent")
    web_url = WebUrlField()
    other_names = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Other names, spellings and translations, one per entry.",
    )
    country = CountryField(read_only=True, allow_blank=True)
    location = CoordinatesSerializer(source="*", read_only=True)
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
            "start_date_precision",
            "end_date",
            "remembered_on",
            "leap_day",
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
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_memorials_url(self, instance) -> str:
        return absolute_url(self, f"{reverse('api:memorial-list')}?commemorates={instance.slug}")


class HistoricalEventWriteSerializer(ModelRulesMixin, serializers.ModelSerializer):
    """What an editor may set on a historical event."""

    other_names = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        help_text="Other names, spellings and translations, one per entry.",
    )
    country = CountryField(allow_blank=True, required=False)
    location = CoordinatesSerializer(source="*", required=False)

    class Meta:
        model = HistoricalEvent
        fields = [
            "name",
            "other_names",
            "start_date",
            "start_date_precision",
            "end_date",
            "remembered_on",
            "leap_day",
            "place_name",
            "country",
            "location",
            "summary",
            "description",
            "wikidata_id",
        ]


# --- GeoJSON (documentation of `memorials.rows.MemorialFeatures`) -------------------------
class MemorialFeaturePropertiesSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Memorial.Kind.choices)
    status = serializers.ChoiceField(choices=Memorial.Status.choices)
    city = serializers.CharField(allow_blank=True)
    country = serializers.CharField()
    precision = serializers.ChoiceField(choices=LocationPrecision.choices)
    url = serializers.URLField(help_text="The memorial in the API.")
    web_url = serializers.URLField(help_text="The memorial's page on the public site.")
    distance_km = serializers.FloatField(required=False, help_text="Only with `near`.")


class MemorialFeatureSerializer(FeatureSerializer):
    """A memorial with coordinates as a GeoJSON Feature."""

    properties = MemorialFeaturePropertiesSerializer()


class MemorialFeatureCollectionSerializer(FeatureCollectionSerializer):
    """RFC 7946 FeatureCollection of the memorials on a page that have coordinates
    (memorials without coordinates are left out). `next` and `previous` are foreign
    members linking to the neighbouring pages; there is no count."""

    features = MemorialFeatureSerializer(many=True)
