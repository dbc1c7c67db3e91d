"""Organisations, their members (organisers), and the anniversary events they hold.

The access policy of anniversary events lives here: `AnniversaryEvent.objects.visible_to`,
`editable_by`, `AnniversaryEvent.can_create`, `can_publish` and `allowed_statuses`, and
`Organisation.objects.choosable_by` (which organisations a user may hold events for).
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.access import AccessPolicyModel, AccessQuerySet, lookup
from core.db import pk_of_slug
from core.models import (
    NameSortedModel,
    SearchableModel,
    SluggedModel,
    TimeStampedModel,
    clean_coordinates,
    coordinate_constraints,
    latitude_validators,
    longitude_validators,
)
from core.roles import is_editor
from core.search import SearchQuerySetMixin
from core.timezones import validate_time_zone, zone_named
from memorials.anniversaries import anniversary_number, ordinal
from memorials.models import HistoricalEvent, Memorial


class OrganisationQuerySet(SearchQuerySetMixin, AccessQuerySet):
    """Access: organisations are public; editors change them (the `core.access`
    defaults)."""

    def in_country(self, country: str):
        return self.filter(country=country.upper())

    def with_member(self, user):
        """Organisations `user` belongs to."""
        return self.filter(memberships__user=user)

    def choosable_by(self, user):
        """The organisations `user` may hold (create or move) events for: every one for
        editors, their own for everyone else."""
        if is_editor(user):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.with_member(user)


class Organisation(
    SluggedModel, NameSortedModel, SearchableModel, TimeStampedModel, AccessPolicyModel
):
    """A body that organises anniversary events; its members manage them."""

    page_url_name = "site:organisation"

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
        ordering = ["sort_name", "id"]
        indexes = [models.Index(fields=["sort_name", "id"], name="organisation_sort_name")]

    def __str__(self):
        return self.name

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


# Everyone reads published and cancelled events.
PUBLIC_STATUSES = ("cancelled", "published")

# A commemoration, even a remembrance week or an exhibition, ends within this span.
EVENT_MAX_SPAN = datetime.timedelta(days=92)


class AnniversaryEventQuerySet(SearchQuerySetMixin, AccessQuerySet):
    """Access (the whole policy of anniversary events):

    - everyone reads published and cancelled events (a cancellation must be seen);
    - organisers also read every event of the organisations they belong to, and change
      or delete those events while they are drafts or submitted for review;
    - editors read, change, delete and publish every event.
    """

    def public_condition(self, through: str = "") -> Q:
        """Published and cancelled events are public (a cancellation must be seen)."""
        return Q(**{lookup(through, "is_public"): True})

    def published(self):
        return self.filter(self.public_condition())

    def of_organisations_of(self, user):
        """Events of the organisations `user` belongs to (a subquery: no duplicates)."""
        return self.filter(organisation__in=Organisation.objects.with_member(user).values("pk"))

    def visible_condition(self, user, through: str = "") -> Q:
        if is_editor(user):
            return Q()
        if not getattr(user, "is_authenticated", False):
            return self.public_condition(through)
        theirs = Organisation.objects.with_member(user).values("pk")
        return self.public_condition(through) | Q(**{lookup(through, "organisation__in"): theirs})

    def editable_by(self, user):
        if is_editor(user):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.of_organisations_of(user).filter(status__in=AnniversaryEvent.ORGANISER_STATUSES)

    def upcoming(self, now=None):
        """Events that have not ended. An event lasts at most MAX_SPAN, so they also
        started after `now - MAX_SPAN`: said outright, that bound lets an index in start
        order (`event_commemorates_start`) read only the upcoming rows."""
        now = now or timezone.now()
        return self.filter(ends_at__gte=now, starts_at__gte=now - AnniversaryEvent.MAX_SPAN)

    def past(self, now=None):
        """Events that have ended. They also started before `now` (an event ends after
        it starts): said outright, that bound lets an index in start order read the
        past rows only, newest first."""
        now = now or timezone.now()
        return self.filter(ends_at__lt=now, starts_at__lt=now)

    def commemorating(self, historical_event):
        """Events commemorating `historical_event` (a HistoricalEvent or its slug)."""
        if isinstance(historical_event, str):
            historical_event = pk_of_slug(HistoricalEvent, historical_event)
        return self.filter(historical_event=historical_event)

    def at_memorial(self, memorial):
        """Events held at `memorial` (a Memorial or its slug)."""
        if isinstance(memorial, str):
            memorial = pk_of_slug(Memorial, memorial)
        return self.filter(memorial=memorial)

    def held_by(self, organisation):
        """Events of `organisation` (an Organisation or its slug)."""
        if isinstance(organisation, str):
            organisation = pk_of_slug(Organisation, organisation)
        return self.filter(organisation=organisation)

    def in_country(self, country: str):
        """Events at a memorial in `country` (ISO code) or at a venue there."""
        country = country.upper()
        return self.filter(Q(memorial__country=country) | Q(venue_country=country))

    def starting_from(self, moment):
        return self.filter(starts_at__gte=moment)

    def starting_before(self, moment):
        return self.filter(starts_at__lt=moment)

    def in_month(self, year: int, month: int):
        """Events starting in that calendar month (in UTC)."""
        first = datetime.datetime(year, month, 1, tzinfo=datetime.UTC)
        following = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=datetime.UTC)
        return self.starting_from(first).starting_before(following)

    def with_summaries(self, user):
        """Loads the commemorated event, the memorial and the organisation in the same
        query (their summaries and the anniversary number need them), and annotates
        `memorial_is_visible`: whether `user` may see the memorial (its access policy),
        tested on the joined memorial row (no subquery); null without a memorial."""
        visible = Memorial.objects.visible_condition(user, through="memorial")
        return self.select_related("historical_event", "memorial", "organisation").annotate(
            memorial_is_visible=ExpressionWrapper(visible, output_field=models.BooleanField())
        )


class AnniversaryEvent(SluggedModel, SearchableModel, TimeStampedModel, AccessPolicyModel):
    """A commemoration held on a date, usually at a memorial, by an organisation."""

    page_url_name = "site:event"

    slug_source = "title"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    # Everyone reads these; organisers (who cannot publish) work in the other two.
    PUBLIC_STATUSES = PUBLIC_STATUSES
    MAX_SPAN = EVENT_MAX_SPAN
    ORGANISER_STATUSES = frozenset({Status.DRAFT, Status.SUBMITTED})

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
    # Derived by the database from `status`, so that public lists in start order have
    # an index to read (`event_public_start`); never set by hand.
    is_public = models.GeneratedField(
        expression=ExpressionWrapper(
            Q(status__in=PUBLIC_STATUSES), output_field=models.BooleanField()
        ),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    cancellation_note = models.TextField(
        blank=True, help_text=_("Shown publicly when the event is cancelled.")
    )
    registration_url = models.URLField(blank=True)
    language = models.CharField(max_length=35, blank=True, help_text=_("BCP 47 tag, e.g. 'en'."))

    history = HistoricalRecords(excluded_fields=["is_public"])
    objects = AnniversaryEventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            *coordinate_constraints("anniversaryevent", "venue_latitude", "venue_longitude"),
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="anniversaryevent_end_after_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__lte=F("starts_at") + EVENT_MAX_SPAN),
                name="anniversaryevent_at_most_max_span",
                violation_error_message=_("An event lasts at most 92 days."),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled")
                | Q(GreaterThan(Length(Trim("cancellation_note")), 0)),
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
            # Public lists in start order (upcoming, past, the home page): one range,
            # read in order, stopping after a page (`status IN (two statuses)` on
            # event_status_start needs a sort of every upcoming event).
            models.Index(fields=["is_public", "starts_at", "id"], name="event_public_start"),
            # A memorial's and an organisation's events, upcoming or past, in start order.
            models.Index(fields=["memorial", "starts_at", "id"], name="event_memorial_start"),
            models.Index(
                fields=["organisation", "starts_at", "id"], name="event_organisation_start"
            ),
            models.Index(fields=["ends_at"], name="event_ends_at"),
            # commemorates= lists (upcoming or not) in start order: a range of one event.
            # is_public narrows it further, and ends_at rides along, so that their
            # count reads the index alone: with the slug resolved in the query,
            # PostgreSQL cannot see how few rows the event has and otherwise ANDs in a
            # whole range of event_ends_at.
            models.Index(
                fields=["historical_event", "is_public", "starts_at", "id", "ends_at"],
                name="event_commemorates_start",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The note says why the event is cancelled: it goes when the event is no longer
        # cancelled, however the status changed (admin form, API, services, a revert).
        if self.status != self.Status.CANCELLED:
            self.cancellation_note = ""
        super().save(*args, **kwargs)

    @classmethod
    def can_create(cls, user) -> bool:
        """Editors, and organisers for the organisations they belong to."""
        return cls.can_publish(user) or Organisation.objects.choosable_by(user).exists()

    @classmethod
    def allowed_statuses(cls, user, *, current: str) -> frozenset[str]:
        """The statuses `user` may leave an event in whose stored status is `current`.

        Publishers may choose any status (cancelling still needs a note, see `clean`).
        Others move between draft and submitted only, and cannot change a published or
        cancelled event at all.
        """
        if cls.can_publish(user):
            return frozenset(cls.Status.values)
        if current in cls.ORGANISER_STATUSES:
            return cls.ORGANISER_STATUSES
        return frozenset({current})

    def change_reason(self, *, status: str, cancellation_note: str) -> str | None:
        """What the history says when this event, as stored, is saved with `status` and
        `cancellation_note`: a status change names both statuses, and a new note on an
        event that stays cancelled says so (an editor's explicit edit of the note;
        cancelling again is refused, see `events.services.event_cancel`). None otherwise:
        the history's diff shows any other change."""
        if status != self.status:
            return _("Status changed from %(old)s to %(new)s") % {
                "old": self.get_status_display(),
                "new": self.Status(status).label,
            }
        if status == self.Status.CANCELLED and cancellation_note != self.cancellation_note:
            return _("Cancellation note changed")
        return None

    @property
    def venue_point(self) -> tuple | None:
        """(latitude, longitude, name) of where the event takes place: the venue's
        coordinates, else those of its memorial when the reader may see it (the
        `memorial_is_visible` of `with_summaries`). Reads self.memorial: a query if it
        is not loaded."""
        if self.venue_latitude is not None and self.venue_longitude is not None:
            return (self.venue_latitude, self.venue_longitude, self.venue_name or self.title)
        memorial = self.memorial if self.memorial_id else None
        if (
            memorial
            and memorial.latitude is not None
            and getattr(self, "memorial_is_visible", False)
        ):
            return (memorial.latitude, memorial.longitude, memorial.name)
        return None

    @property
    def local_end_date(self):
        """The day the event ends in its own time zone."""
        return self.ends_at.astimezone(zone_named(self.time_zone)).date()

    @property
    def local_start_date(self):
        """The day the event starts in its own time zone."""
        return self.starts_at.astimezone(zone_named(self.time_zone)).date()

    @property
    def anniversary(self) -> int | None:
        """Which anniversary of the commemorated event this is, counted on the venue's
        own calendar (`memorials.anniversaries`): 23 for 2015 and 1992.

        Reads self.historical_event: a query if it is not loaded.
        """
        historical_event = self.historical_event
        return self.anniversary_of(
            starts_at=self.starts_at,
            time_zone=self.time_zone,
            remembered=historical_event.remembrance_date if historical_event.start_date else None,
        )

    @staticmethod
    def anniversary_of(
        *, starts_at: datetime.datetime | None, time_zone: str, remembered
    ) -> int | None:
        """The anniversary number of an event starting at `starts_at` (in `time_zone`)
        of a historical event remembered on `remembered` (its `remembrance_date`); None
        when either is unknown. The rule of `anniversary`, for callers that hold the
        values without the records; the arithmetic is `memorials.anniversaries`."""
        if not (remembered and starts_at):
            return None
        return anniversary_number(remembered, starts_at.astimezone(zone_named(time_zone)).date())

    @property
    def anniversary_ordinal(self) -> str:
        """`23rd`, in the active language; "" when there is no number (or it is 0)."""
        number = self.anniversary
        return ordinal(number) if number else ""

    def _starts_before_commemorated_event(self) -> bool:
        """Reads self.historical_event: a query if it is not loaded."""
        if not (self.starts_at and self.historical_event_id and self.time_zone):
            return False
        try:
            zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return False  # the time zone's own validator says what is wrong
        return self.local_start_date < self.historical_event.start_date

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
        if self.starts_at and self.ends_at and self.ends_at > self.starts_at + self.MAX_SPAN:
            errors["ends_at"] = _("An event lasts at most 92 days.")
        if self.status == self.Status.CANCELLED and not self.cancellation_note.strip():
            errors["cancellation_note"] = _("Say why the event is cancelled.")
        if "starts_at" not in errors and self._starts_before_commemorated_event():
            errors["starts_at"] = _("An anniversary cannot start before the event it commemorates.")
        if errors:
            raise ValidationError(errors)
