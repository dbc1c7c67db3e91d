"""API shapes of anniversary events and organisations.

Each resource has a read serializer (what every answer shows) and, where clients may
write, a write serializer (what a request may set). Related records are read as small
summaries `{slug, name, url}` and written as slugs. Server-owned fields (`id`, `slug`,
`created`, `updated`, the creator) are not part of any write shape: a client that sends
them is ignored, as with any unknown field.
"""

import datetime

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import (
    ApiUrlField,
    LatitudeField,
    LongitudeField,
    OptionalEmailField,
    OptionalUrlField,
    SummarySerializer,
    WebUrlField,
)
from core.api.serializers import ModelRulesMixin, SlugReferenceField
from core.timezones import zone_named
from events.models import AnniversaryEvent, Organisation
from memorials.models import HistoricalEvent, Memorial
from memorials.serializers import HistoricalEventSummarySerializer

Status = AnniversaryEvent.Status


class MemorialSummarySerializer(SummarySerializer):
    basename = "memorial"


class OrganisationSummarySerializer(SummarySerializer):
    basename = "organisation"


def zoned_iso(value: datetime.datetime | None, zone: datetime.tzinfo | None) -> str | None:
    """A moment as ISO 8601 in `zone` (None: as it is), `Z` for UTC: what DRF's
    DateTimeField shows in its default format."""
    if value is None:
        return None
    if zone is not None:
        value = value.astimezone(zone)
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


@extend_schema_field(OpenApiTypes.DATETIME)
class ZonedDateTimeField(serializers.DateTimeField):
    """Read: the moment in the event's own time zone, with its offset
    (`2030-02-26T11:00:00+01:00`). Write: an ISO 8601 datetime that states its offset;
    a datetime without one is refused rather than guessed."""

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        if value is None:
            return None
        return value.astimezone(zone_named(instance.time_zone))

    def to_representation(self, value):
        if value is None:
            return None
        return zoned_iso(value, None)

    def to_internal_value(self, value):
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None
            if parsed is not None and parsed.tzinfo is None:
                raise serializers.ValidationError(
                    _("Give the UTC offset, e.g. 2030-02-26T10:00:00+01:00."), code="no_offset"
                )
        return super().to_internal_value(value)


# --- organisations -------------------------------------------------------------------


class OrganisationSerializer(serializers.ModelSerializer):
    """An organisation. Its contact address is public: it is the published contact for
    the events it holds."""

    url = ApiUrlField("organisation")
    web_url = WebUrlField()
    website = OptionalUrlField()
    contact_email = OptionalEmailField()
    country = CountryField(required=False, allow_blank=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "slug",
            "url",
            "web_url",
            "created",
            "updated",
            "name",
            "website",
            "contact_email",
            "country",
        ]
        read_only_fields = ["id", "slug", "created", "updated"]


class OrganisationWriteSerializer(ModelRulesMixin, serializers.ModelSerializer):
    country = CountryField(required=False, allow_blank=True)

    class Meta:
        model = Organisation
        fields = ["name", "website", "contact_email", "country"]


# --- anniversary events --------------------------------------------------------------


class VenueSerializer(serializers.Serializer):
    """Where the event takes place when not (only) at a memorial."""

    name = serializers.CharField(
        source="venue_name", max_length=200, required=False, allow_blank=True
    )
    address = serializers.CharField(
        source="venue_address", max_length=300, required=False, allow_blank=True
    )
    city = serializers.CharField(
        source="venue_city", max_length=120, required=False, allow_blank=True
    )
    country = CountryField(source="venue_country", required=False, allow_blank=True)
    # Flat, next to the address: the shared coordinate fields, not CoordinatesSerializer.
    latitude = LatitudeField(source="venue_latitude", required=False, allow_null=True)
    longitude = LongitudeField(source="venue_longitude", required=False, allow_null=True)


