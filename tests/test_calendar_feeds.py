"""Calendar feeds (iCalendar): one event's download, the events feed and the
anniversaries feed. Every answer is parsed back with `icalendar`, and the anniversaries'
recurrences are expanded with `recurring-ical-events` and compared with
`memorials.anniversaries` year by year.
"""

import datetime
import zoneinfo

import icalendar
import pytest
import recurring_ical_events
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import DatePrecision
from directory.demo import EXAMPLE_EVENT, KHOJALY_MASSACRE, KHOJALY_MEMORIAL, demo_load
from events import calendars
from events.models import AnniversaryEvent
from events.services import event_cancel
from memorials.anniversaries import LeapDay
from tests.factories import (
    AnniversaryEventFactory,
    EditorFactory,
    HistoricalEventFactory,
    MemorialFactory,
    OrganisationFactory,
    OrganiserFactory,
)

NOW = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=datetime.UTC)
Status = AnniversaryEvent.Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_frozen")]


@pytest.fixture
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def demo():
    demo_load()


def later(seconds: int):
    """A moment after NOW: a change made then has a newer `updated`."""
    return time_machine.travel(NOW + datetime.timedelta(seconds=seconds), tick=False)


def parsed(response) -> icalendar.Calendar:
    """The calendar of a 200 answer, checked for what every calendar must be."""
    assert response.status_code == 200, response.content
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar.get_missing_tzids() == set()
    tzids = [timezone.tz_name for timezone in calendar.timezones]
    assert len(tzids) == len(set(tzids))
    return calendar


def vevents(response) -> list[icalendar.Event]:
    return parsed(response).events


def by_uid(events: list[icalendar.Event]) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in events}


def expand(response, first: datetime.date, last: datetime.date):
    """The occurrences from `first` to `last` inclusive."""
    return recurring_ical_events.of(parsed(response)).between(
        first, last + datetime.timedelta(days=1)
    )


# One event


def test_the_2015_commemoration_is_the_23rd_anniversary_in_its_calendar_file(client, demo):
    response = client.get(f"/events/{EXAMPLE_EVENT}.ics")

    (event,) = vevents(response)
    assert response.headers["Content-Disposition"] == f'attachment; filename="{EXAMPLE_EVENT}.ics"'
    assert "The 23rd anniversary of Khojaly massacre." in event["DESCRIPTION"]
    assert event["STATUS"] == "CONFIRMED"
    assert event["URL"] == f"http://testserver/events/{EXAMPLE_EVENT}/"
    assert event["LOCATION"].startswith("Khojaly Memorial, The Hague")


def test_times_are_given_in_the_events_own_time_zone_with_its_vtimezone(client, demo):
    calendar = parsed(client.get(f"/events/{EXAMPLE_EVENT}.ics"))

    (event,) = calendar.events
    assert event.start == datetime.datetime(
        2015, 2, 26, 11, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam")
    )
    assert event.end == datetime.datetime(
        2015, 2, 26, 12, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam")
    )
    assert "DTSTART;TZID=Europe/Amsterdam:20150226T110000" in calendar.to_ical().decode()
    assert [timezone.tz_name for timezone in calendar.timezones] == ["Europe/Amsterdam"]


def test_an_event_in_utc_is_written_in_utc_without_a_vtimezone(client):
    event = AnniversaryEventFactory(time_zone="UTC")

    calendar = parsed(client.get(f"/events/{event.slug}.ics"))

    assert calendar.timezones == []
    assert "DTSTART:20300226T100000Z" in calendar.to_ical().decode()


def test_a_draft_is_a_404_to_visitors_and_tentative_for_its_organiser(client):
    event = AnniversaryEventFactory(status=Status.DRAFT)

    assert client.get(f"/events/{event.slug}.ics").status_code == 404
    client.force_login(OrganiserFactory(organisations=[event.organisation]))
    (component,) = vevents(client.get(f"/events/{event.slug}.ics"))
    assert component["STATUS"] == "TENTATIVE"


