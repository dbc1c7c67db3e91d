"""Publishing, unpublishing and cancelling an anniversary event leave a history entry that
says who did it and why, whether done with the back office's actions or through the API.

Decision on cancelling a cancelled event: cancelling again is refused (the admin's cancel
action applies one note to many events, and must not overwrite notes written for each).
An editor changes the note of a cancelled event by editing the note itself, in the API
or the admin form; that is allowed and the history says so
(`AnniversaryEvent.change_reason`).
"""

import pytest
from django.urls import reverse

from events.models import AnniversaryEvent
from tests.admin_forms import admin_form_data
from tests.factories import AnniversaryEventFactory, EditorFactory

pytestmark = pytest.mark.django_db
Status = AnniversaryEvent.Status
CHANGELIST = reverse("admin:events_anniversaryevent_changelist")


@pytest.fixture
def editor():
    return EditorFactory(username="editor-eva")


@pytest.fixture
def editor_admin(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def editor_api(api_client, editor):
    api_client.force_login(editor)
    return api_client


def cancelled_event(note: str = "Storm warning.") -> AnniversaryEvent:
    return AnniversaryEventFactory(status=Status.CANCELLED, cancellation_note=note)


def latest_entry(event) -> tuple:
    """(status, note, who, why) of the event's latest history entry."""
    latest = event.history.latest()
    return (
        latest.status,
        latest.cancellation_note,
        latest.history_user,
        latest.history_change_reason,
    )


@pytest.mark.parametrize(
    ("stored", "action", "status", "reason"),
    [
        pytest.param(
            Status.DRAFT, {"action": "publish_events"}, Status.PUBLISHED, "Published", id="publish"
        ),
        pytest.param(
            Status.PUBLISHED,
            {"action": "unpublish_events"},
            Status.DRAFT,
            "Unpublished",
            id="unpublish",
        ),
        pytest.param(
            Status.PUBLISHED,
            {"action": "cancel_events", "apply": "1", "note": "Storm warning."},
            Status.CANCELLED,
            "Cancelled",
            id="cancel",
        ),
    ],
)
def test_admin_action_records_who_and_why(editor_admin, editor, stored, action, status, reason):
    event = AnniversaryEventFactory(status=stored)

    editor_admin.post(CHANGELIST, {**action, "_selected_action": [event.pk]})

    event.refresh_from_db()
    assert event.status == status
    assert event.history.count() == 2
    assert latest_entry(event) == (status, event.cancellation_note, editor, reason)


@pytest.mark.parametrize(
    ("stored", "patch", "reason"),
    [
        pytest.param(
            Status.DRAFT,
            {"status": "published"},
            "Status changed from Draft to Published (API)",
            id="publish",
        ),
        pytest.param(
            Status.PUBLISHED,
            {"status": "draft"},
            "Status changed from Published to Draft (API)",
            id="unpublish",
        ),
        pytest.param(
            Status.PUBLISHED,
            {"status": "cancelled", "cancellation_note": "Storm warning."},
            "Status changed from Published to Cancelled (API)",
            id="cancel",
        ),
    ],
)
def test_api_status_change_records_who_and_why(editor_api, editor, stored, patch, reason):
    event = AnniversaryEventFactory(status=stored)

    response = editor_api.patch(f"/api/v1/events/{event.slug}/", patch, format="json")

    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert event.status == patch["status"]
    assert event.history.count() == 2
    assert latest_entry(event) == (event.status, event.cancellation_note, editor, reason)


def test_cancelling_a_cancelled_event_again_keeps_its_note(editor_admin):
    event = cancelled_event("Storm warning.")

    response = editor_admin.post(
        CHANGELIST,
        {
            "action": "cancel_events",
            "_selected_action": [event.pk],
            "apply": "1",
            "note": "A note for the whole batch.",
        },
        follow=True,
    )

    assert f"Not changed: {event}: The event is already cancelled." in response.text
    event.refresh_from_db()
    assert event.cancellation_note == "Storm warning."
    assert event.history.count() == 1


def test_editor_changes_the_note_of_a_cancelled_event_through_the_api(editor_api, editor):
    event = cancelled_event("Storm warning.")

    response = editor_api.patch(
        f"/api/v1/events/{event.slug}/",
        {"status": "cancelled", "cancellation_note": "Postponed to 3 March."},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["cancellation_note"] == "Postponed to 3 March."
    assert latest_entry(event) == (
        Status.CANCELLED,
        "Postponed to 3 March.",
        editor,
        "Cancellation note changed (API)",
    )
    assert event.history.earliest().cancellation_note == "Storm warning."


def test_editor_changes_the_note_of_a_cancelled_event_in_the_admin_form(editor_admin, editor):
    event = cancelled_event("Storm warning.")
    change_url = reverse("admin:events_anniversaryevent_change", args=[event.pk])
    data = admin_form_data(editor_admin.get(change_url), cancellation_note="Postponed.")

    response = editor_admin.post(change_url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert latest_entry(event) == (
        Status.CANCELLED,
        "Postponed.",
        editor,
        "Cancellation note changed",
    )


def test_an_unchanged_note_gives_no_reason(editor_api):
    event = cancelled_event("Storm warning.")

    editor_api.patch(f"/api/v1/events/{event.slug}/", {"title": "Renamed"}, format="json")

    assert event.history.latest().history_change_reason is None
