"""Drafting, submitting, publishing and cancelling anniversary events in the admin."""

import datetime

import pytest
from django.urls import reverse

from events.models import AnniversaryEvent
from events.services import event_publish, event_unpublish
from tests.admin_forms import admin_form_data
from tests.factories import (
    AnniversaryEventFactory,
    EditorFactory,
    HistoricalEventFactory,
    OrganisationFactory,
    OrganiserFactory,
)

pytestmark = pytest.mark.django_db
Status = AnniversaryEvent.Status


@pytest.fixture
def org_a():
    return OrganisationFactory()


@pytest.fixture
def organiser(org_a):
    return OrganiserFactory(organisations=[org_a])


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def editor_client(client):
    client.force_login(EditorFactory())
    return client


@pytest.fixture
def draft(org_a):
    return AnniversaryEventFactory(organisation=org_a, status=Status.DRAFT)


def url(name: str, *args) -> str:
    return reverse(f"admin:events_anniversaryevent_{name}", args=args)


def post_change(client, event, **changes):
    data = admin_form_data(client.get(url("change", event.pk)), **changes)
    return client.post(url("change", event.pk), data)


def run_action(client, action: str, *events, **extra):
    data = {"action": action, "_selected_action": [e.pk for e in events], **extra}
    return client.post(url("changelist"), data, follow=True)


def test_organiser_can_create_a_draft_for_own_org(organiser_client, organiser, org_a):
    historical_event = HistoricalEventFactory()
    data = {
        "title": "Wreath laying 2031",
        "organisation": org_a.pk,
        "status": Status.DRAFT,
        "historical_event": historical_event.pk,
        "starts_at_0": "2031-02-26",
        "starts_at_1": "10:00:00",
        "ends_at_0": "2031-02-26",
        "ends_at_1": "12:00:00",
        "time_zone": "Europe/Amsterdam",
        "_save": "Save",
    }

    response = organiser_client.post(url("add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AnniversaryEvent.objects.get(title="Wreath laying 2031")
    assert (event.status, event.organisation, event.created_by) == (
        Status.DRAFT,
        org_a,
        organiser,
    )
    assert event.starts_at == datetime.datetime(2031, 2, 26, 10, tzinfo=datetime.UTC)
    assert event.history.first().history_user == organiser


def test_organiser_add_form_offers_only_draft_and_submitted(organiser_client):
    form = organiser_client.get(url("add")).context["adminform"].form

    assert [value for value, _ in form.fields["status"].choices] == ["draft", "submitted"]


def test_organiser_can_submit_a_draft_with_the_status_field(organiser_client, draft):
    response = post_change(organiser_client, draft, status=Status.SUBMITTED)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_organiser_can_submit_a_draft_with_the_action(organiser_client, draft):
    response = run_action(organiser_client, "submit_events", draft)

    assert "1 event submitted." in response.text
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_organiser_cannot_publish_or_cancel_with_actions(organiser_client, draft):
    actions = organiser_client.get(url("changelist")).context["action_form"].fields["action"]
    offered = {value for value, _ in actions.choices}
    assert "submit_events" in offered
    assert not offered & {"publish_events", "unpublish_events", "cancel_events"}

    run_action(organiser_client, "publish_events", draft)
    run_action(organiser_client, "cancel_events", draft, apply="1", note="Storm")

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_organiser_cannot_publish_by_reverting_to_a_published_version(organiser_client, draft):
    editor = EditorFactory()
    event_publish(event=draft, by=editor)
    published_version = draft.history.first()
    event_unpublish(event=draft, by=editor)
    revert_url = url("simple_history", draft.pk, published_version.history_id)

    page = organiser_client.get(revert_url)
    response = organiser_client.post(revert_url, admin_form_data(page, status="published"))

    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_organiser_cannot_move_event_to_other_org(organiser_client, draft):
    other = OrganisationFactory()

    response = post_change(organiser_client, draft, organisation=other.pk)

    assert response.status_code == 200
    assert "organisation" in response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.organisation != other


def test_organiser_organisation_choices_are_their_own(organiser_client, org_a):
    OrganisationFactory()
    form = organiser_client.get(url("add")).context["adminform"].form

    assert list(form.fields["organisation"].queryset) == [org_a]


def test_editor_can_publish_with_the_action(editor_client, draft):
    response = run_action(editor_client, "publish_events", draft)

    assert "1 event published." in response.text
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED


def test_editor_can_unpublish_with_the_action(editor_client, org_a):
    published = AnniversaryEventFactory(organisation=org_a, status=Status.PUBLISHED)

    run_action(editor_client, "unpublish_events", published)

    published.refresh_from_db()
    assert published.status == Status.DRAFT


def test_publish_action_reports_events_it_left_alone(editor_client, org_a, draft):
    published = AnniversaryEventFactory(organisation=org_a, status=Status.PUBLISHED)

    response = run_action(editor_client, "publish_events", draft, published)

    assert "1 event published." in response.text
    assert f"Not changed: {published}: The event is already published." in response.text


def test_cancel_action_asks_for_the_public_note(editor_client, draft):
    response = editor_client.post(
        url("changelist"), {"action": "cancel_events", "_selected_action": [draft.pk]}
    )

    assert response.status_code == 200
    assert "Public cancellation note" in response.text
    assert "form" in response.context
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_cancel_without_a_note_is_refused_with_a_field_error(editor_client, draft):
    response = editor_client.post(
        url("changelist"),
        {"action": "cancel_events", "_selected_action": [draft.pk], "apply": "1", "note": " "},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["note"] == ["This field is required."]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_editor_can_cancel_with_a_note(editor_client, draft):
    response = run_action(editor_client, "cancel_events", draft, apply="1", note="Flooding.")

    assert "1 event cancelled." in response.text
    draft.refresh_from_db()
    assert (draft.status, draft.cancellation_note) == (Status.CANCELLED, "Flooding.")


def test_cancelling_with_the_status_field_needs_a_note(editor_client, draft):
    response = post_change(editor_client, draft, status=Status.CANCELLED, cancellation_note="")

    assert response.status_code == 200
    assert "cancellation_note" in response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_editor_can_move_an_event_to_any_organisation(editor_client, draft):
    other = OrganisationFactory()

    response = post_change(editor_client, draft, organisation=other.pk)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.organisation == other
