"""Writing anniversary events: server-owned fields, the model rules, and the write rules
finer than the access matrix (tests/test_access_matrix.py states who may create, change,
publish and delete)."""

import pytest

from events.models import AnniversaryEvent
from tests.factories import (
    AnniversaryEventFactory,
    EditorFactory,
    HistoricalEventFactory,
    MemorialFactory,
    OrganisationFactory,
    OrganiserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Status = AnniversaryEvent.Status
LIST_URL = "/api/v1/events/"


def item_url(event) -> str:
    return f"/api/v1/events/{event.slug}/"


def error_fields(response) -> list[str]:
    assert response.status_code == 400, response.content
    return sorted({error["field"] for error in response.json()["errors"]})


@pytest.fixture
def own_organisation():
    return OrganisationFactory(slug="own-org")


@pytest.fixture
def other_organisation():
    return OrganisationFactory(slug="other-org")


@pytest.fixture
def organiser(api_client, own_organisation):
    user = OrganiserFactory(organisations=[own_organisation])
    api_client.force_login(user)
    return user


@pytest.fixture
def editor(api_client):
    user = EditorFactory()
    api_client.force_login(user)
    return user


@pytest.fixture
def new_event():
    HistoricalEventFactory(slug="khojaly")
    MemorialFactory(slug="monument")
    return {
        "title": "Thirty-eighth anniversary",
        "historical_event": "khojaly",
        "memorial": "monument",
        "organisation": "own-org",
        "starts_at": "2030-02-26T11:00:00+01:00",
        "ends_at": "2030-02-26T13:00:00+01:00",
        "time_zone": "Europe/Amsterdam",
        "venue": {"name": "Square", "city": "The Hague", "country": "NL"},
        "status": "draft",
    }


# --- creating ------------------------------------------------------------------------


def test_organiser_creates_a_draft_for_own_organisation(api_client, organiser, new_event):
    response = api_client.post(LIST_URL, new_event)

    assert response.status_code == 201, response.content
    event = AnniversaryEvent.objects.get()
    assert response["Location"] == f"http://testserver{item_url(event)}"
    assert response.json()["url"] == response["Location"]
    assert event.created_by == organiser
    assert event.organisation.slug == "own-org"
    assert event.status == Status.DRAFT
    assert event.venue_city == "The Hague"
    assert response.json()["starts_at"] == "2030-02-26T11:00:00+01:00"
    assert response.json()["anniversary"] == 38


def test_created_event_carries_the_etag_a_following_read_returns(api_client, organiser, new_event):
    created = api_client.post(LIST_URL, new_event)

    assert created.status_code == 201, created.content
    read = api_client.get(created["Location"])
    assert created["ETag"] == read["ETag"]
    assert created["Last-Modified"] == read["Last-Modified"]
    # The ETag is usable straight away for a guarded write.
    changed = api_client.patch(
        created["Location"], {"title": "Renamed"}, HTTP_IF_MATCH=created["ETag"]
    )
    assert changed.status_code == 200, changed.content


def test_server_owned_fields_sent_by_the_client_are_ignored(api_client, organiser, new_event):
    """Decision: like any unknown field, server-owned fields are ignored, not refused."""
    other_user = UserFactory()
    response = api_client.post(
        LIST_URL,
        {
            **new_event,
            "slug": "chosen-by-client",
            "created": "2000-01-01T00:00:00Z",
            "updated": "2000-01-01T00:00:00Z",
            "created_by": other_user.pk,
            "id": 999,
        },
    )

    assert response.status_code == 201, response.content
    event = AnniversaryEvent.objects.get()
    assert event.slug == "thirty-eighth-anniversary"
    assert event.created.year > 2000
    assert event.created_by == organiser
    assert event.pk != 999


def test_organiser_cannot_create_for_another_organisation(
    api_client, organiser, new_event, other_organisation
):
    response = api_client.post(LIST_URL, {**new_event, "organisation": "other-org"})

    assert error_fields(response) == ["organisation"]
    assert not AnniversaryEvent.objects.exists()


def test_anonymous_cannot_create(api_client, own_organisation, new_event):
    response = api_client.post(LIST_URL, new_event)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert not AnniversaryEvent.objects.exists()


def test_user_without_a_role_cannot_create(api_client, own_organisation, new_event):
    api_client.force_login(UserFactory())

    assert api_client.post(LIST_URL, new_event).status_code == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at": "2030-02-26T10:00:00+01:00"}, "ends_at"),
        ({"starts_at": "2030-02-26T11:00:00"}, "starts_at"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"historical_event": "no-such-event"}, "historical_event"),
        ({"venue": {"latitude": 52.1}}, "venue.longitude"),
        ({"venue": {"latitude": 95, "longitude": 4}}, "venue.latitude"),
        ({"online_url": "not a url"}, "online_url"),
    ],
)
def test_invalid_event_is_a_400_naming_the_field(
    api_client, editor, own_organisation, new_event, change, field
):
    response = api_client.post(LIST_URL, {**new_event, **change})

    assert error_fields(response) == [field]
    assert not AnniversaryEvent.objects.exists()