def test_lines_are_folded_at_75_octets_with_crlf_for_emoji_and_non_latin_titles(client):
    title = "Годовщина Ходжалинской трагедии 🕯️ Xocalı soyqırımının ildönümü 🇦🇿 ホジャリ 追悼"
    event = AnniversaryEventFactory(title=title, description="ذكرى 🕊️ " * 20)

    response = client.get(f"/events/{event.slug}.ics")

    body = response.content
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # something was folded
    body.decode("utf-8")  # folding never splits a character
    (component,) = vevents(response)
    assert component["SUMMARY"] == title
    assert component["DESCRIPTION"].startswith("The 38th anniversary of")  # 2030 and 1992
    assert "ذكرى 🕊️ ذكرى" in component["DESCRIPTION"]


# Identity and changes


def test_the_uid_survives_renaming_and_edits_raise_sequence_and_last_modified(client):
    event = AnniversaryEventFactory(title="Before", slug="before")
    before = vevents(client.get("/feeds/events.ics"))[0]

    with later(60):
        event.title, event.slug = "After", "after"
        event.save()
        after = vevents(client.get("/feeds/events.ics"))[0]

    assert after["UID"] == before["UID"] == f"anniversary-event-{event.pk}@commemorate"
    assert after["SUMMARY"] == "After"
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after["LAST-MODIFIED"].dt > before["LAST-MODIFIED"].dt
    assert vevents(client.get("/events/after.ics"))[0]["UID"] == before["UID"]


def test_a_cancelled_event_stays_in_the_feed_as_cancelled_with_a_higher_sequence(client):
    event = AnniversaryEventFactory(title="Wreath laying")
    before = by_uid(vevents(client.get("/feeds/events.ics")))[calendars.event_uid(event)]

    with later(60):
        event_cancel(event=event, by=EditorFactory(), note="The cemetery is closed.")
        after = by_uid(vevents(client.get("/feeds/events.ics")))[calendars.event_uid(event)]

    assert before["STATUS"] == "CONFIRMED"
    assert after["STATUS"] == "CANCELLED"
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after["SUMMARY"] == "Cancelled: Wreath laying"
    assert "The cemetery is closed." in after["DESCRIPTION"]


def test_the_same_data_gives_the_same_bytes(client, demo):
    for url in ["/feeds/events.ics", "/feeds/anniversaries.ics", f"/events/{EXAMPLE_EVENT}.ics"]:
        assert client.get(url).content == client.get(url).content


# The events feed


def test_drafts_and_submitted_events_never_appear_in_the_feed_even_for_editors(client):
    published = AnniversaryEventFactory()
    cancelled = AnniversaryEventFactory(status=Status.CANCELLED, cancellation_note="Storm.")
    AnniversaryEventFactory(status=Status.DRAFT)
    AnniversaryEventFactory(status=Status.SUBMITTED)
    client.force_login(EditorFactory())

    uids = set(by_uid(vevents(client.get("/feeds/events.ics"))))

    assert uids == {calendars.event_uid(published), calendars.event_uid(cancelled)}


def test_the_feed_holds_past_and_upcoming_events_in_start_order(client):
    past = AnniversaryEventFactory(starts_at=NOW - datetime.timedelta(days=400))
    upcoming = AnniversaryEventFactory(starts_at=NOW + datetime.timedelta(days=3))

    events = vevents(client.get("/feeds/events.ics"))

    assert [e["UID"] for e in events] == [calendars.event_uid(past), calendars.event_uid(upcoming)]


def test_the_feed_holds_the_next_and_the_last_events_up_to_its_caps(client, monkeypatch):
    monkeypatch.setattr(calendars, "FEED_UPCOMING", 2)
    monkeypatch.setattr(calendars, "FEED_PAST", 2)
    days = [-30, -20, -10, 10, 20, 30]
    made = {
        day: AnniversaryEventFactory(starts_at=NOW + datetime.timedelta(days=day)) for day in days
    }

    uids = [e["UID"] for e in vevents(client.get("/feeds/events.ics"))]

    assert uids == [calendars.event_uid(made[day]) for day in (-20, -10, 10, 20)]


