"""Organisations, the anniversary events they hold, and articles about it all."""

import functools
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, JSONField, OuterRef, Q, Subquery
from django.db.models.aggregates import Aggregate
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.models import (
    DatePrecision,
    PublishableQuerySet,
    SearchableModel,
    SluggedModel,
    TimeStampedModel,
    clean_coordinates,
    coordinate_constraints,
    format_partial_date,
    latitude_validators,
    longitude_validators,
)
from core.search import SearchQuerySetMixin
from memorials.models import HistoricalEvent, Memorial


@functools.cache
def _iana_zone_names() -> frozenset[str]:
    """Read once per process: listing the zones scans tzdata, about 30 ms a call."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    """An IANA zone name such as `Europe/Amsterdam` (kept out of `choices` so that a
    tzdata update never needs a migration)."""
    if value not in _iana_zone_names():
        raise ValidationError(
            _("“%(value)s” is not an IANA time zone such as Europe/Amsterdam."),
            params={"value": value},
        )


class JSONGroupArray(Aggregate):
    """The grouped values as one JSON array: `json_group_array` on SQLite, `jsonb_agg`
    on PostgreSQL. Element order is not guaranteed; callers sort."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def related_summaries(model_queryset, link: str, **fields):
    """A subquery: JSON list of `fields` of the rows of `model_queryset` whose `link`
    points to the outer row. One SQL expression, no extra query."""
    return Subquery(
        model_queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(items=JSONGroupArray(JSONObject(**fields)))
        .values("items")[:1],
        output_field=JSONField(),
    )


class OrganisationQuerySet(SearchQuerySetMixin, models.QuerySet):
    def in_country(self, country: str):
        return self.filter(country=country.upper())


class Organisation(SluggedModel, SearchableModel, TimeStampedModel):
    """A body that organises anniversary events; its members manage them."""

    name = models.CharField(max_length=200)
    website = models.URLField(blank=True)
    contact_email = models.EmailField(blank=True)
    country = CountryField(blank=True, db_index=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        through_fields=("organisation", "user"),
        related_name="organisations",
    )

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("api:organisation-detail", kwargs={"slug": self.slug})

    def search_texts(self):
        return [self.name, self.country.name if self.country else ""]


class Membership(TimeStampedModel):
    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role, default=Role.ORGANISER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} in {self.organisation} ({self.get_role_display()})"


class AnniversaryEventQuerySet(SearchQuerySetMixin, models.QuerySet):
    def published(self):
        """Published and cancelled events are public (a cancellation must be seen)."""
        return self.filter(
            status__in=[AnniversaryEvent.Status.PUBLISHED, AnniversaryEvent.Status.CANCELLED]
        )

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())

    def commemorating(self, historical_event):
        """Events commemorating `historical_event` (a HistoricalEvent or its slug)."""
        if isinstance(historical_event, str):
            return self.filter(historical_event__slug=historical_event)
        return self.filter(historical_event=historical_event)

    def at_memorial(self, memorial):
        """Events held at `memorial` (a Memorial or its slug)."""
        if isinstance(memorial, str):
            return self.filter(memorial__slug=memorial)
        return self.filter(memorial=memorial)

    def held_by(self, organisation):
        """Events of `organisation` (an Organisation or its slug)."""
        if isinstance(organisation, str):
            return self.filter(organisation__slug=organisation)
        return self.filter(organisation=organisation)

    def in_country(self, country: str):
        """Events at a memorial in `country` (ISO code) or at a venue there."""
        country = country.upper()
        return self.filter(Q(memorial__country=country) | Q(venue_country=country))

    def starting_from(self, moment):
        return self.filter(starts_at__gte=moment)

    def starting_before(self, moment):
        return self.filter(starts_at__lt=moment)

    def of_organisations_of(self, user):
        """Events of the organisations `user` belongs to."""
        return self.filter(organisation__memberships__user=user)

    def visible_to(self, user, *, sees_all: bool):
        """What `user` may read: everything when `sees_all` (editors), otherwise the
        public events plus every event of the user's own organisations.

        A subquery, not a join, so an event is never listed twice.
        """
        if sees_all:
            return self
        public = Q(
            status__in=[AnniversaryEvent.Status.PUBLISHED, AnniversaryEvent.Status.CANCELLED]
        )
        if not getattr(user, "is_authenticated", False):
            return self.filter(public)
        own = Q(organisation__in=Membership.objects.filter(user=user).values("organisation"))
        return self.filter(public | own)

    def with_summaries(self):
        """Loads the commemorated event, the memorial and the organisation in the same
        query (their summaries and the anniversary number need them)."""
        return self.select_related("historical_event", "memorial", "organisation")


