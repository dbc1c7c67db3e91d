"""List filters exactly at their edges: the radius around `near` (its default and its
maximum), the coordinate ranges of `bbox` and `near`, and the date filters on the value
itself (inclusive or exclusive, as each filter's help text says)."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from events.models import AnniversaryEvent
from memorials.filters import DEFAULT_RADIUS_KM, MAX_RADIUS_KM
from tests.factories import AnniversaryEventFactory, HistoricalEventFactory, MemorialFactory

pytestmark = pytest.mark.django_db

MEMORIALS = "/api/v1/memorials/"
HISTORICAL_EVENTS = "/api/v1/historical-events/"
EVENTS = "/api/v1/events/"

# Along a meridian one degree of latitude is 111.195 km (the mean Earth radius of 6371 km).
KM_PER_DEGREE = Decimal("111.195")
ORIGIN = (Decimal("52.000000"), Decimal("4.300000"))
NEAR_ORIGIN = "52.0,4.3"


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def error_fields(response) -> list[str]:
    assert response.status_code == 400, response.content
    return [error["field"] for error in response.json()["errors"]]


def memorial_north_of_origin(km: str, name: str):
    """A memorial `km` kilometres due north of ORIGIN (to about a metre)."""
    degrees = (Decimal(km) / KM_PER_DEGREE).quantize(Decimal("0.000001"))
    return MemorialFactory(name=name, latitude=ORIGIN[0] + degrees, longitude=ORIGIN[1])


# --- radius --------------------------------------------------------------------------
def test_the_radius_limits_are_the_documented_ones():
    assert DEFAULT_RADIUS_KM == 10
    assert MAX_RADIUS_KM == 20_000


def test_without_a_radius_near_finds_memorials_within_ten_km(api_client):
    inside = memorial_north_of_origin("9.9", "inside")
    memorial_north_of_origin("10.1", "outside")

    assert slugs(api_client.get(MEMORIALS, {"near": NEAR_ORIGIN})) == [inside.slug]


def test_the_radius_narrows_and_widens_the_circle(api_client):
    close = memorial_north_of_origin("4.9", "a close")
    middle = memorial_north_of_origin("5.1", "b middle")
    far = memorial_north_of_origin("49.9", "c far")
    memorial_north_of_origin("50.1", "d beyond")

    def within(radius: str) -> list[str]:
        return slugs(api_client.get(MEMORIALS, {"near": NEAR_ORIGIN, "radius": radius}))

    assert within("5") == [close.slug]
    assert within("50") == [close.slug, middle.slug, far.slug]


def test_a_radius_of_zero_is_not_the_default(api_client):
    memorial_north_of_origin("1", "a kilometre away")

    assert slugs(api_client.get(MEMORIALS, {"near": NEAR_ORIGIN, "radius": "0"})) == []


def test_the_largest_radius_reaches_the_far_side_of_the_earth(api_client):
    # 170 degrees of longitude along the equator: about 18,900 km.
    far_away = MemorialFactory(latitude=Decimal("0"), longitude=Decimal("170"))

    response = api_client.get(MEMORIALS, {"near": "0,0", "radius": str(MAX_RADIUS_KM)})

    assert slugs(response) == [far_away.slug]
    assert response.json()["results"][0]["distance_km"] == pytest.approx(18903, abs=1)


def test_a_radius_above_the_largest_is_a_400_naming_it(api_client):
    response = api_client.get(MEMORIALS, {"near": "0,0", "radius": "20000.001"})

    assert error_fields(response) == ["radius"]


# --- coordinate ranges ---------------------------------------------------------------
def test_the_whole_world_is_a_valid_bbox(api_client):
    corner = MemorialFactory(latitude=Decimal("-90"), longitude=Decimal("-180"))
    other_corner = MemorialFactory(latitude=Decimal("90"), longitude=Decimal("180"))

    found = slugs(api_client.get(MEMORIALS, {"bbox": "-180,-90,180,90"}))

    assert sorted(found) == sorted([corner.slug, other_corner.slug])


def test_a_bbox_includes_its_edges(api_client):
    on_edge = MemorialFactory(latitude=Decimal("52.1"), longitude=Decimal("4.2"))
    MemorialFactory(latitude=Decimal("52.100001"), longitude=Decimal("4.2"))

    assert slugs(api_client.get(MEMORIALS, {"bbox": "4.2,52.0,4.4,52.1"})) == [on_edge.slug]


def test_a_bbox_of_a_single_point_is_allowed(api_client):
    here = MemorialFactory(latitude=Decimal("52.08"), longitude=Decimal("4.3"))

    assert slugs(api_client.get(MEMORIALS, {"bbox": "4.3,52.08,4.3,52.08"})) == [here.slug]


@pytest.mark.parametrize(
    "bbox",
    [
        "-180.001,-90,180,90",
        "-180,-90.001,180,90",
        "-180,-90,180.001,90",
        "-180,-90,180,90.001",
        "180.001,-90,180.002,90",
        "-180,90.001,180,90.002",
        "-180.002,-90,-180.001,90",
        "-180,-90.002,180,-90.001",
    ],
)
def test_a_bbox_just_outside_the_coordinate_range_is_a_400_naming_it(api_client, bbox):
    assert error_fields(api_client.get(MEMORIALS, {"bbox": bbox})) == ["bbox"]


@pytest.mark.parametrize(
    "bbox",
    [
        pytest.param("4.4,52.0,4.3,52.1", id="longitudes"),
        pytest.param("4.3,52.1,4.4,52.0", id="latitudes"),
    ],
)
def test_a_bbox_whose_minimum_exceeds_its_maximum_is_a_400_naming_it(api_client, bbox):
    response = api_client.get(MEMORIALS, {"bbox": bbox})

    assert error_fields(response) == ["bbox"]
    assert response.json()["errors"][0]["message"] == (
        "The minimum longitude and latitude must not exceed the maximum ones."
    )


@pytest.mark.parametrize("near", ["90,180", "-90,-180"])
def test_near_accepts_the_ends_of_the_coordinate_ranges(api_client, near):
    assert api_client.get(MEMORIALS, {"near": near}).status_code == 200


@pytest.mark.parametrize("near", ["90.001,0", "-90.001,0", "0,180.001", "0,-180.001"])
def test_near_just_outside_the_coordinate_range_is_a_400_naming_it(api_client, near):
    response = api_client.get(MEMORIALS, {"near": near})

    assert error_fields(response) == ["near"]
    assert "out of range" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("near", ["inf,0", "0,-inf", "52,4,1"])
def test_near_refuses_what_is_not_a_point(api_client, near):
    assert error_fields(api_client.get(MEMORIALS, {"near": near})) == ["near"]


# --- memorials: updated_after --------------------------------------------------------
def test_updated_after_excludes_a_memorial_changed_at_that_very_moment(api_client):
    moment = datetime.datetime(2026, 1, 15, 12, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        memorial = MemorialFactory()

    at_the_moment = api_client.get(MEMORIALS, {"updated_after": "2026-01-15T12:00:00Z"})
    just_before = api_client.get(MEMORIALS, {"updated_after": "2026-01-15T11:59:59.999999Z"})

    assert slugs(at_the_moment) == []
    assert slugs(just_before) == [memorial.slug]


# --- historical events: starts_after / starts_before (both inclusive) ----------------
def test_historical_event_date_filters_include_the_day_itself(api_client):
    khojaly = HistoricalEventFactory(start_date=datetime.date(1992, 2, 26))

    def found(params) -> list[str]:
        return slugs(api_client.get(HISTORICAL_EVENTS, params))

    assert found({"starts_after": "1992-02-26"}) == [khojaly.slug]
    assert found({"starts_before": "1992-02-26"}) == [khojaly.slug]
    assert found({"starts_after": "1992-02-27"}) == []
    assert found({"starts_before": "1992-02-25"}) == []


# --- anniversary events: starts_after inclusive, starts_before exclusive -------------
@pytest.fixture
def at_ten():
    """An event starting at 10:00 UTC on 26 February 2030."""
    return AnniversaryEventFactory(
        starts_at=datetime.datetime(2030, 2, 26, 10, 0, tzinfo=datetime.UTC)
    )


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"starts_after": "2030-02-26T10:00:00Z"}, True),
        ({"starts_after": "2030-02-26T10:00:00.000001Z"}, False),
        ({"starts_after": "2030-02-26T11:00:00+01:00"}, True),
        ({"starts_after": "2030-02-26T10:00:00"}, True),  # no offset: UTC
        ({"starts_after": "2030-02-26T10:00:01"}, False),
        ({"starts_before": "2030-02-26T10:00:00Z"}, False),
        ({"starts_before": "2030-02-26T10:00:00.000001Z"}, True),
        ({"starts_before": "2030-02-26T11:00:00+01:00"}, False),
        ({"starts_before": "2030-02-26T10:00:01"}, True),
    ],
)
def test_event_start_filters_on_the_start_itself(api_client, at_ten, params, found):
    assert slugs(api_client.get(EVENTS, params)) == ([at_ten.slug] if found else [])


def test_a_date_means_midnight_utc_so_starts_before_excludes_the_day(api_client):
    at_midnight = AnniversaryEventFactory(
        starts_at=datetime.datetime(2030, 2, 26, 0, 0, tzinfo=datetime.UTC)
    )

    assert slugs(api_client.get(EVENTS, {"starts_after": "2030-02-26"})) == [at_midnight.slug]
    assert slugs(api_client.get(EVENTS, {"starts_before": "2030-02-26"})) == []
    assert slugs(api_client.get(EVENTS, {"starts_before": "2030-02-27"})) == [at_midnight.slug]


# --- typed filters: what a refusal says, and empty values ----------------------------
@pytest.mark.parametrize(
    ("params", "error"),
    [
        (
            {"upcoming": "maybe"},
            {"field": "upcoming", "message": "Enter true or false.", "code": "invalid"},
        ),
        (
            {"starts_after": "tomorrow"},
            {
                "field": "starts_after",
                "message": "Enter an ISO 8601 date or datetime, "
                "e.g. 2030-02-26 or 2030-02-26T10:00+01:00.",
                "code": "invalid",
            },
        ),
        (
            {"country": "xx"},
            {
                "field": "country",
                "message": "“xx” is not an ISO 3166-1 alpha-2 country code.",
                "code": "invalid_choice",
            },
        ),
        (
            {"search": "a" * 201},
            {
                "field": "search",
                "message": "Ensure this value has at most 200 characters (it has 201).",
                "code": "max_length",
            },
        ),
    ],
)
def test_a_refused_filter_value_says_what_to_give(api_client, params, error):
    response = api_client.get(EVENTS, params)

    assert response.status_code == 400
    assert response.json()["errors"] == [error]


def test_a_search_of_200_characters_is_allowed(api_client):
    assert slugs(api_client.get(EVENTS, {"search": "a" * 200})) == []


@pytest.mark.parametrize("parameter", ["upcoming", "starts_after", "starts_before", "country"])
def test_an_empty_filter_value_filters_nothing(api_client, parameter):
    event = AnniversaryEventFactory()

    assert slugs(api_client.get(EVENTS, {parameter: ""})) == [event.slug]


def test_an_empty_is_published_filters_nothing(api_client):
    memorial = MemorialFactory()

    assert slugs(api_client.get(MEMORIALS, {"is_published": ""})) == [memorial.slug]


@pytest.mark.parametrize("value", ["TRUE", " true ", "True"])
def test_booleans_are_read_in_any_case_and_around_spaces(api_client, value):
    with time_machine.travel(datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC), tick=False):
        event = AnniversaryEventFactory()
        assert slugs(api_client.get(EVENTS, {"upcoming": value})) == [event.slug]


# --- memorial filters that need each other, and what a refusal says ------------------
@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"ordering": "-distance"},
            "ordering",
            "Order by distance only together with near=lat,lon.",
        ),
        (
            {"ordering": "name,distance"},
            "ordering",
            "Order by distance only together with near=lat,lon.",
        ),
        ({"radius": "5"}, "radius", "Give radius together with near=lat,lon."),
        ({"near": "52.1"}, "near", "Give lat,lon, as numbers separated by commas."),
        ({"near": "52,4,3"}, "near", "Give lat,lon, as numbers separated by commas."),
        ({"near": "nan,4"}, "near", "Give lat,lon, as numbers separated by commas."),
        ({"near": "91,4"}, "near", "Give lat,lon; a number is out of range (-90 to 90)."),
        ({"near": "52,181"}, "near", "Give lat,lon; a number is out of range (-180 to 180)."),
        (
            {"bbox": "1,2,3"},
            "bbox",
            "Give min_lon,min_lat,max_lon,max_lat, as numbers separated by commas.",
        ),
        (
            {"bbox": "0,-91,1,1"},
            "bbox",
            "Give min_lon,min_lat,max_lon,max_lat; a number is out of range (-90 to 90).",
        ),
    ],
)
def test_a_refused_memorial_filter_says_what_to_give(api_client, params, field, message):
    response = api_client.get(MEMORIALS, params)

    assert response.status_code == 400
    assert [(e["field"], e["message"]) for e in response.json()["errors"]] == [(field, message)]


@pytest.mark.parametrize("ordering", ["distance", "-distance", "name,distance"])
def test_ordering_by_distance_works_with_near(api_client, ordering):
    far = memorial_north_of_origin("3", "a far")
    close = memorial_north_of_origin("1", "b close")

    found = slugs(api_client.get(MEMORIALS, {"near": NEAR_ORIGIN, "ordering": ordering}))

    expected = {"distance": [close, far], "-distance": [far, close], "name,distance": [far, close]}
    assert found == [m.slug for m in expected[ordering]]


def test_an_empty_radius_needs_no_near(api_client):
    memorial = MemorialFactory()

    assert slugs(api_client.get(MEMORIALS, {"radius": ""})) == [memorial.slug]


# --- ordering ------------------------------------------------------------------------
def test_ties_in_the_chosen_order_follow_the_primary_key_so_pages_never_overlap(api_client):
    first = AnniversaryEventFactory(
        title="Same title", starts_at=datetime.datetime(2030, 3, 1, tzinfo=datetime.UTC)
    )
    second = AnniversaryEventFactory(
        title="Same title", starts_at=datetime.datetime(2030, 2, 1, tzinfo=datetime.UTC)
    )

    def pages(ordering: str) -> list[str]:
        return [
            slug
            for page in ("1", "2")
            for slug in slugs(
                api_client.get(EVENTS, {"ordering": ordering, "page_size": "1", "page": page})
            )
        ]

    assert pages("title") == [first.slug, second.slug]
    assert pages("-title") == [first.slug, second.slug]


@pytest.mark.parametrize(
    ("bbox", "bounds"),
    [
        ("180.001,0,180,1", "(-180 to 180)"),
        ("0,90.001,1,90", "(-90 to 90)"),
        ("-180,0,-180.001,1", "(-180 to 180)"),
        ("0,-90,1,-90.001", "(-90 to 90)"),
    ],
)
def test_a_bbox_edge_out_of_range_is_reported_as_out_of_range(api_client, bbox, bounds):
    """Checked before the order of the edges: each of the four numbers has its range."""
    response = api_client.get(MEMORIALS, {"bbox": bbox})

    assert response.json()["errors"] == [
        {
            "field": "bbox",
            "message": f"Give min_lon,min_lat,max_lon,max_lat; a number is out of range {bounds}.",
            "code": "invalid",
        }
    ]


# --- the queryset vocabulary the filters call ----------------------------------------
def test_event_querysets_take_a_record_as_well_as_a_slug():
    event = AnniversaryEventFactory()
    AnniversaryEventFactory()
    events = AnniversaryEvent.objects

    assert list(events.commemorating(event.historical_event)) == [event]
    assert list(events.at_memorial(event.memorial)) == [event]
    assert list(events.held_by(event.organisation)) == [event]