# --- changing ------------------------------------------------------------------------


def test_organiser_edits_own_draft_and_submits_it(api_client, organiser, own_organisation):
    event = AnniversaryEventFactory(organisation=own_organisation, status=Status.DRAFT)

    response = api_client.patch(item_url(event), {"title": "New title", "status": "submitted"})

    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert (event.title, event.status) == ("New title", Status.SUBMITTED)
    assert response.json()["title"] == "New title"


def test_organiser_cannot_publish_own_event(api_client, organiser, own_organisation):
    event = AnniversaryEventFactory(organisation=own_organisation, status=Status.SUBMITTED)

    response = api_client.patch(item_url(event), {"status": "published"})

    assert error_fields(response) == ["status"]
    event.refresh_from_db()
    assert event.status == Status.SUBMITTED


def test_organiser_cannot_move_event_to_another_organisation(
    api_client, organiser, own_organisation, other_organisation
):
    event = AnniversaryEventFactory(organisation=own_organisation, status=Status.DRAFT)

    response = api_client.patch(item_url(event), {"organisation": "other-org"})

    assert error_fields(response) == ["organisation"]
    event.refresh_from_db()
    assert event.organisation == own_organisation


def test_patch_checks_end_against_the_stored_start(api_client, editor):
    event = AnniversaryEventFactory()
    stored_end = event.ends_at

    response = api_client.patch(item_url(event), {"ends_at": "2000-01-01T00:00:00Z"})

    assert error_fields(response) == ["ends_at"]
    event.refresh_from_db()
    assert event.ends_at == stored_end


def test_editor_cancels_with_a_note(api_client, editor):
    event = AnniversaryEventFactory(status=Status.PUBLISHED)

    response = api_client.patch(
        item_url(event), {"status": "cancelled", "cancellation_note": "Storm warning."}
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancellation_note"] == "Storm warning."


def test_cancelling_without_a_note_names_cancellation_note(api_client, editor):
    event = AnniversaryEventFactory(status=Status.PUBLISHED)

    response = api_client.patch(item_url(event), {"status": "cancelled"})

    assert error_fields(response) == ["cancellation_note"]
    event.refresh_from_db()
    assert event.status == Status.PUBLISHED


def test_organiser_cannot_write_a_cancellation_note(api_client, organiser, own_organisation):
    event = AnniversaryEventFactory(organisation=own_organisation, status=Status.DRAFT)

    response = api_client.patch(item_url(event), {"cancellation_note": "Because."})

    assert error_fields(response) == ["cancellation_note"]


def test_put_replaces_the_event_and_keeps_its_slug(
    api_client, organiser, own_organisation, new_event
):
    event = AnniversaryEventFactory(
        title="Wreath laying", organisation=own_organisation, status=Status.DRAFT
    )

    response = api_client.put(item_url(event), {**new_event, "title": "Replaced"})

    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert (event.title, event.slug) == ("Replaced", "wreath-laying")
    assert response.json()["slug"] == "wreath-laying"