@pytest.fixture
def scattered():
    """Events in two countries, for two historical events, at two memorials, by two
    organisations."""
    khojaly = HistoricalEventFactory(slug="khojaly", country="AZ")
    other = HistoricalEventFactory(slug="other", country="DE")
    hague = MemorialFactory(slug="hague", country="NL", historical_events=[khojaly])
    berlin = MemorialFactory(slug="berlin", country="DE", historical_events=[other])
    committee = OrganisationFactory(slug="committee")
    society = OrganisationFactory(slug="society")
    return {
        "hague": AnniversaryEventFactory(
            historical_event=khojaly, memorial=hague, organisation=committee
        ),
        "berlin": AnniversaryEventFactory(
            historical_event=other, memorial=berlin, organisation=society
        ),
        "venue": AnniversaryEventFactory(
            historical_event=khojaly, memorial=None, venue_country="DE", organisation=society
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=NL", {"hague"}),
        ("country=de", {"berlin", "venue"}),
        ("commemorates=khojaly", {"hague", "venue"}),
        ("memorial=berlin", {"berlin"}),
        ("organisation=society", {"berlin", "venue"}),
        ("organisation=society&commemorates=khojaly", {"venue"}),
        ("commemorates=no-such-event", set()),
    ],
)
def test_the_events_feed_honours_the_event_lists_filters(client, scattered, query, expected):
    uids = set(by_uid(vevents(client.get(f"/feeds/events.ics?{query}"))))

    assert uids == {calendars.event_uid(scattered[name]) for name in expected}


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/feeds/events.ics?country=XX", "country"),
        ("/feeds/events.ics?commemorates=not%20a%20slug", "commemorates"),
        ("/feeds/events.ics?upcoming=maybe", "upcoming"),
        ("/feeds/anniversaries.ics?country=XX", "country"),
        ("/feeds/anniversaries.ics?memorial=a/b", "memorial"),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_parameter(client, url, parameter):
    response = client.get(url)

    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.text.startswith(f"{parameter}: ")


def test_events_at_venues_in_many_zones_each_get_one_vtimezone(client):
    for zone in ["Asia/Baku", "Europe/Amsterdam", "America/New_York", "Africa/Abidjan"]:
        AnniversaryEventFactory(time_zone=zone)
        AnniversaryEventFactory(time_zone=zone, starts_at=NOW - datetime.timedelta(days=2000))

    calendar = parsed(client.get("/feeds/events.ics"))

    # Africa/Abidjan is UTC all along: icalendar writes its times in UTC.
    assert sorted(timezone.tz_name for timezone in calendar.timezones) == [
        "America/New_York",
        "Asia/Baku",
        "Europe/Amsterdam",
    ]


# Reminders


@pytest.mark.parametrize(
    ("alarm", "before"),
    [
        ("P1D", datetime.timedelta(days=1)),
        ("pt2h30m", datetime.timedelta(hours=2, minutes=30)),
        ("P1DT12H", datetime.timedelta(days=1, hours=12)),
        ("P4W", datetime.timedelta(weeks=4)),
        ("PT0S", datetime.timedelta(0)),
    ],
)
def test_an_alarm_adds_a_reminder_before_every_event(client, demo, alarm, before):
    for url in [f"/events/{EXAMPLE_EVENT}.ics", "/feeds/events.ics", "/feeds/anniversaries.ics"]:
        events = vevents(client.get(f"{url}?alarm={alarm}"))
        assert events
        for event in events:
            (reminder,) = event.walk("VALARM")
            assert reminder["ACTION"] == "DISPLAY"
            assert reminder["TRIGGER"].dt == -before


def test_without_alarm_there_is_no_reminder(client, demo):
    assert all(not event.walk("VALARM") for event in vevents(client.get("/feeds/events.ics")))


@pytest.mark.parametrize("alarm", ["1D", "P", "PT", "P1Y", "P1M", "-P1D", "P29D", "P5W", "P1.5D"])
@pytest.mark.parametrize(
    "url", ["/feeds/events.ics", "/feeds/anniversaries.ics", f"/events/{EXAMPLE_EVENT}.ics"]
)
def test_a_malformed_or_too_early_alarm_is_a_400_naming_alarm(client, demo, url, alarm):
    response = client.get(url, {"alarm": alarm})

    assert response.status_code == 400
    assert response.text.startswith("alarm: ")


# The anniversaries feed


