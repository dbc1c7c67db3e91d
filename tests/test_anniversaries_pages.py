"""The calendar pages: "on this day" (and on the home page), the coming anniversaries,
and a month calendar of events.

- `/on-this-day/` is today in the site's time zone or `?tz=`; `/on-this-day/MM-DD/` is
  that day in the current year there (29 February: the next one).
- 29 February events are on 28 February in common years, 1 March when they say so.
- A bad parameter is a 400 page that names it; a day or month no calendar has is a 404.
- Each page runs the same few queries with 3 records as with 30.
"""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.demo import demo_load
from memorials.anniversaries import LeapDay
from tests.factories import (
    AnniversaryEventFactory,
    HistoricalEventFactory,
    MemorialFactory,
)

UTC = datetime.UTC
# A common year: 29 February events are on the 28th.
NOW = datetime.datetime(2027, 2, 28, 12, 0, tzinfo=UTC)
MAX_QUERIES = 6

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_frozen")]


@pytest.fixture
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def leap_day_events():
    HistoricalEventFactory(name="Leap day (28 Feb)", start_date=datetime.date(1996, 2, 29))
    HistoricalEventFactory(
        name="Leap day (1 Mar)", start_date=datetime.date(1996, 2, 29), leap_day=LeapDay.MARCH_1
    )


# --- on this day ----------------------------------------------------------------------------
def test_on_this_day_shows_the_23rd_anniversary_in_2015_with_its_memorial_and_event(client):
    demo_load()

    with time_machine.travel(datetime.datetime(2015, 2, 26, 9, 0, tzinfo=UTC), tick=False):
        response = client.get("/on-this-day/")

    html = response.text
    assert response.status_code == 200
    assert "On this day: 26 February 2015" in html
    assert "the 23rd anniversary" in html
    assert 'href="/history/khojaly-massacre/"' in html
    assert 'href="/memorials/khojaly-memorial-the-hague/"' in html
    assert 'href="/events/example-khojaly-commemoration-the-hague-2015/"' in html


def test_a_29_february_event_is_on_28_february_in_2027(client, leap_day_events):
    html = client.get("/on-this-day/").text

    assert "On this day: 28 February 2027" in html
    assert "Leap day (28 Feb)" in html
    assert "the 31st anniversary" in html
    assert "Leap day (1 Mar)" not in html
    assert "Leap day (1 Mar)" in client.get("/on-this-day/03-01/").text


def test_the_29_february_page_shows_the_next_29_february_in_2028(client, leap_day_events):
    html = client.get("/on-this-day/02-29/").text

    assert "On this day: 29 February 2028" in html
    assert "Leap day (28 Feb)" in html
    assert "Leap day (1 Mar)" in html
    assert "the 32nd anniversary" in html


def test_in_2100_a_common_year_29_february_events_are_on_28_february(client, leap_day_events):
    with time_machine.travel(datetime.datetime(2100, 2, 28, 12, 0, tzinfo=UTC), tick=False):
        html = client.get("/on-this-day/").text
        march = client.get("/on-this-day/03-01/").text

    assert "On this day: 28 February 2100" in html
    assert "Leap day (28 Feb)" in html
    assert "the 104th anniversary" in html
    assert "Leap day (1 Mar)" in march


def test_a_month_day_page_uses_this_years_numbers_in_the_visitors_time_zone(client):
    HistoricalEventFactory(name="Khojaly", start_date=datetime.date(1992, 2, 26))

    # 31 December 2026, 23:00 UTC: already 2027 in Baku.
    with time_machine.travel(datetime.datetime(2026, 12, 31, 23, 0, tzinfo=UTC), tick=False):
        here = client.get("/on-this-day/02-26/").text
        baku = client.get("/on-this-day/02-26/?tz=Asia/Baku").text

    assert "the 34th anniversary" in here
    assert "the 35th anniversary" in baku
    assert 'href="/on-this-day/02-27/?tz=Asia/Baku"' in baku


def test_events_known_only_to_the_month_or_year_have_no_day_but_the_month_says_what_is_known(
    client,
):
    HistoricalEventFactory(
        name="Known to the month",
        start_date=datetime.date(1992, 2, 1),
        start_date_precision="month",
    )
    HistoricalEventFactory(
        name="Known to the year", start_date=datetime.date(1992, 1, 1), start_date_precision="year"
    )

    html = client.get("/on-this-day/02-01/").text
    remembered, known_to_the_month = html.split("Known only to the month")

    assert "Known to the month" not in remembered.split("Remembered on this day")[1]
    assert "Known to the month" in known_to_the_month
    assert "the 35th anniversary in February 2027" in known_to_the_month
    assert "Known to the year" not in html


def test_a_bad_time_zone_is_a_400_page_naming_tz(client):
    response = client.get("/on-this-day/", {"tz": "Mars/Olympus_Mons"})

    assert response.status_code == 400
    assert 'href="#filter-tz"' in response.text
    assert 'aria-invalid="true"' in response.text


@pytest.mark.parametrize(
    "path", ["/on-this-day/02-30/", "/on-this-day/13-01/", "/on-this-day/2-1/"]
)
def test_a_day_no_year_has_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_the_home_page_shows_what_is_remembered_today(client, leap_day_events):
    html = client.get("/").text

    section = html.split('id="on-this-day-heading"')[1].split("</section>")[0]
    assert "Leap day (28 Feb)" in section
    assert "the 31st anniversary (1996)" in section
    assert "Leap day (1 Mar)" not in section
    assert 'href="/on-this-day/"' in section


