"""API shapes of anniversary events, articles and organisations.

Each resource has a read serializer (what every answer shows) and, where clients may
write, a write serializer (what a request may set). Related records are read as small
summaries `{slug, name, url}` and written as slugs. Server-owned fields (`id`, `slug`,
`created`, `updated`, the creator) are not part of any write shape: a client that sends
them is ignored, as with any unknown field.
"""

import zoneinfo

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import ModelRulesMixin, SlugReferenceField
from events import services
from events.models import AnniversaryEvent, Article, ArticleAuthor, Organisation
from memorials.models import HistoricalEvent, Memorial
from memorials.serializers import HistoricalEventSummarySerializer

Status = AnniversaryEvent.Status


def absolute_url(serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


# --- shared fields -------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(serializers.ReadOnlyField):
    """The record's absolute API address (from `get_absolute_url`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "get_absolute_url")
        kwargs.setdefault("help_text", "This record in the API.")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return absolute_url(self.parent, value)


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class WebUrlField(serializers.ReadOnlyField):
    """The public page: null until the public pages exist."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "pk")
        kwargs.setdefault("help_text", "The public page, once the pages exist; null until then.")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return None


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


class Summary(serializers.Serializer):
    """A related record in short: `{slug, name, url}`."""

    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    url = ApiUrlField()


class MemorialSummarySerializer(Summary):
    pass


class OrganisationSummarySerializer(Summary):
    pass


class ArticleSummarySerializer(Summary):
    name = serializers.CharField(read_only=True, source="title")


class AnniversaryEventSummarySerializer(Summary):
    name = serializers.CharField(read_only=True, source="title")


@extend_schema_field(OpenApiTypes.DATETIME)
class ZonedDateTimeField(serializers.DateTimeField):
    """Read: the moment in the event's own time zone, with its offset
    (`2030-02-26T11:00:00+01:00`). Write: an ISO 8601 datetime that states its offset;
    a datetime without one is refused rather than guessed."""

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        if value is None:
            return None
        return value.astimezone(zoneinfo.ZoneInfo(instance.time_zone))

    def to_representation(self, value):
        if value is None:
            return None
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

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

    url = ApiUrlField()
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
    latitude = serializers.DecimalField(
        source="venue_latitude",
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        required=False,
        allow_null=True,
    )
    longitude = serializers.DecimalField(
        source="venue_longitude",
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
        allow_null=True,
    )


class AnniversaryEventSerializer(serializers.ModelSerializer):
    """An anniversary event as every reader sees it.

    Reads `historical_event`, `memorial` and `organisation`: load them with
    `AnniversaryEvent.objects.with_summaries()` or each costs a query. A memorial that
    is not published shows as null to readers who may not see it.
    """

    url = ApiUrlField()
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
        if memorial is None or not (memorial.is_published or self.context.get("is_editor")):
            return None
        return MemorialSummarySerializer(memorial, context=self.context).data


class AnniversaryEventWriteSerializer(ModelRulesMixin, serializers.ModelSerializer):
    """What a client may set on an event. Relations are slugs.

    Organisers (who cannot publish) may only use draft and submitted, may not set a
    cancellation note, and may only choose organisations they belong to. Cancelling
    needs a `cancellation_note`; leaving the cancelled status clears the note.
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
        if value not in services.allowed_statuses(by=self._user, current=self._stored_status()):
            raise serializers.ValidationError(_("Only editors can publish or cancel an event."))
        return value

    def validate_cancellation_note(self, value):
        stored = self.instance.cancellation_note if self.instance is not None else ""
        if value != stored and not services.can_publish(self._user):
            raise serializers.ValidationError(_("Only editors can cancel an event."))
        return value

    def validate_organisation(self, value):
        if not self.context.get("is_editor") and not services.is_member(
            user=self._user, organisation_id=value.pk
        ):
            raise serializers.ValidationError(
                _("You can only hold events for organisations you belong to.")
            )
        return value

    def validate(self, attrs):
        status = attrs.get("status", self._stored_status())
        if status != Status.CANCELLED and "cancellation_note" not in attrs:
            attrs["cancellation_note"] = ""
        return super().validate(attrs)

    def update(self, instance, validated_data):
        """A status change says so in the history, as the back office's actions do."""
        status = validated_data.get("status", instance.status)
        if status != instance.status:
            instance._change_reason = _("Status changed from %(old)s to %(new)s (API)") % {
                "old": instance.get_status_display(),
                "new": Status(status).label,
            }
        return super().update(instance, validated_data)

    def _serializer_keys(self, message_dict):
        keys = super()._serializer_keys(message_dict)
        return {
            (f"venue.{key.removeprefix('venue_')}" if key.startswith("venue_") else key): value
            for key, value in keys.items()
        }


# --- articles ------------------------------------------------------------------------


class ArticleAuthorSerializer(serializers.ModelSerializer):
    """One author: a person (`family_name`, optionally `given_name`) or an organisation
    (`organisation_name`), checked with the model's own rule."""

    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = ArticleAuthor
        fields = ["given_name", "family_name", "organisation_name", "display_name"]

    def validate(self, attrs):
        try:
            ArticleAuthor(**attrs).clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return attrs


@extend_schema_field(Summary(many=True))
class SummaryListField(serializers.ReadOnlyField):
    """A JSON list of {slug, name} annotated by `Article.objects.with_summaries()`,
    shown as summaries with their API address, sorted by name."""

    def __init__(self, basename: str, **kwargs):
        self.basename = basename
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return super().get_attribute(instance) or []  # no related rows: SQL NULL

    def to_representation(self, value):
        from django.urls import reverse

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


class ArticleSerializer(serializers.ModelSerializer):
    """An article as readers see it: authors in order and related records as summaries.

    Needs `Article.objects.with_summaries(...)` (the related lists are computed in the
    article query) and prefetched `authors`: a page then costs two queries.
    `link` is the article's own address (the model's `url`); `url` is its API address.
    """

    url = ApiUrlField()
    web_url = WebUrlField()
    authors = ArticleAuthorSerializer(many=True, read_only=True)
    published = serializers.CharField(
        read_only=True,
        help_text="The publication date at its known precision: 2015, 2015-03 or 2015-03-04.",
    )
    link = OptionalUrlField(source="url", help_text="Where to read it; null if not online.")
    memorials = SummaryListField("memorial", source="memorial_items")
    historical_events = SummaryListField("historicalevent", source="historical_event_items")
    anniversary_events = SummaryListField("anniversaryevent", source="anniversary_event_items")
    cites = SummaryListField("article", source="cites_items", help_text="Articles this one cites.")
    cited_by = SummaryListField(
        "article", source="cited_by_items", help_text="Articles that cite this one."
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "slug",
            "url",
            "web_url",
            "created",
            "updated",
            "title",
            "subtitle",
            "kind",
            "authors",
            "publisher",
            "publisher_place",
            "container_title",
            "number",
            "pages",
            "published",
            "published_on",
            "published_on_precision",
            "link",
            "accessed_on",
            "language",
            "abstract",
            "is_published",
            "memorials",
            "historical_events",
            "anniversary_events",
            "cites",
            "cited_by",
        ]
        read_only_fields = fields


class ArticleWriteSerializer(ModelRulesMixin, serializers.ModelSerializer):
    """What an editor may set on an article. `authors` replaces the whole ordered list
    when given; related records are lists of slugs."""

    authors = ArticleAuthorSerializer(many=True, required=False)
    link = serializers.URLField(source="url", max_length=500, required=False, allow_blank=True)
    memorials = SlugReferenceField(
        slug_field="slug", queryset=Memorial.objects.all(), many=True, required=False
    )
    historical_events = SlugReferenceField(
        slug_field="slug", queryset=HistoricalEvent.objects.all(), many=True, required=False
    )
    anniversary_events = SlugReferenceField(
        slug_field="slug", queryset=AnniversaryEvent.objects.all(), many=True, required=False
    )
    cites = SlugReferenceField(
        slug_field="slug", queryset=Article.objects.all(), many=True, required=False
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "subtitle",
            "kind",
            "authors",
            "publisher",
            "publisher_place",
            "container_title",
            "number",
            "pages",
            "published_on",
            "published_on_precision",
            "link",
            "accessed_on",
            "language",
            "abstract",
            "is_published",
            "memorials",
            "historical_events",
            "anniversary_events",
            "cites",
        ]

    @transaction.atomic
    def create(self, validated_data):
        authors = validated_data.pop("authors", [])
        article = super().create(validated_data)
        self._replace_authors(article, authors)
        return article

    @transaction.atomic
    def update(self, instance, validated_data):
        authors = validated_data.pop("authors", None)
        article = super().update(instance, validated_data)
        if authors is not None:
            self._replace_authors(article, authors)
        return article

    @staticmethod
    def _replace_authors(article, authors: list[dict]) -> None:
        article.authors.all().delete()
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, position=position, **author)
            for position, author in enumerate(authors)
        )