@pytest.fixture
def remembered():
    return {
        "khojaly": HistoricalEventFactory(
            start_date=datetime.date(1992, 2, 25),
            end_date=datetime.date(1992, 2, 26),
            remembered_on="end",
        ),
        "leap-28": HistoricalEventFactory(start_date=datetime.date(1996, 2, 29)),
        "leap-1": HistoricalEventFactory(
            start_date=datetime.date(1996, 2, 29), leap_day=LeapDay.MARCH_1
        ),
        "new-year": HistoricalEventFactory(start_date=datetime.date(1945, 12, 31)),
    }


@pytest.mark.parametrize(("first", "last"), [(1993, 2006), (2095, 2105)])
def test_expanded_anniversaries_fall_on_the_days_memorials_anniversaries_gives(
    client, remembered, first, last
):
    """Across leap years (1996, 2000, 2096, 2104) and common years, including 2100 (not
    a leap year) and 2000 (one)."""
    occurrences = expand(
        client.get("/feeds/anniversaries.ics"),
        datetime.date(first, 1, 1),
        datetime.date(last, 12, 31),
    )

    found = {(str(o["UID"]), o.start) for o in occurrences}
    expected = {
        (calendars.anniversaries_uid(event), event.anniversary_on(year))
        for event in remembered.values()
        for year in range(first, last + 1)
        if year > event.remembrance_date.year
    }
    assert found == expected
    assert all(o.end - o.start == datetime.timedelta(days=1) for o in occurrences)


def test_29_february_is_kept_on_28_february_or_1_march_in_common_years(client, remembered):
    response = client.get("/feeds/anniversaries.ics")

    def days(name: str, year: int) -> list[datetime.date]:
        uid = calendars.anniversaries_uid(remembered[name])
        return [o.start for o in expand(response, *year_span(year)) if o["UID"] == uid]

    assert days("leap-28", 2100) == [datetime.date(2100, 2, 28)]
    assert days("leap-1", 2100) == [datetime.date(2100, 3, 1)]
    assert days("leap-28", 2000) == days("leap-1", 2000) == [datetime.date(2000, 2, 29)]
    assert days("leap-28", 2097) == [datetime.date(2097, 2, 28)]
    assert days("leap-28", 2104) == [datetime.date(2104, 2, 29)]


def year_span(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def test_anniversaries_around_this_year_carry_their_number(client, demo):
    response = client.get("/feeds/anniversaries.ics")

    occurrences = expand(response, datetime.date(2025, 1, 1), datetime.date(2028, 12, 31))
    numbered = {o.start.year: o for o in occurrences}
    assert numbered[2026]["SUMMARY"] == "34th anniversary: Khojaly massacre"
    assert numbered[2026]["DESCRIPTION"].startswith(
        "The 34th anniversary of Khojaly massacre (26 February 1992)."
    )
    assert numbered[2025]["SUMMARY"].startswith("33rd")
    assert numbered[2028]["SUMMARY"].startswith("36th")
    # Further off, the description gives the year to subtract.
    (far,) = expand(response, *year_span(2100))
    assert far["SUMMARY"] == "Anniversary: Khojaly massacre"
    assert "that year minus 1992" in far["DESCRIPTION"]


def test_anniversaries_are_all_day_and_do_not_make_anyone_busy(client, demo):
    (main, *numbered) = vevents(client.get("/feeds/anniversaries.ics"))

    assert main.start == datetime.date(1993, 2, 26)  # the first anniversary
    assert main["TRANSP"] == "TRANSPARENT"
    assert main["RRULE"]["FREQ"] == ["YEARLY"]
    assert [event["RECURRENCE-ID"].dt.year for event in numbered] == [2025, 2026, 2027, 2028]
    assert {event["UID"] for event in numbered} == {main["UID"]}


def test_events_known_only_to_the_month_or_year_are_left_out(client):
    HistoricalEventFactory(start_date_precision=DatePrecision.MONTH)
    HistoricalEventFactory(start_date_precision=DatePrecision.YEAR)
    day = HistoricalEventFactory()

    uids = set(by_uid(vevents(client.get("/feeds/anniversaries.ics"))))

    assert uids == {calendars.anniversaries_uid(day)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("commemorates=khojaly", {"khojaly"}),
        ("country=de", {"other"}),
        ("memorial=hague", {"khojaly"}),
        ("organisation=society", {"khojaly", "other"}),
        ("organisation=committee", {"khojaly"}),
    ],
)
def test_the_anniversaries_feed_honours_its_filters(client, scattered, query, expected):
    historical_events = {e.historical_event.slug: e.historical_event for e in scattered.values()}

    uids = set(by_uid(vevents(client.get(f"/feeds/anniversaries.ics?{query}"))))

    assert uids == {calendars.anniversaries_uid(historical_events[slug]) for slug in expected}


