"""State changes of anniversary events: submit, publish, unpublish, cancel.

Each function checks who may make the change and whether the event is in a state that
allows it, then saves only the status fields, so that the history shows one record per
change with the user and a reason. Errors: `PermissionDenied` when `by` may not make
the change at all, `ValidationError` (keyed by field) when the event cannot make it.

Who may do what is the events' access policy (`AnniversaryEvent.can_publish`,
`AnniversaryEvent.objects.editable_by`); these functions ask it and restate nothing.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from events.models import AnniversaryEvent

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
