"""The anniversaries in the API: `/api/v1/anniversaries/on-this-day/` and
`/api/v1/anniversaries/upcoming/`.

- On this day lists the historical events known to the day whose anniversary falls on
  `date` (today in the site's zone, or in `tz`), with the number, memorials and the
  events that take place on that day in their own time zone; events known only to the
  month are listed for their month, and never have a day.
- 29 February events are on 28 February in common years (1 March when they say so).
- Upcoming lists `days` days from `from` in date order.
- A bad parameter is a problem naming it; answers carry validators and honour 304s;
  the queries do not grow with the records.
"""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.demo import demo_load
from events.models import AnniversaryEvent
from memorials.anniversaries import LeapDay
from tests.factories import (
    AnniversaryEventFactory,
    EditorFactory,
    HistoricalEventFactory,
    MemorialFactory,
)

pytestmark = pytest.mark.django_db

ON_THIS_DAY = "/api/v1/anniversaries/on-this-day/"
UPCOMING = "/api/v1/anniversaries/upcoming/"
PROBLEM = "application/problem+json"
UTC = datetime.UTC


def names(anniversaries: list[dict]) -> list[str]:
    return [a["historical_event"]["name"] for a in anniversaries]


# --- on this day ----------------------------------------------------------------------------
def test_26_february_2015_is_the_23rd_anniversary_with_the_hague_memorial_and_its_event(
    api_client,
):
    demo_load()

    response = api_client.get(ON_THIS_DAY, {"date": "2015-02-26"})

    assert response.status_code == 200
    body = response.json()
    (khojaly,) = body["anniversaries"]
    assert body["date"] == "2015-02-26"
    assert body["known_to_the_month"] == []
    assert khojaly == {
        "date": "2015-02-26",
        "number": 23,
        "ordinal": "23rd",
        "historical_event": {
            "slug": "khojaly-massacre",
            "url": "http://testserver/api/v1/historical-events/khojaly-massacre/",
            "web_url": "http://testserver/history/khojaly-massacre/",
            "name": "Khojaly massacre",
            "when": "1992-02-25",
            "start_date_precision": "day",
            "place_name": "Khojaly (Xocalı), Nagorno-Karabakh",
        },
        "events": [
            {
                "slug": "example-khojaly-commemoration-the-hague-2015",
                "url": "http://testserver/api/v1/events/example-khojaly-commemoration-the-hague-2015/",
                "web_url": "http://testserver/events/example-khojaly-commemoration-the-hague-2015/",
                "title": "Commemoration of the 23rd anniversary of the Khojaly massacre "
                "(example entry)",
                "status": "published",
                "starts_at": "2015-02-26T11:00:00+01:00",
                "ends_at": "2015-02-26T12:30:00+01:00",
                "time_zone": "Europe/Amsterdam",
            }
        ],
        "memorials": [
            {
                "slug": "khojaly-memorial-the-hague",
                "url": "http://testserver/api/v1/memorials/khojaly-memorial-the-hague/",
                "web_url": "http://testserver/memorials/khojaly-memorial-the-hague/",
                "name": "Khojaly Memorial, The Hague",
                "city": "The Hague",
                "country": "NL",
            }
        ],
    }


@pytest.mark.parametrize(
    ("day", "remembered"),
    [
        ("2027-02-28", ["Leap day (28 Feb)"]),  # common year
        ("2027-03-01", ["Leap day (1 Mar)"]),
        ("2028-02-28", []),  # leap year: they wait for the 29th
        ("2028-02-29", ["Leap day (1 Mar)", "Leap day (28 Feb)"]),  # in name order
        ("2028-03-01", []),
        ("2100-02-28", ["Leap day (28 Feb)"]),  # 2100 is not a leap year
        ("2100-03-01", ["Leap day (1 Mar)"]),
        ("2000-02-29", ["Leap day (1 Mar)", "Leap day (28 Feb)"]),  # 2000 is one
    ],
)
def test_29_february_is_remembered_on_28_february_or_1_march_in_common_years(
    api_client, day, remembered
):
    HistoricalEventFactory(name="Leap day (28 Feb)", start_date=datetime.date(1996, 2, 29))
    HistoricalEventFactory(
        name="Leap day (1 Mar)", start_date=datetime.date(1996, 2, 29), leap_day=LeapDay.MARCH_1
    )

    body = api_client.get(ON_THIS_DAY, {"date": day}).json()

    assert names(body["anniversaries"]) == remembered
    assert {a["number"] for a in body["anniversaries"]} <= {int(day[:4]) - 1996}


