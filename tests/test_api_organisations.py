"""Organisations in the API: public reading, editor-only writes."""

import pytest

from events.models import Organisation
from tests.factories import (
    AnniversaryEventFactory,
    EditorFactory,
    OrganisationFactory,
    OrganiserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/organisations/"


def item_url(organisation) -> str:
    return f"/api/v1/organisations/{organisation.slug}/"


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_organisation_payload_in_full(api_client):
    organisation = OrganisationFactory(
        name="Example Foundation",
        slug="example-foundation",
        website="https://example.org",
        contact_email="info@example.org",
        country="NL",
    )

    response = api_client.get(item_url(organisation))

    assert response.json() == {
        "id": organisation.pk,
        "slug": "example-foundation",
        "url": "http://testserver/api/v1/organisations/example-foundation/",
        "web_url": "http://testserver/organisations/example-foundation/",
        "created": organisation.created.isoformat().replace("+00:00", "Z"),
        "updated": organisation.updated.isoformat().replace("+00:00", "Z"),
        "name": "Example Foundation",
        "website": "https://example.org",
        "contact_email": "info@example.org",
        "country": "NL",
    }


def test_anonymous_reads_every_organisation_filtered_by_country(api_client):
    dutch = OrganisationFactory(country="NL")
    OrganisationFactory(country="AZ")

    assert slugs(api_client.get(LIST_URL, {"country": "nl"})) == [dutch.slug]
    assert len(slugs(api_client.get(LIST_URL))) == 2


def test_search_and_bad_country(api_client):
    match = OrganisationFactory(name="Xocalı Dostları")
    OrganisationFactory(name="Other")

    assert slugs(api_client.get(LIST_URL, {"search": "xocali"})) == [match.slug]
    response = api_client.get(LIST_URL, {"country": "ZZ"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "country"


@pytest.mark.parametrize("rows", [5, 50])
def test_list_costs_two_queries(api_client, django_assert_num_queries, rows):
    OrganisationFactory.create_batch(rows)

    with django_assert_num_queries(2):
        assert len(slugs(api_client.get(LIST_URL, {"page_size": 100}))) == rows


def test_editor_creates_and_edits_an_organisation(api_client):
    api_client.force_login(EditorFactory())

    created = api_client.post(LIST_URL, {"name": "New Org", "country": "AZ", "slug": "mine"})
    organisation = Organisation.objects.get()
    edited = api_client.patch(item_url(organisation), {"website": "https://new.example"})

    assert created.status_code == 201, created.content
    assert created["Location"].endswith("/api/v1/organisations/new-org/")
    assert edited.status_code == 200
    organisation.refresh_from_db()
    assert organisation.website == "https://new.example"


def test_invalid_email_is_a_400_naming_it(api_client):
    api_client.force_login(EditorFactory())

    response = api_client.post(LIST_URL, {"name": "Org", "contact_email": "nope"})

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["contact_email"]
    assert not Organisation.objects.exists()


def test_organiser_cannot_change_even_their_own_organisation(api_client):
    organisation = OrganisationFactory(name="Mine")
    api_client.force_login(OrganiserFactory(organisations=[organisation]))

    response = api_client.patch(item_url(organisation), {"name": "Renamed"})

    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Mine"


def test_anonymous_cannot_create(api_client):
    assert api_client.post(LIST_URL, {"name": "Org"}).status_code == 401
    assert not Organisation.objects.exists()


def test_deleting_an_organisation_with_events_is_a_409(api_client):
    event = AnniversaryEventFactory()
    api_client.force_login(EditorFactory())

    response = api_client.delete(item_url(event.organisation))

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert Organisation.objects.filter(pk=event.organisation_id).exists()


def test_editor_deletes_an_unused_organisation(api_client):
    organisation = OrganisationFactory()
    api_client.force_login(EditorFactory())

    assert api_client.delete(item_url(organisation)).status_code == 204
    assert not Organisation.objects.exists()


def test_missing_website_and_email_read_as_null(api_client):
    organisation = OrganisationFactory(website="", contact_email="")

    body = api_client.get(item_url(organisation)).json()

    assert (body["website"], body["contact_email"]) == (None, None)
