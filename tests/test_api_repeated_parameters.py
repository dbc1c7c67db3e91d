"""A single-valued query parameter given twice is refused with a 400 naming it:
Django would silently keep the last value."""

import datetime
from datetime import UTC

import pytest

from events.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LISTS = ["memorials", "historical-events", "events", "articles", "organisations"]


@pytest.mark.parametrize("resource", LISTS)
def test_a_repeated_ordering_is_refused_naming_it(api_client, resource):
    response = api_client.get(f"/api/v1/{resource}/?ordering=updated&ordering=-updated")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["ordering"]
    assert "commas" in errors[0]["message"]


@pytest.mark.parametrize("resource", LISTS)
@pytest.mark.parametrize("parameter", ["page", "page_size", "search"])
def test_other_repeated_single_valued_parameters_are_refused(api_client, resource, parameter):
    response = api_client.get(f"/api/v1/{resource}/?{parameter}=1&{parameter}=2")

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [parameter]


def test_repeated_filters_are_all_named(api_client):
    response = api_client.get("/api/v1/memorials/?country=NL&country=AZ&kind=park&kind=park")

    assert response.status_code == 400
    assert sorted(e["field"] for e in response.json()["errors"]) == ["country", "kind"]


def test_several_orderings_are_given_with_commas(api_client):
    for name in ("B", "A", "C"):
        OrganisationFactory(name=name)
    Organisation.objects.update(updated=datetime.datetime(2026, 1, 1, tzinfo=UTC))
    Organisation.objects.filter(name="C").update(updated=datetime.datetime(2020, 1, 1, tzinfo=UTC))

    response = api_client.get("/api/v1/organisations/?ordering=updated,name")

    assert response.status_code == 200
    assert [o["name"] for o in response.json()["results"]] == ["C", "A", "B"]


def test_a_parameter_given_once_is_read(api_client):
    OrganisationFactory(name="A")
    OrganisationFactory(name="B")

    response = api_client.get("/api/v1/organisations/?ordering=-name&page_size=1")

    assert [o["name"] for o in response.json()["results"]] == ["B"]