def test_events_known_only_to_the_month_have_a_number_for_the_month_but_no_day(api_client):
    HistoricalEventFactory(
        name="Known to the month",
        start_date=datetime.date(1992, 2, 1),
        start_date_precision="month",
    )
    HistoricalEventFactory(
        name="Known to the year", start_date=datetime.date(1992, 1, 1), start_date_precision="year"
    )

    first = api_client.get(ON_THIS_DAY, {"date": "2026-02-01"}).json()
    later = api_client.get(ON_THIS_DAY, {"date": "2026-02-17"}).json()
    january = api_client.get(ON_THIS_DAY, {"date": "2026-01-01"}).json()

    assert first["anniversaries"] == later["anniversaries"] == january["anniversaries"] == []
    (month,) = later["known_to_the_month"]
    assert month["month"] == "2026-02"
    assert (month["number"], month["ordinal"]) == (34, "34th")
    assert month["historical_event"]["when"] == "1992-02"
    assert month["historical_event"]["start_date_precision"] == "month"
    assert january["known_to_the_month"] == []


def test_today_is_the_date_in_the_site_time_zone_or_in_the_one_asked_for(api_client, settings):
    settings.TIME_ZONE = "Europe/Amsterdam"
    HistoricalEventFactory(name="Khojaly", start_date=datetime.date(1992, 2, 26))

    # 21:30 UTC on 25 February: 22:30 in Amsterdam, already 01:30 on the 26th in Baku.
    with time_machine.travel(datetime.datetime(2026, 2, 25, 21, 30, tzinfo=UTC), tick=False):
        here = api_client.get(ON_THIS_DAY).json()
        baku = api_client.get(ON_THIS_DAY, {"tz": "Asia/Baku"}).json()

    assert (here["date"], names(here["anniversaries"])) == ("2026-02-25", [])
    assert (baku["date"], names(baku["anniversaries"])) == ("2026-02-26", ["Khojaly"])


def test_an_event_goes_with_the_anniversary_on_its_local_day_not_its_utc_day(api_client):
    khojaly = HistoricalEventFactory(name="Khojaly", start_date=datetime.date(1992, 2, 26))
    # 00:30 on the 26th in Baku is 20:30 UTC on the 25th.
    AnniversaryEventFactory(
        title="Night vigil in Baku",
        historical_event=khojaly,
        starts_at=datetime.datetime(2026, 2, 25, 20, 30, tzinfo=UTC),
        ends_at=datetime.datetime(2026, 2, 25, 21, 30, tzinfo=UTC),
        time_zone="Asia/Baku",
    )
    # Under way on the 26th: from the evening of the 25th to the next morning.
    AnniversaryEventFactory(
        title="Overnight watch",
        historical_event=khojaly,
        starts_at=datetime.datetime(2026, 2, 25, 19, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2026, 2, 26, 7, 0, tzinfo=UTC),
    )
    AnniversaryEventFactory(
        title="The day after",
        historical_event=khojaly,
        starts_at=datetime.datetime(2026, 2, 27, 10, 0, tzinfo=UTC),
    )
    AnniversaryEventFactory(
        title="Of another historical event",
        historical_event=HistoricalEventFactory(
            name="Other", start_date=datetime.date(2001, 2, 26)
        ),
        starts_at=datetime.datetime(2026, 2, 26, 10, 0, tzinfo=UTC),
    )

    found = api_client.get(ON_THIS_DAY, {"date": "2026-02-26"}).json()["anniversaries"]

    anniversary = next(a for a in found if a["historical_event"]["name"] == "Khojaly")

    assert [e["title"] for e in anniversary["events"]] == ["Overnight watch", "Night vigil in Baku"]
    assert anniversary["events"][1]["starts_at"] == "2026-02-26T00:30:00+04:00"