# --- coming anniversaries -------------------------------------------------------------------
def test_the_coming_anniversaries_are_listed_by_day_with_the_events_planned(client):
    khojaly = HistoricalEventFactory(name="Khojaly", start_date=datetime.date(1992, 2, 26))
    HistoricalEventFactory(name="Srebrenica", start_date=datetime.date(1995, 7, 11))
    AnniversaryEventFactory(
        title="Wreath laying",
        historical_event=khojaly,
        starts_at=datetime.datetime(2028, 2, 26, 10, 0, tzinfo=UTC),
    )

    html = client.get("/anniversaries/", {"from": "2028-02-01", "days": "366"}).text

    assert "From 1 February 2028 to 31 January 2029 (366 days)." in html
    assert html.index("Saturday 26 February 2028") < html.index("Tuesday 11 July 2028")
    assert "the 36th anniversary" in html
    assert "the 33rd anniversary" in html
    assert "Wreath laying" in html


def test_by_default_the_next_30_days_from_today(client, leap_day_events):
    html = client.get("/anniversaries/").text

    assert "From 28 February 2027 to 29 March 2027 (30 days)." in html
    assert "Sunday 28 February 2027" in html
    assert "Monday 1 March 2027" in html


@pytest.mark.parametrize(
    ("query", "field"),
    [({"days": "367"}, "days"), ({"days": "0"}, "days"), ({"from": "28/02/2027"}, "from")],
)
def test_an_out_of_range_or_malformed_parameter_is_a_400_page_naming_it(client, query, field):
    response = client.get("/anniversaries/", query)

    assert response.status_code == 400
    assert f'href="#filter-{field}"' in response.text


def test_an_empty_form_shows_the_default_days(client):
    assert client.get("/anniversaries/", {"from": "", "days": "", "tz": ""}).status_code == 200


# --- the month calendar ---------------------------------------------------------------------
def test_the_month_calendar_places_events_by_their_local_day_and_marks_cancellations(client):
    AnniversaryEventFactory(
        title="Night vigil",  # 00:30 on 1 March in Baku: not in February
        starts_at=datetime.datetime(2026, 2, 28, 20, 30, tzinfo=UTC),
        time_zone="Asia/Baku",
    )
    AnniversaryEventFactory(
        title="Dawn service",  # 00:30 on 1 February in Baku, still January in UTC
        starts_at=datetime.datetime(2026, 1, 31, 20, 30, tzinfo=UTC),
        time_zone="Asia/Baku",
    )
    AnniversaryEventFactory(
        title="Wreath laying",
        starts_at=datetime.datetime(2026, 2, 26, 10, 0, tzinfo=UTC),
        status="cancelled",
        cancellation_note="Storm",
    )

    html = client.get("/events/2026/02/").text
    march = client.get("/events/2026/03/").text

    assert "<caption" in html
    assert "Commemorations in February 2026" in html
    assert html.count('<th scope="col">') == 7
    assert "Dawn service" in html
    assert "00:30" in html.split("Dawn service")[0].split("<li")[-1]
    assert "Night vigil" not in html
    assert "Night vigil" in march
    assert 'Wreath laying</a> <strong class="badge badge--cancelled">Cancelled</strong>' in html
    assert 'href="/events/2026/01/" rel="prev"' in html
    assert 'href="/events/2026/03/" rel="next"' in html


@pytest.mark.parametrize("path", ["/events/2026/13/", "/events/2026/00/", "/events/0000/01/"])
def test_a_month_no_calendar_has_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_the_first_and_last_months_of_the_calendar_have_no_link_beyond(client):
    first = client.get("/events/0001/01/")
    last = client.get("/events/9999/12/")

    assert first.status_code == last.status_code == 200
    assert 'rel="prev"' not in first.text
    assert 'rel="next"' not in last.text


# --- cost -----------------------------------------------------------------------------------
def make_records(count: int, offset: int = 0) -> None:
    for n in range(offset, offset + count):
        historical_event = HistoricalEventFactory(start_date=datetime.date(1990, 2, 28))
        MemorialFactory(historical_events=[historical_event], slug=f"memorial-{n}")
        AnniversaryEventFactory(
            title=f"Planned event {n}.",
            historical_event=historical_event,
            memorial=None,
            venue_name=f"Venue {n}",
            starts_at=datetime.datetime(2027, 2, 28, 10, 0, tzinfo=UTC),
        )
        HistoricalEventFactory(start_date=datetime.date(1990, 2, 1), start_date_precision="month")


def queries_of(client, url: str) -> tuple[int, object]:
    client.get(url)  # opens the connection
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), response


@pytest.mark.parametrize(
    "url", ["/", "/on-this-day/", "/on-this-day/02-28/", "/anniversaries/", "/events/2027/02/"]
)
def test_each_page_runs_the_same_few_queries_with_3_or_30_records(client, url):
    make_records(3)
    small, response = queries_of(client, url)
    assert response.status_code == 200
    assert "Planned event 2." in response.text or url == "/"
    make_records(27, offset=3)

    large, response = queries_of(client, url)

    assert "Planned event 29." in response.text or url == "/"
    assert small <= MAX_QUERIES
    assert large == small