class AnniversaryEventSerializer(serializers.ModelSerializer):
    """An anniversary event as every reader sees it.

    Needs `AnniversaryEvent.objects.with_summaries(user)`, which loads `historical_event`,
    `memorial` and `organisation` in the same query and says whether the reader may see
    the memorial: one the reader may not see shows as null.
    """

    url = ApiUrlField("anniversaryevent")
    web_url = WebUrlField()
    historical_event = HistoricalEventSummarySerializer(read_only=True)
    memorial = serializers.SerializerMethodField()
    organisation = OrganisationSummarySerializer(read_only=True)
    venue = VenueSerializer(source="*", read_only=True)
    online_url = OptionalUrlField()
    registration_url = OptionalUrlField()
    starts_at = ZonedDateTimeField(read_only=True)
    ends_at = ZonedDateTimeField(read_only=True)
    anniversary = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Years since the commemorated event began, e.g. 23 for 2015 and 1992.",
    )

    class Meta:
        model = AnniversaryEvent
        fields = [
            "id",
            "slug",
            "url",
            "web_url",
            "created",
            "updated",
            "title",
            "historical_event",
            "memorial",
            "venue",
            "online_url",
            "starts_at",
            "ends_at",
            "time_zone",
            "anniversary",
            "organisation",
            "description",
            "status",
            "cancellation_note",
            "registration_url",
            "language",
        ]
        read_only_fields = fields

    @extend_schema_field(MemorialSummarySerializer(allow_null=True))
    def get_memorial(self, event):
        memorial = event.memorial
        if memorial is None or not event.memorial_is_visible:
            return None
        return MemorialSummarySerializer(memorial, context=self.context).data


class AnniversaryEventWriteSerializer(ModelRulesMixin, serializers.ModelSerializer):
    """What a client may set on an event. Relations are slugs.

    Organisers (who cannot publish) may only use draft and submitted, may not set a
    cancellation note, and may only choose organisations they belong to. Cancelling
    needs a `cancellation_note`; leaving the cancelled status clears the note (the model
    does, on every save).
    """

    historical_event = SlugReferenceField(slug_field="slug", queryset=HistoricalEvent.objects.all())
    memorial = SlugReferenceField(
        slug_field="slug", queryset=Memorial.objects.all(), required=False, allow_null=True
    )
    organisation = SlugReferenceField(slug_field="slug", queryset=Organisation.objects.all())
    venue = VenueSerializer(source="*", required=False)
    starts_at = ZonedDateTimeField()
    ends_at = ZonedDateTimeField()

    class Meta:
        model = AnniversaryEvent
        fields = [
            "title",
            "historical_event",
            "memorial",
            "venue",
            "online_url",
            "starts_at",
            "ends_at",
            "time_zone",
            "organisation",
            "description",
            "status",
            "cancellation_note",
            "registration_url",
            "language",
        ]

    @property
    def _user(self):
        return self.context["request"].user

    def _stored_status(self) -> str:
        return self.instance.status if self.instance is not None else Status.DRAFT

    def validate_status(self, value):
        allowed = AnniversaryEvent.allowed_statuses(self._user, current=self._stored_status())
        if value not in allowed:
            raise serializers.ValidationError(_("Only editors can publish or cancel an event."))
        return value

    def validate_cancellation_note(self, value):
        stored = self.instance.cancellation_note if self.instance is not None else ""
        if value != stored and not AnniversaryEvent.can_publish(self._user):
            raise serializers.ValidationError(_("Only editors can cancel an event."))
        return value

    def validate_organisation(self, value):
        if not Organisation.objects.choosable_by(self._user).filter(pk=value.pk).exists():
            raise serializers.ValidationError(
                _("You can only hold events for organisations you belong to.")
            )
        return value

    def update(self, instance, validated_data):
        """A status change or a new cancellation note says so in the history
        (`AnniversaryEvent.change_reason`), as the back office does."""
        reason = instance.change_reason(
            status=validated_data.get("status", instance.status),
            cancellation_note=validated_data.get("cancellation_note", instance.cancellation_note),
        )
        if reason:
            instance._change_reason = _("%(reason)s (API)") % {"reason": reason}
        return super().update(instance, validated_data)

    def _serializer_keys(self, message_dict):
        keys = super()._serializer_keys(message_dict)
        return {
            (f"venue.{key.removeprefix('venue_')}" if key.startswith("venue_") else key): value
            for key, value in keys.items()
        }
