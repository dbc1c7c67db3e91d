"""Full-text search: case- and accent-insensitive, prefix words, kept in step with edits."""

import pytest
from django.db import connection

from memorials.models import HistoricalEvent, Memorial
from tests.factories import HistoricalEventFactory, MemorialFactory

pytestmark = pytest.mark.django_db

SPELLINGS = ["Hocali", "Hocalı", "Xocali", "Khojaly", "KHOJALY", "hocalı katl"]


@pytest.fixture
def khojaly():
    event = HistoricalEventFactory(
        name="Khojaly massacre", other_names=["Xocalı soyqırımı", "Hocalı Katliamı"]
    )
    memorial = MemorialFactory(
        name="Khojaly Memorial, The Hague",
        other_names=["Khojaly Genocide Memorial"],
        historical_events=[event],
    )
    HistoricalEventFactory(name="Something else")
    MemorialFactory(name="Another memorial")
    return event, memorial


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_finds_the_event_and_its_memorial(khojaly, spelling):
    event, memorial = khojaly

    assert list(HistoricalEvent.objects.search(spelling)) == [event]
    assert list(Memorial.objects.search(spelling)) == [memorial]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_search_parameter_on_the_lists(api_client, khojaly, spelling):
    event, memorial = khojaly

    memorials = api_client.get("/api/v1/memorials/", {"search": spelling}).json()
    events = api_client.get("/api/v1/historical-events/", {"search": spelling}).json()

    assert [m["slug"] for m in memorials["results"]] == [memorial.slug]
    assert [e["slug"] for e in events["results"]] == [event.slug]


def test_demo_records_are_found_by_every_spelling(api_client):
    from directory.demo import KHOJALY_MASSACRE, KHOJALY_MEMORIAL, demo_load

    demo_load()
    for spelling in ["Hocali", "Hocalı", "Xocali", "Khojaly"]:
        memorials = api_client.get("/api/v1/memorials/", {"search": spelling}).json()
        events = api_client.get("/api/v1/historical-events/", {"search": spelling}).json()
        assert [m["slug"] for m in memorials["results"]] == [KHOJALY_MEMORIAL], spelling
        assert [e["slug"] for e in events["results"]] == [KHOJALY_MASSACRE], spelling


def test_all_words_must_match():
    MemorialFactory(name="Stone of Baku")

    assert Memorial.objects.search("stone baku").count() == 1
    assert Memorial.objects.search("stone paris").count() == 0


def test_punctuation_only_finds_nothing_and_quotes_are_harmless():
    MemorialFactory(name="Stone")

    assert Memorial.objects.search("!!! ***").count() == 0
    assert Memorial.objects.search('"stone" OR x NEAR(').count() == 0
    assert Memorial.objects.search("sto*").count() == 1


def test_index_follows_renames_and_deletions():
    memorial = MemorialFactory(name="Old name")

    memorial.name = "Brand new"
    memorial.save()
    assert Memorial.objects.search("old").count() == 0
    assert Memorial.objects.search("brand").count() == 1

    memorial.delete()
    assert Memorial.objects.search("brand").count() == 0


def test_search_uses_the_full_text_index_not_a_scan():
    sql = str(Memorial.objects.filter(pk__in=Memorial.objects.search("hocali").values("pk")).query)

    if connection.vendor == "sqlite":
        assert "memorials_memorial_fts" in sql
        assert "MATCH" in sql
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            triggers = {row[0] for row in cursor.fetchall()}
        for table in [
            "memorials_memorial",
            "memorials_historicalevent",
            "events_anniversaryevent",
            "articles_article",
            "events_organisation",
        ]:
            assert {f"{table}_fts_ai", f"{table}_fts_ad", f"{table}_fts_au"} <= triggers
    else:
        assert "to_tsquery" in sql
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_search_gin'")
            indexes = {row[0] for row in cursor.fetchall()}
        assert "memorials_memorial_search_gin" in indexes
        assert "articles_article_search_gin" in indexes


def test_search_without_words_answers_an_empty_page(api_client):
    MemorialFactory()

    response = api_client.get("/api/v1/memorials/", {"search": "!!!"})

    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert response["ETag"]
