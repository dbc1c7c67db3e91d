"""Memorial list filters: each documented filter works, and a malformed one is a 400."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from tests.factories import HistoricalEventFactory, MemorialFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/memorials/"


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [m["slug"] for m in response.json()["results"]]


def test_country_filter_takes_an_iso_code_in_any_case(api_client):
    dutch = MemorialFactory(country="NL")
    MemorialFactory(country="AZ")

    assert slugs(api_client.get(LIST, {"country": "nl"})) == [dutch.slug]


def test_city_kind_and_status_filters(api_client):
    museum = MemorialFactory(city="Baku", kind="museum", status="planned")
    MemorialFactory(city="Baku", kind="monument")
    MemorialFactory(city="The Hague", kind="museum", status="planned")

    assert slugs(api_client.get(LIST, {"city": "Baku", "kind": "museum", "status": "planned"})) == [
        museum.slug
    ]


def test_commemorates_filter_takes_an_event_slug(api_client):
    event = HistoricalEventFactory()
    remembering = MemorialFactory(historical_events=[event])
    MemorialFactory()

    assert slugs(api_client.get(LIST, {"commemorates": event.slug})) == [remembering.slug]


def test_bbox_filter_keeps_memorials_inside_the_box(api_client):
    inside = MemorialFactory(latitude=Decimal("52.08"), longitude=Decimal("4.30"))
    MemorialFactory(latitude=Decimal("40.40"), longitude=Decimal("49.87"))
    MemorialFactory(latitude=None, longitude=None)

    assert slugs(api_client.get(LIST, {"bbox": "4.2,52.0,4.4,52.2"})) == [inside.slug]


def test_near_filter_gives_distances_and_orders_by_them(api_client):
    far = MemorialFactory(name="A far", latitude=Decimal("52.10"), longitude=Decimal("4.30"))
    close = MemorialFactory(name="B close", latitude=Decimal("52.08"), longitude=Decimal("4.27"))
    MemorialFactory(name="C Baku", latitude=Decimal("40.40"), longitude=Decimal("49.87"))

    response = api_client.get(LIST, {"near": "52.08,4.26", "radius": "5", "ordering": "distance"})

    assert slugs(response) == [close.slug, far.slug]
    distances = [m["distance_km"] for m in response.json()["results"]]
    assert distances[0] == pytest.approx(0.685, abs=0.01)
    assert distances[1] == pytest.approx(3.52, abs=0.01)


def test_distance_is_null_without_near(api_client):
    MemorialFactory()

    assert api_client.get(LIST).json()["results"][0]["distance_km"] is None


def test_near_finds_memorials_across_the_antimeridian(api_client):
    fiji = MemorialFactory(latitude=Decimal("-16.5"), longitude=Decimal("179.99"))

    assert slugs(api_client.get(LIST, {"near": "-16.5,-179.99", "radius": "10"})) == [fiji.slug]


def test_updated_after_filter(api_client):
    with time_machine.travel(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)):
        MemorialFactory()
    with time_machine.travel(datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)):
        recent = MemorialFactory()

    assert slugs(api_client.get(LIST, {"updated_after": "2026-01-15T00:00:00Z"})) == [recent.slug]
    # Any ISO 8601 offset, although PostgreSQL refuses those beyond ±15:59.
    assert slugs(api_client.get(LIST, {"updated_after": "2026-01-16T00:00:00+23:00"})) == [
        recent.slug
    ]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [("name", ["a", "b", "c"]), ("-name", ["c", "b", "a"]), ("unveiled_on", ["b", "c", "a"])],
)
def test_ordering_from_the_allow_list(api_client, ordering, expected):
    MemorialFactory(name="a", unveiled_on=datetime.date(2010, 1, 1))
    MemorialFactory(name="b", unveiled_on=datetime.date(1990, 1, 1))
    MemorialFactory(name="c", unveiled_on=datetime.date(2000, 1, 1))

    assert slugs(api_client.get(LIST, {"ordering": ordering})) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"kind": "castle"}, "kind"),
        ({"status": "lost"}, "status"),
        ({"commemorates": "not a slug"}, "commemorates"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"bbox": "5,52,4,53"}, "bbox"),
        ({"bbox": "-200,0,0,10"}, "bbox"),
        ({"bbox": "nan,0,1,1"}, "bbox"),
        ({"near": "52.1"}, "near"),
        ({"near": "91,4"}, "near"),
        ({"near": "52,4", "radius": "-1"}, "radius"),
        ({"near": "52,4", "radius": "abc"}, "radius"),
        ({"radius": "5"}, "radius"),
        ({"updated_after": "yesterday"}, "updated_after"),
        ({"updated_after": "0001-01-01T00:00:00+16:00"}, "updated_after"),
        ({"ordering": "password"}, "ordering"),
        ({"ordering": "distance"}, "ordering"),
        ({"is_published": "maybe"}, "is_published"),
    ],
)
def test_malformed_filter_is_a_400_naming_it(api_client, params, field):
    MemorialFactory()

    response = api_client.get(LIST, params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_percent_signs_in_a_bad_value_are_reported_not_interpreted(api_client):
    response = api_client.get(LIST, {"country": "%Y-%m-%d"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == (
        "“%Y-%m-%d” is not an ISO 3166-1 alpha-2 country code."
    )
