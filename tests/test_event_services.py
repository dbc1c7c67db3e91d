"""Anniversary event state changes in events.services: who may make them, and when."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from events.models import AnniversaryEvent
from events.services import (
    event_cancel,
    event_publish,
    event_submit,
    event_unpublish,
)
from tests.factories import (
    AnniversaryEventFactory,
    EditorFactory,
    OrganisationFactory,
    OrganiserFactory,
)

pytestmark = pytest.mark.django_db
Status = AnniversaryEvent.Status


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def organiser(organisation):
    return OrganiserFactory(organisations=[organisation])


@pytest.fixture
def draft(organisation):
    return AnniversaryEventFactory(organisation=organisation, status=Status.DRAFT)


def test_organiser_can_submit_own_draft_and_history_names_them(organiser, draft):
    event_submit(event=draft, by=organiser)

    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    latest = draft.history.first()
    assert latest.history_user == organiser
    assert latest.history_change_reason == "Submitted for review"


def test_organiser_cannot_submit_other_org_draft(organiser):
    other = AnniversaryEventFactory(status=Status.DRAFT)

    with pytest.raises(PermissionDenied):
        event_submit(event=other, by=organiser)

    other.refresh_from_db()
    assert other.status == Status.DRAFT


def test_only_a_draft_can_be_submitted(organiser, organisation):
    submitted = AnniversaryEventFactory(organisation=organisation, status=Status.SUBMITTED)

    with pytest.raises(ValidationError) as error:
        event_submit(event=submitted, by=organiser)

    assert "status" in error.value.message_dict


def test_organiser_cannot_submit_a_published_event_they_may_no_longer_change(
    organiser, organisation
):
    published = AnniversaryEventFactory(organisation=organisation, status=Status.PUBLISHED)

    with pytest.raises(PermissionDenied):
        event_submit(event=published, by=organiser)

    published.refresh_from_db()
    assert published.status == Status.PUBLISHED


def test_organiser_cannot_publish_unpublish_or_cancel(organiser, draft):
    with pytest.raises(PermissionDenied):
        event_publish(event=draft, by=organiser)
    with pytest.raises(PermissionDenied):
        event_cancel(event=draft, by=organiser, note="Storm")
    draft.status = Status.SUBMITTED
    draft.save()
    with pytest.raises(PermissionDenied):
        event_unpublish(event=draft, by=organiser)

    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_editor_publishes_and_unpublishes(draft):
    editor = EditorFactory()

    event_publish(event=draft, by=editor)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED

    event_unpublish(event=draft, by=editor)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_publishing_twice_is_refused(draft):
    editor = EditorFactory()
    event_publish(event=draft, by=editor)

    with pytest.raises(ValidationError):
        event_publish(event=draft, by=editor)


def test_editor_cancels_with_a_note(draft):
    event_cancel(event=draft, by=EditorFactory(), note="  Closed by storm.  ")

    draft.refresh_from_db()
    assert draft.status == Status.CANCELLED
    assert draft.cancellation_note == "Closed by storm."


def test_cancel_without_note_is_refused_on_the_note_field(draft):
    with pytest.raises(ValidationError) as error:
        event_cancel(event=draft, by=EditorFactory(), note="   ")

    assert "cancellation_note" in error.value.message_dict
    assert draft.status == Status.DRAFT
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_publishing_a_cancelled_event_reinstates_it_without_the_note(draft):
    editor = EditorFactory()
    event_cancel(event=draft, by=editor, note="Storm")

    event_publish(event=draft, by=editor)

    draft.refresh_from_db()
    assert (draft.status, draft.cancellation_note) == (Status.PUBLISHED, "")


def test_allowed_statuses_for_organisers_and_editors(organiser):
    editor = EditorFactory()

    assert AnniversaryEvent.allowed_statuses(organiser, current=Status.DRAFT) == {
        Status.DRAFT,
        Status.SUBMITTED,
    }
    assert AnniversaryEvent.allowed_statuses(organiser, current=Status.PUBLISHED) == {
        Status.PUBLISHED
    }
    assert AnniversaryEvent.allowed_statuses(editor, current=Status.DRAFT) == set(Status.values)
