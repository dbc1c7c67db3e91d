"""State changes of anniversary events: submit, publish, unpublish, cancel.

Each function checks who may make the change and whether the event is in a state that
allows it, then saves only the status fields, so that the history shows one record per
change with the user and a reason. Errors: `PermissionDenied` when `by` may not make
the change at all, `ValidationError` (keyed by field) when the event cannot make it.

The admin's change form uses `allowed_statuses()` to offer and check the same rules.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from events.models import AnniversaryEvent

PUBLISH_PERMISSION = "events.publish_anniversaryevent"
CHANGE_PERMISSION = "events.change_anniversaryevent"

Status = AnniversaryEvent.Status

# Statuses an organiser (who cannot publish) may give an event, and edit it in.
ORGANISER_STATUSES = frozenset({Status.DRAFT, Status.SUBMITTED})


def can_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def is_member(*, user, organisation_id: int) -> bool:
    """Whether `user` belongs to the organisation. One query."""
    return user.memberships.filter(organisation_id=organisation_id).exists()


def allowed_statuses(*, by, current: str) -> frozenset[str]:
    """The statuses `by` may leave an event in whose status is now `current`.

    Publishers may choose any status (cancelling still needs a note, see
    `AnniversaryEvent.clean`). Others may move between draft and submitted only, and
    cannot change a published or cancelled event at all.
    """
    if can_publish(by):
        return frozenset(Status.values)
    if current in ORGANISER_STATUSES:
        return ORGANISER_STATUSES
    return frozenset({current})


def _save_status(event: AnniversaryEvent, *, by, reason: str) -> AnniversaryEvent:
    event._history_user = by
    event._change_reason = reason
    event.save(update_fields=["status", "cancellation_note", "updated"])
    return event


def _require_publisher(by) -> None:
    if not can_publish(by):
        raise PermissionDenied(_("Only editors can publish, unpublish or cancel events."))


@transaction.atomic
def event_submit(*, event: AnniversaryEvent, by) -> AnniversaryEvent:
    """Send a draft to the editors for review. Members of the event's organisation and
    publishers may do this."""
    if not by.has_perm(CHANGE_PERMISSION) or not (
        can_publish(by) or is_member(user=by, organisation_id=event.organisation_id)
    ):
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
