"""The schema tells clients what each list's `search` reads and how it matches."""

import pytest

from core.filters import SEARCH_HELP

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/schema/?format=json").json()


@pytest.mark.parametrize(
    ("path", "reads"),
    [
        ("/api/v1/events/", "titles and venue names and places"),
        ("/api/v1/organisations/", "names and countries"),
    ],
)
def test_search_says_what_it_reads(schema, path, reads):
    parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}

    assert parameters["search"]["description"] == f"{SEARCH_HELP}Searches {reads}."
