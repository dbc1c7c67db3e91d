"""Organisers reach only their own organisations' anniversary events in the admin.

Another organisation's event is not found (404) on every page that names it, and
stays as it was in the database. The change and delete pages of each role and status are
in the access matrix (tests/test_access_matrix.py); here are the lists, their filters,
bulk actions, history and revert.
"""

import pytest
from django.urls import reverse

from events.models import AnniversaryEvent
from tests.admin_forms import admin_form_data
from tests.factories import (
    AnniversaryEventFactory,
    EditorFactory,
    OrganisationFactory,
    OrganiserFactory,
)

pytestmark = pytest.mark.django_db
Status = AnniversaryEvent.Status


@pytest.fixture
def org_a():
    return OrganisationFactory(name="Amsterdam Remembrance")


@pytest.fixture
def org_b():
    return OrganisationFactory(name="Berlin Gedenken")


@pytest.fixture
def event_a(org_a):
    return AnniversaryEventFactory(organisation=org_a, title="Own vigil", status=Status.DRAFT)


@pytest.fixture
def event_b(org_b):
    return AnniversaryEventFactory(organisation=org_b, title="Other vigil", status=Status.DRAFT)


@pytest.fixture
def organiser_client(client, org_a):
    client.force_login(OrganiserFactory(organisations=[org_a]))
    return client


def url(name: str, *args) -> str:
    return reverse(f"admin:events_anniversaryevent_{name}", args=args)


def assert_unchanged(event: AnniversaryEvent) -> None:
    stored = AnniversaryEvent.objects.get(pk=event.pk)
    assert (stored.title, stored.status, stored.organisation_id) == (
        event.title,
        event.status,
        event.organisation_id,
    )


def test_organiser_lists_only_own_org_events(organiser_client, event_a, event_b):
    response = organiser_client.get(url("changelist"))

    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [event_a]
    assert "Other vigil" not in response.text
    # The organisation filter offers only organisations the organiser can see.
    assert "Berlin Gedenken" not in response.text


def test_organiser_cannot_find_other_org_event_through_list_filters(
    organiser_client, event_a, event_b, org_b
):
    response = organiser_client.get(url("changelist"), {"organisation__id__exact": org_b.pk})

    assert event_b not in response.context["cl"].queryset


def test_organiser_cannot_bulk_delete_other_org_event(organiser_client, event_a, event_b):
    organiser_client.post(
        url("changelist"),
        {"action": "delete_selected", "_selected_action": [event_b.pk], "post": "yes"},
    )

    assert AnniversaryEvent.objects.filter(pk=event_b.pk).exists()


def test_organiser_cannot_see_history_of_other_org_event(organiser_client, event_b):
    assert organiser_client.get(url("history", event_b.pk)).status_code == 404


def test_organiser_cannot_revert_other_org_event(organiser_client, event_a, event_b):
    event_b.title = "Renamed by B"
    event_b.save()
    first_version = event_b.history.earliest()
    revert_url = url("simple_history", event_b.pk, first_version.history_id)
    data = admin_form_data(organiser_client.get(url("change", event_a.pk)))

    assert organiser_client.get(revert_url).status_code == 404
    assert organiser_client.post(revert_url, data).status_code == 404
    assert_unchanged(event_b)


def test_organiser_sees_history_of_own_event(organiser_client, event_a):
    response = organiser_client.get(url("history", event_a.pk))

    assert response.status_code == 200


def test_organiser_with_no_membership_sees_no_events(client, event_a):
    client.force_login(OrganiserFactory())

    response = client.get(url("changelist"))

    assert list(response.context["cl"].queryset) == []
    assert client.get(url("change", event_a.pk)).status_code == 404


def test_editor_sees_every_event(client, event_a, event_b):
    client.force_login(EditorFactory())

    response = client.get(url("changelist"))

    assert set(response.context["cl"].queryset) == {event_a, event_b}
    assert client.get(url("change", event_b.pk)).status_code == 200
    assert client.get(url("history", event_b.pk)).status_code == 200