def test_an_organisations_drafts_do_not_scope_its_anniversaries(client):
    draft = AnniversaryEventFactory(status=Status.DRAFT, organisation__slug="quiet")

    assert vevents(client.get("/feeds/anniversaries.ics?organisation=quiet")) == []
    assert draft.historical_event.has_day


# Conditional GETs and cost


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/events.ics",
        "/feeds/events.ics?country=NL&alarm=P1D",
        "/feeds/anniversaries.ics",
        f"/events/{EXAMPLE_EVENT}.ics",
    ],
)
def test_a_feed_answers_a_conditional_get_with_a_304_after_one_query(client, demo, url):
    first = client.get(url)
    assert first.headers["ETag"]
    assert first.headers["Last-Modified"]

    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert len(queries) == 1  # read before the next request resets the query log
    since = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})

    assert again.status_code == since.status_code == 304


def test_a_change_revalidates_the_feed(client, demo):
    first = client.get("/feeds/events.ics")

    with later(60):
        event = AnniversaryEvent.objects.get(slug=EXAMPLE_EVENT)
        event.title = "Renamed"
        event.save()
        again = client.get("/feeds/events.ics", headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 200


def queries_for(client, url: str) -> int:
    assert connection.features.supports_json_field  # SQLite probes it once per connection
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_events_feed_costs_the_same_queries_for_3_events_as_for_30(client):
    for _ in range(3):
        AnniversaryEventFactory()
    small = queries_for(client, "/feeds/events.ics")
    for n in range(27):
        AnniversaryEventFactory(
            starts_at=NOW + datetime.timedelta(days=n - 13),
            memorial=None if n % 3 else MemorialFactory(),
            time_zone=["Asia/Baku", "Europe/Amsterdam", "UTC"][n % 3],
        )

    large = queries_for(client, "/feeds/events.ics")

    assert small == large <= 2


def test_the_anniversaries_feed_costs_the_same_queries_for_3_events_as_for_30(client):
    for _ in range(3):
        HistoricalEventFactory()
    small = queries_for(client, "/feeds/anniversaries.ics")
    for _ in range(27):
        HistoricalEventFactory()

    large = queries_for(client, "/feeds/anniversaries.ics")

    assert small == large <= 2


# Links


def test_pages_link_their_calendars(client, demo):
    pages = {
        f"/events/{EXAMPLE_EVENT}/": f'href="/events/{EXAMPLE_EVENT}.ics"',
        f"/memorials/{KHOJALY_MEMORIAL}/": f'href="/feeds/events.ics?memorial={KHOJALY_MEMORIAL}"',
        f"/history/{KHOJALY_MASSACRE}/": (
            f'href="/feeds/anniversaries.ics?commemorates={KHOJALY_MASSACRE}"'
        ),
        "/organisations/example-commemoration-committee/": (
            'href="/feeds/events.ics?organisation=example-commemoration-committee"'
        ),
        "/events/?country=NL&upcoming=false": (
            'href="/feeds/events.ics?country=NL&amp;upcoming=false"'
        ),
    }
    for page, link in pages.items():
        assert link in client.get(page).text, page


def test_every_linked_calendar_parses(client, demo):
    for url in [
        f"/feeds/events.ics?memorial={KHOJALY_MEMORIAL}",
        f"/feeds/events.ics?commemorates={KHOJALY_MASSACRE}",
        f"/feeds/anniversaries.ics?commemorates={KHOJALY_MASSACRE}",
        f"/feeds/anniversaries.ics?memorial={KHOJALY_MEMORIAL}",
        "/feeds/events.ics?organisation=example-commemoration-committee",
        "/feeds/events.ics?country=NL&upcoming=false",
    ]:
        assert vevents(client.get(url)), url
