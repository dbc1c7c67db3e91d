"""Reading anniversary events: the payload, who sees what, and what it costs."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import AnniversaryEvent
from tests.factories import (
    AnniversaryEventFactory,
    EditorFactory,
    HistoricalEventFactory,
    MemorialFactory,
    OrganisationFactory,
    OrganiserFactory,
)

pytestmark = pytest.mark.django_db

Status = AnniversaryEvent.Status
LIST_URL = "/api/v1/events/"


def item_url(event) -> str:
    return f"/api/v1/events/{event.slug}/"


def slugs(response) -> list[str]:
    return [row["slug"] for row in response.json()["results"]]


def test_event_payload_in_full(api_client):
    historical = HistoricalEventFactory(
        name="Khojaly massacre", slug="khojaly-massacre", start_date=datetime.date(1992, 2, 26)
    )
    memorial = MemorialFactory(name="Khojaly Monument", slug="khojaly-monument")
    organisation = OrganisationFactory(name="Example Foundation", slug="example-foundation")
    event = AnniversaryEventFactory(
        title="Commemoration 2015",
        slug="commemoration-2015",
        historical_event=historical,
        memorial=memorial,
        organisation=organisation,
        venue_name="Square",
        venue_address="Plein 1",
        venue_city="The Hague",
        venue_country="NL",
        venue_latitude=Decimal("52.079000"),
        venue_longitude=Decimal("4.313000"),
        online_url="https://stream.example.org/live",
        starts_at=datetime.datetime(2015, 2, 26, 10, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2015, 2, 26, 12, 30, tzinfo=datetime.UTC),
        time_zone="Europe/Amsterdam",
        description="A wreath-laying.",
        registration_url="https://example.org/register",
        language="nl",
    )

    response = api_client.get(item_url(event))

    assert response.status_code == 200
    assert response.json() == {
        "id": event.pk,
        "slug": "commemoration-2015",
        "url": "http://testserver/api/v1/events/commemoration-2015/",
        "web_url": "http://testserver/events/commemoration-2015/",
        "created": event.created.isoformat().replace("+00:00", "Z"),
        "updated": event.updated.isoformat().replace("+00:00", "Z"),
        "title": "Commemoration 2015",
        "historical_event": {
            "slug": "khojaly-massacre",
            "name": "Khojaly massacre",
            "url": "http://testserver/api/v1/historical-events/khojaly-massacre/",
        },
        "memorial": {
            "slug": "khojaly-monument",
            "name": "Khojaly Monument",
            "url": "http://testserver/api/v1/memorials/khojaly-monument/",
        },
        "venue": {
            "name": "Square",
            "address": "Plein 1",
            "city": "The Hague",
            "country": "NL",
            "latitude": 52.079,
            "longitude": 4.313,
        },
        "online_url": "https://stream.example.org/live",
        "starts_at": "2015-02-26T11:00:00+01:00",
        "ends_at": "2015-02-26T13:30:00+01:00",
        "time_zone": "Europe/Amsterdam",
        "anniversary": 23,
        "organisation": {
            "slug": "example-foundation",
            "name": "Example Foundation",
            "url": "http://testserver/api/v1/organisations/example-foundation/",
        },
        "description": "A wreath-laying.",
        "status": "published",
        "cancellation_note": "",
        "registration_url": "https://example.org/register",
        "language": "nl",
    }


def test_item_url_is_the_model_absolute_url(api_client):
    event = AnniversaryEventFactory()

    assert reverse("api:anniversaryevent-detail", kwargs={"slug": event.slug}) == item_url(event)


def test_event_without_memorial_shows_null_memorial(api_client):
    event = AnniversaryEventFactory(memorial=None, venue_name="Town hall")

    body = api_client.get(item_url(event)).json()

    assert body["memorial"] is None
    assert body["venue"]["name"] == "Town hall"


def test_unpublished_memorial_is_not_shown_to_anonymous_readers(api_client):
    event = AnniversaryEventFactory(memorial=MemorialFactory(is_published=False))

    assert api_client.get(item_url(event)).json()["memorial"] is None


def test_memorial_visibility_is_read_from_the_joined_memorial(api_client):
    """No subquery per event: PostgreSQL planned one as a scan of every memorial."""
    AnniversaryEventFactory(memorial=MemorialFactory(is_published=False))

    with CaptureQueriesContext(connection) as queries:
        assert api_client.get("/api/v1/events/").json()["results"][0]["memorial"] is None

    page = queries.captured_queries[-1]["sql"]
    assert "EXISTS" not in page.upper()
    assert page.count('JOIN "memorials_memorial"') == 1
    assert 'FROM "memorials_memorial"' not in page


# --- who sees what -------------------------------------------------------------------


@pytest.fixture
def events_by_status():
    own = OrganisationFactory()
    other = OrganisationFactory()
    rows = {
        "published": AnniversaryEventFactory(status=Status.PUBLISHED, organisation=other),
        "cancelled": AnniversaryEventFactory(
            status=Status.CANCELLED, cancellation_note="Storm.", organisation=other
        ),
        "own_draft": AnniversaryEventFactory(status=Status.DRAFT, organisation=own),
        "own_submitted": AnniversaryEventFactory(status=Status.SUBMITTED, organisation=own),
        "other_draft": AnniversaryEventFactory(status=Status.DRAFT, organisation=other),
    }
    return own, rows


def test_anonymous_reads_published_and_cancelled_events_only(api_client, events_by_status):
    _, rows = events_by_status

    response = api_client.get(LIST_URL)

    assert set(slugs(response)) == {rows["published"].slug, rows["cancelled"].slug}


def test_anonymous_gets_404_for_a_draft(api_client, events_by_status):
    _, rows = events_by_status

    response = api_client.get(item_url(rows["other_draft"]))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_organiser_also_reads_own_organisation_drafts(api_client, events_by_status):
    own, rows = events_by_status
    # Another member of the same organisation must not make events appear twice.
    OrganiserFactory(organisations=[own])
    api_client.force_login(OrganiserFactory(organisations=[own]))

    response = api_client.get(LIST_URL)

    assert sorted(slugs(response)) == sorted(
        rows[key].slug for key in ("published", "cancelled", "own_draft", "own_submitted")
    )
    assert response.json()["count"] == 4


def test_organiser_gets_404_for_other_organisation_draft(api_client, events_by_status):
    own, rows = events_by_status
    api_client.force_login(OrganiserFactory(organisations=[own]))

    assert api_client.get(item_url(rows["other_draft"])).status_code == 404
    assert api_client.get(item_url(rows["own_draft"])).status_code == 200


def test_editor_reads_every_event(api_client, events_by_status):
    _, rows = events_by_status
    api_client.force_login(EditorFactory())

    response = api_client.get(LIST_URL)

    assert sorted(slugs(response)) == sorted(event.slug for event in rows.values())


def test_status_filter_only_narrows_what_the_reader_may_see(api_client, events_by_status):
    """Decision: anonymous status=draft is an empty list, not a 400 nor a leak."""
    own, rows = events_by_status

    anonymous = api_client.get(LIST_URL, {"status": "draft"})
    api_client.force_login(OrganiserFactory(organisations=[own]))
    organiser = api_client.get(LIST_URL, {"status": "draft"})

    assert anonymous.status_code == 200
    assert slugs(anonymous) == []
    assert slugs(organiser) == [rows["own_draft"].slug]


# --- pagination and query budget -----------------------------------------------------


def test_page_size_above_100_is_refused(api_client):
    response = api_client.get(LIST_URL, {"page_size": "101"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "page_size"


@pytest.mark.parametrize("rows", [5, 50])
def test_list_costs_two_queries_whatever_the_page_size(api_client, django_assert_num_queries, rows):
    AnniversaryEventFactory.create_batch(rows)

    with django_assert_num_queries(2):
        response = api_client.get(LIST_URL, {"page_size": 100})

    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_editor_list_adds_only_session_and_role_queries(
    api_client, django_assert_num_queries, rows
):
    AnniversaryEventFactory.create_batch(rows, status=Status.DRAFT)
    api_client.force_login(EditorFactory())

    # session, user, editor check; then the same two queries as anonymous readers
    with django_assert_num_queries(5):
        response = api_client.get(LIST_URL, {"page_size": 100})

    assert len(response.json()["results"]) == rows


def test_item_costs_two_queries(api_client, django_assert_num_queries):
    event = AnniversaryEventFactory()

    with django_assert_num_queries(2):
        response = api_client.get(item_url(event))

    assert response.status_code == 200