def test_visitors_see_published_and_cancelled_events_and_published_memorials_only(api_client):
    khojaly = HistoricalEventFactory(start_date=datetime.date(1992, 2, 26))
    MemorialFactory(name="Draft memorial", is_published=False, historical_events=[khojaly])
    MemorialFactory(name="Published memorial", historical_events=[khojaly])
    on_the_day = datetime.datetime(2026, 2, 26, 10, 0, tzinfo=UTC)
    for status in AnniversaryEvent.Status:
        AnniversaryEventFactory(
            title=status.label,
            historical_event=khojaly,
            starts_at=on_the_day,
            status=status,
            cancellation_note="Storm" if status == "cancelled" else "",
        )

    (public,) = api_client.get(ON_THIS_DAY, {"date": "2026-02-26"}).json()["anniversaries"]
    api_client.force_authenticate(EditorFactory())
    (editor,) = api_client.get(ON_THIS_DAY, {"date": "2026-02-26"}).json()["anniversaries"]

    assert {e["status"] for e in public["events"]} == {"published", "cancelled"}
    assert [m["name"] for m in public["memorials"]] == ["Published memorial"]
    assert len(editor["events"]) == 4
    assert len(editor["memorials"]) == 2


# --- upcoming -------------------------------------------------------------------------------
def test_upcoming_lists_the_anniversaries_of_the_days_in_date_order_with_their_events(
    api_client,
):
    khojaly = HistoricalEventFactory(name="Khojaly", start_date=datetime.date(1992, 2, 26))
    HistoricalEventFactory(name="Later", start_date=datetime.date(1945, 3, 10))
    HistoricalEventFactory(name="Earlier", start_date=datetime.date(2001, 2, 10))
    HistoricalEventFactory(name="Outside", start_date=datetime.date(2001, 4, 10))
    AnniversaryEventFactory(
        title="The Hague, 2026",
        historical_event=khojaly,
        starts_at=datetime.datetime(2026, 2, 26, 10, 0, tzinfo=UTC),
    )

    response = api_client.get(UPCOMING, {"from": "2026-02-01", "days": 40})

    assert response.status_code == 200
    body = response.json()
    assert (body["from"], body["to"], body["days"]) == ("2026-02-01", "2026-03-12", 40)
    assert [
        (a["date"], a["historical_event"]["name"], a["ordinal"]) for a in body["anniversaries"]
    ] == [
        ("2026-02-10", "Earlier", "25th"),
        ("2026-02-26", "Khojaly", "34th"),
        ("2026-03-10", "Later", "81st"),
    ]
    assert [e["title"] for e in body["anniversaries"][1]["events"]] == ["The Hague, 2026"]


@time_machine.travel(datetime.datetime(2027, 2, 1, 12, 0, tzinfo=UTC), tick=False)
def test_upcoming_starts_today_for_30_days_by_default_and_keeps_29_february_in_2027(
    api_client,
):
    HistoricalEventFactory(name="Leap day", start_date=datetime.date(1996, 2, 29))

    body = api_client.get(UPCOMING).json()

    assert (body["from"], body["to"], body["days"]) == ("2027-02-01", "2027-03-02", 30)
    assert [(a["date"], a["number"]) for a in body["anniversaries"]] == [("2027-02-28", 31)]


def test_a_year_of_days_reaches_the_next_anniversary_of_each_event(api_client):
    HistoricalEventFactory(name="Leap day", start_date=datetime.date(1996, 2, 29))

    body = api_client.get(UPCOMING, {"from": "2027-03-01", "days": 366}).json()

    assert [(a["date"], a["number"]) for a in body["anniversaries"]] == [("2028-02-29", 32)]


def test_upcoming_names_events_known_only_to_the_month_in_the_months_it_touches(api_client):
    HistoricalEventFactory(
        name="Known to the month",
        start_date=datetime.date(1992, 3, 1),
        start_date_precision="month",
    )

    body = api_client.get(UPCOMING, {"from": "2026-02-20", "days": 10}).json()

    assert body["anniversaries"] == []
    assert [(m["month"], m["number"]) for m in body["known_to_the_month"]] == [("2026-03", 34)]


