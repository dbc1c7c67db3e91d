"""Input the schema does not allow is refused, even where a library would read it."""

import pytest

from tests.factories import EditorFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("country", [{"code": "NL"}, "Netherlands", "nl", 31])
def test_a_country_is_written_as_its_code_only(api_client, country):
    api_client.force_authenticate(EditorFactory())

    response = api_client.post(
        "/api/v1/organisations/", {"name": "Memory", "country": country}, format="json"
    )

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["country"]


def test_a_country_code_is_accepted(api_client):
    api_client.force_authenticate(EditorFactory())

    response = api_client.post(
        "/api/v1/organisations/", {"name": "Memory", "country": "NL"}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["country"] == "NL"


@pytest.mark.parametrize(("query", "status"), [("page=null", 404), ("page_size=0", 400)])
def test_a_bad_page_is_refused_even_when_nothing_changed(api_client, query, status):
    OrganisationFactory()
    nothing_changed = {"If-None-Match": "*"}
    assert api_client.get("/api/v1/organisations/", headers=nothing_changed).status_code == 304

    response = api_client.get(f"/api/v1/organisations/?{query}", headers=nothing_changed)

    assert response.status_code == status
