"""Historical events: public reading, filters, editor-only writing."""

import datetime

import pytest
from django.urls import reverse

from memorials.models import HistoricalEvent, HistoricalEventQuerySet
from tests.factories import (
    AnniversaryEventFactory,
    EditorFactory,
    HistoricalEventFactory,
    OrganisationFactory,
    OrganiserFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/historical-events/"


def detail(event) -> str:
    return reverse("api:historicalevent-detail", kwargs={"slug": event.slug})


def test_historical_event_payload(api_client):
    event = HistoricalEventFactory(
        name="Khojaly massacre",
        other_names=["Xocalı soyqırımı"],
        start_date=datetime.date(1992, 2, 25),
        end_date=datetime.date(1992, 2, 26),
        place_name="Khojaly",
        latitude="39.9133",
        longitude="46.7903",
        summary="Civilians were killed.",
    )

    body = api_client.get(detail(event)).json()

    assert body == {
        "id": event.pk,
        "slug": "khojaly-massacre",
        "url": "http://testserver/api/v1/historical-events/khojaly-massacre/",
        "web_url": "http://testserver/history/khojaly-massacre/",
        "name": "Khojaly massacre",
        "other_names": ["Xocalı soyqırımı"],
        "start_date": "1992-02-25",
        "start_date_precision": "day",
        "end_date": "1992-02-26",
        "remembered_on": "start",
        "leap_day": "february-28",
        "place_name": "Khojaly",
        "country": "AZ",
        "location": {"latitude": 39.9133, "longitude": 46.7903},
        "summary": "Civilians were killed.",
        "description": "",
        "wikidata_id": "",
        "memorials_url": "http://testserver/api/v1/memorials/?commemorates=khojaly-massacre",
        "created": body["created"],
        "updated": body["updated"],
    }
    assert body["created"].endswith("Z")


def test_filters_and_ordering(api_client):
    old = HistoricalEventFactory(name="B old", start_date=datetime.date(1915, 4, 24), country="TR")
    new = HistoricalEventFactory(name="A new", start_date=datetime.date(1992, 2, 25))

    def slugs(params):
        return [e["slug"] for e in api_client.get(LIST, params).json()["results"]]

    assert slugs({}) == [old.slug, new.slug]
    assert slugs({"ordering": "name"}) == [new.slug, old.slug]
    assert slugs({"country": "az"}) == [new.slug]
    assert slugs({"starts_after": "1990-01-01"}) == [new.slug]
    assert slugs({"starts_before": "1990-01-01"}) == [old.slug]


@pytest.fixture
def around_khojaly():
    """Three events: the day before, the day of, and the day after 26 February 1992."""
    return [
        HistoricalEventFactory(name=name, start_date=datetime.date(1992, 2, day))
        for name, day in (("Day before", 25), ("Day of", 26), ("Day after", 27))
    ]


def test_starts_after_and_starts_before_include_the_boundary_day(api_client, around_khojaly):
    before, on, after = (event.slug for event in around_khojaly)

    def slugs(params):
        return [e["slug"] for e in api_client.get(LIST, params).json()["results"]]

    assert slugs({"starts_after": "1992-02-26"}) == [on, after]
    assert slugs({"starts_before": "1992-02-26"}) == [before, on]
    assert slugs({"starts_after": "1992-02-26", "starts_before": "1992-02-26"}) == [on]
    day = datetime.date(1992, 2, 26)
    same_day = HistoricalEvent.objects.starting_between(after=day, before=day)
    assert [event.slug for event in same_day] == [on]


def test_the_date_filters_are_the_querysets_starting_between(
    api_client, around_khojaly, monkeypatch
):
    """One home for the date range (`HistoricalEventQuerySet.starting_between`): the
    filters call it rather than restating the lookups."""
    calls = []
    starting_between = HistoricalEventQuerySet.starting_between

    def spy(queryset, after=None, before=None):
        calls.append((after, before))
        return starting_between(queryset, after=after, before=before)

    monkeypatch.setattr(HistoricalEventQuerySet, "starting_between", spy)
    day = datetime.date(1992, 2, 26)

    response = api_client.get(LIST, {"starts_after": "1992-02-26", "starts_before": "1992-02-26"})

    assert response.json()["count"] == 1
    assert set(calls) == {(day, None), (None, day)}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"country": "ZZ"}, "country"),
        ({"starts_after": "1990"}, "starts_after"),
        ({"ordering": "secret"}, "ordering"),
    ],
)
def test_malformed_filter_is_a_400_naming_it(api_client, params, field):
    response = api_client.get(LIST, params)

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]


@pytest.mark.parametrize("size", [3, 30])
def test_list_costs_at_most_three_queries(api_client, django_assert_max_num_queries, size):
    HistoricalEventFactory.create_batch(size)

    with django_assert_max_num_queries(3):
        response = api_client.get(LIST, {"page_size": size})

    assert len(response.json()["results"]) == size


def test_editor_creates_updates_and_deletes(api_client):
    api_client.force_authenticate(EditorFactory())

    created = api_client.post(
        LIST, {"name": "New event", "start_date": "2001-09-11"}, format="json"
    )
    assert created.status_code == 201
    assert created["Location"] == "http://testserver/api/v1/historical-events/new-event/"
    event = HistoricalEvent.objects.get()

    changed = api_client.patch(detail(event), {"end_date": "2001-09-10"}, format="json")
    assert changed.status_code == 400
    assert [e["field"] for e in changed.json()["errors"]] == ["end_date"]

    assert api_client.delete(detail(event)).status_code == 204
    assert not HistoricalEvent.objects.exists()


def test_deleting_an_event_still_commemorated_is_a_409(api_client):
    anniversary = AnniversaryEventFactory()
    api_client.force_authenticate(EditorFactory())

    response = api_client.delete(detail(anniversary.historical_event))

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert HistoricalEvent.objects.filter(pk=anniversary.historical_event.pk).exists()


def test_anonymous_and_organiser_cannot_write(api_client):
    event = HistoricalEventFactory(name="Kept")

    assert api_client.post(LIST, {"name": "x", "start_date": "2001-01-01"}).status_code == 401
    api_client.force_authenticate(OrganiserFactory(organisations=[OrganisationFactory()]))
    assert api_client.patch(detail(event), {"name": "x"}).status_code == 403
    assert api_client.delete(detail(event)).status_code == 403
    event.refresh_from_db()
    assert event.name == "Kept"