class AnniversaryEvent(SluggedModel, SearchableModel, TimeStampedModel):
    """A commemoration held on a date, usually at a memorial, by an organisation."""

    slug_source = "title"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(max_length=200)
    historical_event = models.ForeignKey(
        HistoricalEvent,
        on_delete=models.PROTECT,
        related_name="anniversary_events",
        help_text=_("What this event commemorates."),
    )
    memorial = models.ForeignKey(
        Memorial,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="anniversary_events",
        help_text=_("Where it takes place, if at a memorial; otherwise give a venue."),
    )
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.CharField(max_length=300, blank=True)
    venue_city = models.CharField(max_length=120, blank=True)
    venue_country = CountryField(blank=True)
    venue_latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, validators=latitude_validators
    )
    venue_longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, validators=longitude_validators
    )
    online_url = models.URLField(blank=True, help_text=_("A link to join online, if any."))
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_time_zone],
        default="UTC",
        help_text=_("The IANA time zone of the venue; times are shown in it."),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="anniversary_events"
    )
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    cancellation_note = models.TextField(
        blank=True, help_text=_("Shown publicly when the event is cancelled.")
    )
    registration_url = models.URLField(blank=True)
    language = models.CharField(max_length=35, blank=True, help_text=_("BCP 47 tag, e.g. 'en'."))

    history = HistoricalRecords()
    objects = AnniversaryEventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        permissions = [
            ("publish_anniversaryevent", "Can publish, unpublish and cancel anniversary events"),
        ]
        constraints = [
            *coordinate_constraints("anniversaryevent", "venue_latitude", "venue_longitude"),
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="anniversaryevent_end_after_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancellation_note=""),
                name="anniversaryevent_cancellation_note",
                violation_error_message=_("Say why the event is cancelled."),
            ),
            # The shape of an IANA name only: the list of zones changes with tzdata,
            # so the full check is validate_time_zone(), not a constraint.
            models.CheckConstraint(
                condition=Q(time_zone__regex=r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$"),
                name="anniversaryevent_time_zone_format",
                violation_error_message=_("Give an IANA time zone such as Europe/Amsterdam."),
            ),
        ]
        indexes = [
            # Upcoming/date-range lists of public events, in start order.
            models.Index(fields=["status", "starts_at"], name="event_status_start"),
            models.Index(fields=["ends_at"], name="event_ends_at"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("api:anniversaryevent-detail", kwargs={"slug": self.slug})

    @property
    def anniversary(self) -> int | None:
        """Years since the commemorated event began (23 for 2015 and 1992).

        Reads self.historical_event: a query if it is not loaded.
        """
        start = self.historical_event.start_date
        if not (start and self.starts_at):
            return None
        local = self.starts_at.astimezone(zoneinfo.ZoneInfo(self.time_zone)).date()
        return local.year - start.year

    def search_texts(self):
        return [
            self.title,
            self.venue_name,
            self.venue_city,
            self.venue_country.name if self.venue_country else "",
        ]

    def clean(self):
        super().clean()
        errors = clean_coordinates(
            self.venue_latitude, self.venue_longitude, fields=("venue_latitude", "venue_longitude")
        )
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The end cannot be before the start.")
        if self.status == self.Status.CANCELLED and not self.cancellation_note.strip():
            errors["cancellation_note"] = _("Say why the event is cancelled.")
        if errors:
            raise ValidationError(errors)


class ArticleQuerySet(SearchQuerySetMixin, PublishableQuerySet):
    def visible_to(self, user, *, sees_all: bool):
        """Everything for editors (`sees_all`), published articles for everyone else."""
        return self if sees_all else self.published()

    def about_memorial(self, memorial_slug: str):
        return self.filter(
            pk__in=Article.memorials.through.objects.filter(memorial__slug=memorial_slug).values(
                "article"
            )
        )

    def commemorating(self, historical_event_slug: str):
        return self.filter(
            pk__in=Article.historical_events.through.objects.filter(
                historicalevent__slug=historical_event_slug
            ).values("article")
        )

    def about_event(self, event_slug: str):
        return self.filter(
            pk__in=Article.anniversary_events.through.objects.filter(
                anniversaryevent__slug=event_slug
            ).values("article")
        )

    def by_author(self, name: str):
        """Articles with an author whose family name or organisation name is `name`,
        ignoring case."""
        authors = ArticleAuthor.objects.filter(
            Q(family_name__iexact=name) | Q(organisation_name__iexact=name)
        )
        return self.filter(pk__in=authors.values("article"))

    def published_from(self, day):
        return self.filter(published_on__gte=day)

    def published_before(self, day):
        return self.filter(published_on__lt=day)

    def with_summaries(self, *, include_unpublished: bool):
        """Annotates `memorial_items`, `historical_event_items`, `anniversary_event_items`,
        `cites_items` and `cited_by_items`: JSON lists of {slug, name} of the related rows
        a reader may see, computed in the same query as the articles (no extra query).
        """
        memorials = Memorial.objects.all()
        events = AnniversaryEvent.objects.all()
        articles = Article.objects.all()
        if not include_unpublished:
            memorials = memorials.published()
            events = events.published()
            articles = articles.published()
        return self.annotate(
            memorial_items=related_summaries(memorials, "articles", slug="slug", name="name"),
            historical_event_items=related_summaries(
                HistoricalEvent.objects.all(), "articles", slug="slug", name="name"
            ),
            anniversary_event_items=related_summaries(
                events, "articles", slug="slug", name="title"
            ),
            cites_items=related_summaries(articles, "cited_by", slug="slug", name="title"),
            cited_by_items=related_summaries(articles, "cites", slug="slug", name="title"),
        )


class Article(SluggedModel, SearchableModel, TimeStampedModel):
    """A published work about memorials and events; it may cite other articles."""

    slug_source = "title"

    class Kind(models.TextChoices):
        COMMENTARY = "commentary", _("Commentary")
        REPORT = "report", _("Report")
        NEWS = "news", _("News")
        BOOK = "book", _("Book")
        JOURNAL_ARTICLE = "journal-article", _("Journal article")
        WEB_PAGE = "web-page", _("Web page")
        OTHER = "other", _("Other")

    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    publisher = models.CharField(max_length=200, blank=True)
    publisher_place = models.CharField(max_length=120, blank=True)
    container_title = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("The journal, series or site it appears in, e.g. 'AVİM Commentary'."),
    )
    number = models.CharField(
        max_length=50, blank=True, help_text=_("Number within the series, e.g. '2015/26'.")
    )
    pages = models.CharField(max_length=30, blank=True, help_text=_("e.g. '187-214'."))
    published_on = models.DateField(null=True, blank=True)
    published_on_precision = models.CharField(
        max_length=10, choices=DatePrecision, default=DatePrecision.DAY
    )
    url = models.URLField(blank=True, max_length=500)
    accessed_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=35, blank=True, help_text=_("BCP 47 tag, e.g. 'tr'."))
    abstract = models.TextField(blank=True, help_text=_("In our own words, never copied."))
    memorials = models.ManyToManyField(Memorial, related_name="articles", blank=True)
    historical_events = models.ManyToManyField(HistoricalEvent, related_name="articles", blank=True)
    anniversary_events = models.ManyToManyField(
        AnniversaryEvent, related_name="articles", blank=True
    )
    cites = models.ManyToManyField("self", symmetrical=False, related_name="cited_by", blank=True)
    is_published = models.BooleanField(default=False, verbose_name=_("published"))

    history = HistoricalRecords()
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        indexes = [
            # Public article lists newest first, and published_after/before filters.
            models.Index(fields=["is_published", "published_on"], name="article_pub_date"),
            models.Index(fields=["kind"], name="article_kind"),
            models.Index(fields=["language"], name="article_language"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("api:article-detail", kwargs={"slug": self.slug})

    @property
    def published(self) -> str:
        return format_partial_date(self.published_on, self.published_on_precision)

    def search_texts(self):
        return [self.title, self.subtitle, self.publisher, self.container_title]


class ArticleAuthor(TimeStampedModel):
    """One author of an article, in order: a person or an organisation."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="authors")
    position = models.PositiveSmallIntegerField(default=0)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    organisation_name = models.CharField(
        max_length=200, blank=True, help_text=_("When the author is an organisation.")
    )

    class Meta:
        ordering = ["article", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(~Q(family_name="") & Q(organisation_name=""))
                | (Q(family_name="") & Q(given_name="") & ~Q(organisation_name="")),
                name="articleauthor_person_or_organisation",
                violation_error_message=_(
                    "Give a person's family name or an organisation's name, not both."
                ),
            )
        ]
        indexes = [models.Index(fields=["family_name"], name="articleauthor_family")]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.organisation_name:
            return self.organisation_name
        return " ".join(p for p in [self.given_name, self.family_name] if p)

    def clean(self):
        super().clean()
        if self.organisation_name and (self.family_name or self.given_name):
            raise ValidationError(
                {"organisation_name": _("An author is a person or an organisation, not both.")}
            )
        if not self.organisation_name and not self.family_name:
            raise ValidationError(
                {"family_name": _("Give a person's family name or an organisation's name.")}
            )
