"""State changes of anniversary events: submit, publish, unpublish, cancel; and planning
the next edition of an event (`event_copy_to_next_anniversary`).

Each function checks who may make the change and whether the event is in a state that
allows it, then saves only the status fields, so that the history shows one record per
change with the user and a reason. Errors: `PermissionDenied` when `by` may not make
the change at all, `ValidationError` (keyed by field) when the event cannot make it.

Who may do what is the events' access policy (`AnniversaryEvent.can_publish`,
`AnniversaryEvent.objects.editable_by`); these functions ask it and restate nothing.
"""

import datetime
import re
import zoneinfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from events.models import AnniversaryEvent, Organisation
from memorials.anniversaries import anniversary_date, ordinal

Status = AnniversaryEvent.Status


def _save_status(event: AnniversaryEvent, *, by, reason: str) -> AnniversaryEvent:
    event._history_user = by
    event._change_reason = reason
    event.save(update_fields=["status", "cancellation_note", "updated"])
    return event


def _require_publisher(by) -> None:
    if not AnniversaryEvent.can_publish(by):
        raise PermissionDenied(_("Only editors can publish, unpublish or cancel events."))


@transaction.atomic
def event_submit(*, event: AnniversaryEvent, by) -> AnniversaryEvent:
    """Send a draft to the editors for review: whoever may change the event may."""
    if not event.is_editable_by(by):
        raise PermissionDenied(_("You cannot submit this event."))
    if event.status != Status.DRAFT:
        raise ValidationError({"status": _("Only a draft can be submitted for review.")})
    event.status = Status.SUBMITTED
    return _save_status(event, by=by, reason="Submitted for review")


@transaction.atomic
def event_publish(*, event: AnniversaryEvent, by) -> AnniversaryEvent:
    """Make the event public. Publishing a cancelled event reinstates it and drops the
    cancellation note."""
    _require_publisher(by)
    if event.status == Status.PUBLISHED:
        raise ValidationError({"status": _("The event is already published.")})
    event.status = Status.PUBLISHED
    event.cancellation_note = ""
    return _save_status(event, by=by, reason="Published")


@transaction.atomic
def event_unpublish(*, event: AnniversaryEvent, by) -> AnniversaryEvent:
    """Take the event back to draft, out of public view."""
    _require_publisher(by)
    if event.status == Status.DRAFT:
        raise ValidationError({"status": _("The event is already a draft.")})
    event.status = Status.DRAFT
    event.cancellation_note = ""
    return _save_status(event, by=by, reason="Unpublished")


@transaction.atomic
def event_cancel(*, event: AnniversaryEvent, by, note: str) -> AnniversaryEvent:
    """Cancel the event; it stays public with `note` saying why."""
    _require_publisher(by)
    if event.status == Status.CANCELLED:
        raise ValidationError({"status": _("The event is already cancelled.")})
    previous = event.status, event.cancellation_note
    event.status, event.cancellation_note = Status.CANCELLED, note.strip()
    try:
        event.clean()  # the cancellation-note rule, with its field-keyed message
    except ValidationError:
        event.status, event.cancellation_note = previous
        raise
    return _save_status(event, by=by, reason="Cancelled")


# What the next edition takes over from the event it is planned from. Not the status
# (a copy starts as a draft), the cancellation note, the slug or the record fields.
COPIED_FIELDS = (
    "title",
    "historical_event_id",
    "memorial_id",
    "organisation_id",
    "venue_name",
    "venue_address",
    "venue_city",
    "venue_country",
    "venue_latitude",
    "venue_longitude",
    "online_url",
    "time_zone",
    "description",
    "registration_url",
    "language",
)


def next_edition_day(event: AnniversaryEvent) -> datetime.date:
    """The local day of the event's next edition: the first anniversary of what it
    commemorates after the event's own local start date; for a historical event known
    only to the month or year (no anniversary day), the same local date a year later
    (29 February going to 28 February or 1 March as the historical event chooses).

    Reads event.historical_event: a query if it is not loaded.
    """
    historical_event = event.historical_event
    local_start = event.local_start_date
    if historical_event.has_day:
        return historical_event.next_anniversary(local_start + datetime.timedelta(days=1))
    return anniversary_date(local_start, local_start.year + 1, historical_event.leap_day)


def _local_start_on(event: AnniversaryEvent, day: datetime.date) -> datetime.datetime:
    """`day` at the event's local time of day in its own zone, whatever the offset from
    UTC on that day (18:00 in Amsterdam stays 18:00 across daylight saving time). A time
    that does not exist on `day` (inside the spring-forward gap) is read with the offset
    before the change, so 02:30 becomes 03:30 summer time; an ambiguous one is the first."""
    zone = zoneinfo.ZoneInfo(event.time_zone)
    local_time = event.starts_at.astimezone(zone).time().replace(fold=0)
    return datetime.datetime.combine(day, local_time, tzinfo=zone).astimezone(datetime.UTC)


def _retitled(title: str, old_number: int | None, new_number: int) -> str:
    """The title with the ordinal of the old anniversary, if it names it ("the 23rd
    anniversary"), changed to the new one ("24th"), at most once."""
    if not old_number:
        return title
    pattern = rf"(?<!\w){re.escape(str(ordinal(old_number)))}(?!\w)"
    return re.sub(pattern, str(ordinal(new_number)), title, count=1)[:200]


@transaction.atomic
def event_copy_to_next_anniversary(*, event: AnniversaryEvent, user) -> AnniversaryEvent:
    """Plan the next edition of `event`: a draft of the same organisation, at the same
    memorial or venue, on the next anniversary (`next_edition_day`) at the same local
    time of day and with the same duration, and a new slug. An ordinal of the anniversary
    in the title ("23rd") becomes the new one. The history names `user` and the event
    it was planned from.

    Errors: `PermissionDenied` when `user` may not create events for the event's
    organisation (`Organisation.objects.choosable_by`); `ValidationError` when that
    edition is already planned (same organisation, historical event and start) or the
    copy breaks a rule of the model.
    """
    if not Organisation.objects.choosable_by(user).filter(pk=event.organisation_id).exists():
        raise PermissionDenied(
            _("You cannot plan events for %(organisation)s.") % {"organisation": event.organisation}
        )
    # The lock serialises copies of one event (a double-clicked action), so that the
    # check below sees a copy made a moment earlier and the edition is planned once.
    source = (
        AnniversaryEvent.objects.select_for_update()
        .select_related("historical_event")
        .get(pk=event.pk)
    )
    day = next_edition_day(source)
    starts_at = _local_start_on(source, day)
    planned = AnniversaryEvent.objects.filter(
        organisation=source.organisation_id,
        historical_event=source.historical_event_id,
        starts_at=starts_at,
    ).first()
    if planned is not None:
        raise ValidationError(
            {
                "starts_at": _("“%(title)s” is already planned for %(day)s.")
                % {"title": planned.title, "day": date_format(day)}
            }
        )

    edition = AnniversaryEvent(**{name: getattr(source, name) for name in COPIED_FIELDS})
    edition.historical_event = source.historical_event
    edition.starts_at = starts_at
    edition.ends_at = starts_at + (source.ends_at - source.starts_at)
    edition.status = Status.DRAFT
    edition.title = _retitled(source.title, source.anniversary, edition.anniversary)
    edition.created_by = user
    edition.full_clean(exclude=["slug"])  # made by save(), from the title
    edition._history_user = user
    edition._change_reason = f"Planned from {source.slug}"
    edition.save()
    return edition
