"""Filtering and ordering the anniversary event list; malformed values are 400s."""

import datetime

import pytest
import time_machine

from tests.factories import (
    AnniversaryEventFactory,
    HistoricalEventFactory,
    MemorialFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/events/"


def at(day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2030, 2, day, hour, 0, tzinfo=datetime.UTC)


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def error_fields(response) -> list[str]:
    assert response.status_code == 400, response.content
    return [error["field"] for error in response.json()["errors"]]


def test_commemorates_memorial_and_organisation_filter_by_slug(api_client):
    khojaly = HistoricalEventFactory(slug="khojaly")
    monument = MemorialFactory(slug="monument")
    foundation = OrganisationFactory(slug="foundation")
    match = AnniversaryEventFactory(
        historical_event=khojaly, memorial=monument, organisation=foundation
    )
    AnniversaryEventFactory()

    assert slugs(api_client.get(LIST_URL, {"commemorates": "khojaly"})) == [match.slug]
    assert slugs(api_client.get(LIST_URL, {"memorial": "monument"})) == [match.slug]
    assert slugs(api_client.get(LIST_URL, {"organisation": "foundation"})) == [match.slug]
    assert slugs(api_client.get(LIST_URL, {"organisation": "nobody"})) == []


def test_country_matches_the_memorial_or_the_venue(api_client):
    at_dutch_memorial = AnniversaryEventFactory(memorial=MemorialFactory(country="NL"))
    at_dutch_venue = AnniversaryEventFactory(memorial=None, venue_country="NL")
    AnniversaryEventFactory(memorial=MemorialFactory(country="AZ"))

    assert sorted(slugs(api_client.get(LIST_URL, {"country": "nl"}))) == sorted(
        [at_dutch_memorial.slug, at_dutch_venue.slug]
    )


def test_starts_after_and_before_take_dates_and_datetimes(api_client):
    early = AnniversaryEventFactory(starts_at=at(10))
    middle = AnniversaryEventFactory(starts_at=at(20))
    AnniversaryEventFactory(starts_at=at(27))

    by_date = api_client.get(
        LIST_URL, {"starts_after": "2030-02-15", "starts_before": "2030-02-27"}
    )
    by_datetime = api_client.get(LIST_URL, {"starts_before": "2030-02-20T11:00:00+01:00"})

    assert slugs(by_date) == [middle.slug]
    assert slugs(by_datetime) == [early.slug]  # 11:00+01:00 is 10:00 UTC, exclusive


@time_machine.travel(datetime.datetime(2030, 2, 20, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_upcoming_true_and_false(api_client):
    ended = AnniversaryEventFactory(starts_at=at(10))
    running = AnniversaryEventFactory(starts_at=at(20, 11))  # ends 13:00
    coming = AnniversaryEventFactory(starts_at=at(27))

    assert slugs(api_client.get(LIST_URL, {"upcoming": "true"})) == [running.slug, coming.slug]
    assert slugs(api_client.get(LIST_URL, {"upcoming": "false"})) == [ended.slug]


def test_ordering_from_the_allow_list(api_client):
    first = AnniversaryEventFactory(title="B", starts_at=at(10))
    second = AnniversaryEventFactory(title="A", starts_at=at(20))

    assert slugs(api_client.get(LIST_URL)) == [first.slug, second.slug]
    assert slugs(api_client.get(LIST_URL, {"ordering": "-starts_at"})) == [
        second.slug,
        first.slug,
    ]
    assert slugs(api_client.get(LIST_URL, {"ordering": "title"})) == [second.slug, first.slug]


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("upcoming", "maybe"),
        ("upcoming", "yes"),
        ("starts_after", "26-02-2030"),
        ("starts_before", "2030-02-31"),
        ("country", "XX"),
        ("country", "Netherlands"),
        ("status", "archived"),
        ("ordering", "description"),
        ("commemorates", "not a slug"),
    ],
)
def test_malformed_filter_is_a_400_naming_the_parameter(api_client, parameter, value):
    AnniversaryEventFactory()

    response = api_client.get(LIST_URL, {parameter: value})
    assert error_fields(response) == [parameter]


def test_search_ignores_case_and_accents(api_client):
    match = AnniversaryEventFactory(title="Hocalı anma töreni")
    AnniversaryEventFactory(title="Another ceremony")

    assert slugs(api_client.get(LIST_URL, {"search": "HOCALI"})) == [match.slug]
    assert slugs(api_client.get(LIST_URL, {"search": "toren"})) == [match.slug]


@pytest.mark.parametrize("offset", ["+16:28", "-23:59"])
def test_starts_after_takes_any_iso_offset(api_client, offset):
    # PostgreSQL refuses offsets beyond ±15:59; the filter compares in UTC.
    event = AnniversaryEventFactory(starts_at=at(20))

    response = api_client.get(LIST_URL, {"starts_after": f"2030-02-10T10:00:00{offset}"})

    assert slugs(response) == [event.slug]


def test_starts_after_beyond_the_calendar_in_utc_is_a_400(api_client):
    response = api_client.get(LIST_URL, {"starts_after": "0001-01-01T00:00:00+16:00"})

    assert error_fields(response) == ["starts_after"]
