"""Alphabetical order ignores case and accents, and is the same on SQLite and PostgreSQL.

Names sort by `sort_name` (the folded name), compared byte by byte on both databases; an
index serves the order.
"""

import pytest
from django.db import connection

from memorials.models import HistoricalEvent, Memorial
from tests.factories import HistoricalEventFactory, MemorialFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

NAMES_IN_ORDER = ["alpha", "Beta", "Çanakkale", "Île", "ödemiş", "Van der Berg", "vanessa", "Zeta"]
SHUFFLED = ["Zeta", "ödemiş", "vanessa", "Île", "alpha", "Van der Berg", "Çanakkale", "Beta"]


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["results"]]


def test_memorial_list_orders_names_ignoring_case_and_accents(api_client):
    for name in SHUFFLED:
        MemorialFactory(name=name, is_published=True)

    assert names(api_client.get("/api/v1/memorials/", {"ordering": "name"})) == NAMES_IN_ORDER
    assert names(api_client.get("/api/v1/memorials/")) == NAMES_IN_ORDER
    assert names(api_client.get("/api/v1/memorials/", {"ordering": "-name"})) == list(
        reversed(NAMES_IN_ORDER)
    )


def test_cursor_walk_follows_the_same_order(api_client):
    for name in SHUFFLED:
        MemorialFactory(name=name, is_published=True)

    seen, url = [], "/api/v1/memorials/?cursor=*&page_size=3"
    while url:
        page = api_client.get(url).json()
        seen += [item["name"] for item in page["results"]]
        url = page["next"]

    assert seen == NAMES_IN_ORDER


def test_historical_events_and_organisations_order_names_the_same_way(api_client):
    for name in SHUFFLED:
        HistoricalEventFactory(name=name)
        OrganisationFactory(name=name)

    assert (
        names(api_client.get("/api/v1/historical-events/", {"ordering": "name"})) == NAMES_IN_ORDER
    )
    assert names(api_client.get("/api/v1/organisations/", {"ordering": "name"})) == NAMES_IN_ORDER
    assert names(api_client.get("/api/v1/organisations/")) == NAMES_IN_ORDER


def test_renaming_a_record_moves_it_in_the_order():
    memorial = MemorialFactory(name="Zeta")
    memorial.name = "Ábaco"
    memorial.save(update_fields=["name"])

    memorial.refresh_from_db()
    assert memorial.sort_name == "abaco"


def test_the_name_order_is_served_by_an_index():
    queryset = Memorial.objects.filter(is_published=True).order_by("sort_name", "id")[:50]
    plan = queryset.explain()

    if connection.vendor == "sqlite":
        assert "memorial_pub_name" in plan
        assert "TEMP B-TREE" not in plan
    else:
        # On a tiny table PostgreSQL prefers to scan and sort: forbid sorting, so the
        # plan shows whether an index can deliver the order at all.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_sort = off")
            plan = queryset.explain()
        assert "Sort" not in plan
        assert "memorial_pub_name" in plan


def test_sort_keys_are_compared_byte_by_byte_on_both_databases():
    table = HistoricalEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT collation_name FROM information_schema.columns "
                "WHERE table_name = %s AND column_name = 'sort_name'",
                [table],
            )
            assert cursor.fetchone() == ("C",)
        else:
            # SQLite's default collation is BINARY: the column must not name another.
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [table])
            (definition,) = cursor.fetchone()
            column = next(p for p in definition.split(",") if '"sort_name"' in p)
            assert "COLLATE" not in column.upper()