# --- bad parameters -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "query", "field"),
    [
        (ON_THIS_DAY, {"date": "26-02-2015"}, "date"),
        (ON_THIS_DAY, {"date": "2015-02-30"}, "date"),
        (ON_THIS_DAY, {"date": ""}, None),
        (ON_THIS_DAY, {"tz": "Mars/Olympus_Mons"}, "tz"),
        (UPCOMING, {"from": "tomorrow"}, "from"),
        (UPCOMING, {"days": "0"}, "days"),
        (UPCOMING, {"days": "367"}, "days"),
        (UPCOMING, {"days": "a week"}, "days"),
        (UPCOMING, {"tz": "Europe/Atlantis"}, "tz"),
    ],
)
def test_a_bad_parameter_is_a_problem_naming_it(api_client, url, query, field):
    response = api_client.get(url, query)

    if field is None:  # an empty value is the default
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_the_end_of_the_calendar_answers_without_error(api_client):
    HistoricalEventFactory(start_date=datetime.date(1992, 2, 26))

    late = api_client.get(UPCOMING, {"from": "9998-12-01", "days": 366}).json()
    past_it = api_client.get(UPCOMING, {"from": "9999-12-31"}).json()
    first_day = api_client.get(ON_THIS_DAY, {"date": "0001-01-01"})

    assert (late["to"], late["days"]) == ("9998-12-31", 31)
    assert (past_it["days"], past_it["anniversaries"]) == (0, [])
    assert first_day.status_code == 200


# --- validators and cost --------------------------------------------------------------------
@pytest.mark.parametrize("url", [ON_THIS_DAY, UPCOMING])
def test_a_matching_if_none_match_is_a_304_after_one_query(api_client, url):
    HistoricalEventFactory(start_date=datetime.date(1992, 2, 26))
    first = api_client.get(url, {"date": "2026-02-26", "from": "2026-02-01"})
    assert first["Last-Modified"]

    with CaptureQueriesContext(connection) as queries:
        again = api_client.get(
            url,
            {"date": "2026-02-26", "from": "2026-02-01"},
            headers={"If-None-Match": first["ETag"]},
        )

    assert again.status_code == 304
    assert len(queries) == 1


def test_the_validator_changes_with_the_day_and_with_the_data(api_client):
    with time_machine.travel(datetime.datetime(2026, 2, 25, 12, 0, tzinfo=UTC), tick=False):
        today = api_client.get(ON_THIS_DAY)["ETag"]
    with time_machine.travel(datetime.datetime(2026, 2, 26, 12, 0, tzinfo=UTC), tick=False):
        tomorrow = api_client.get(ON_THIS_DAY)["ETag"]
        HistoricalEventFactory()
        changed = api_client.get(ON_THIS_DAY)["ETag"]

    assert len({today, tomorrow, changed}) == 3


def make_anniversaries(count: int, offset: int = 0) -> None:
    for n in range(offset, offset + count):
        historical_event = HistoricalEventFactory(start_date=datetime.date(1990, 2, 26))
        MemorialFactory(historical_events=[historical_event])
        AnniversaryEventFactory(
            historical_event=historical_event,
            starts_at=datetime.datetime(2026, 2, 26, 10, 0, tzinfo=UTC),
            memorial=None,
            venue_name=f"Venue {n}",
        )
        HistoricalEventFactory(start_date=datetime.date(1990, 2, 1), start_date_precision="month")


@pytest.mark.parametrize(
    ("url", "query"),
    [(ON_THIS_DAY, {"date": "2026-02-26"}), (UPCOMING, {"from": "2026-02-01", "days": 60})],
)
def test_the_queries_are_the_same_for_3_or_30_anniversaries(api_client, url, query):
    make_anniversaries(3)
    api_client.get(url, query)  # opens the connection
    with CaptureQueriesContext(connection) as small:
        response = api_client.get(url, query)
    assert len(response.json()["anniversaries"]) == 3
    make_anniversaries(27, offset=3)

    with CaptureQueriesContext(connection) as large:
        response = api_client.get(url, query)

    assert len(response.json()["anniversaries"]) == 30
    assert len(large) == len(small) <= 5


# --- the schema -----------------------------------------------------------------------------
def test_both_endpoints_are_documented_with_their_parameters_400_and_304(client):
    schema = client.get("/api/schema/?format=json").json()

    for path, parameters in [
        ("/api/v1/anniversaries/on-this-day/", {"date", "tz"}),
        ("/api/v1/anniversaries/upcoming/", {"from", "days", "tz"}),
    ]:
        operation = schema["paths"][path]["get"]
        documented = {p["name"]: p for p in operation["parameters"] if p["in"] == "query"}
        assert set(documented) == parameters, path
        assert {"200", "304", "400"} <= set(operation["responses"]), path
        assert operation["tags"] == ["anniversaries"]
    days = {
        p["name"]: p
        for p in schema["paths"]["/api/v1/anniversaries/upcoming/"]["get"]["parameters"]
    }
    assert days["days"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 366}
