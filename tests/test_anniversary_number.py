"""An anniversary's number counts years on the venue's own calendar, and a zero-length
event is a real event: allowed, and upcoming until its moment has passed."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from events.models import AnniversaryEvent
from tests.factories import (
    AnniversaryEventFactory,
    EditorFactory,
    HistoricalEventFactory,
    MemorialFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

KHOJALY = datetime.date(1992, 2, 26)
BAKU = zoneinfo.ZoneInfo("Asia/Baku")


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=datetime.UTC)


@pytest.fixture
def khojaly():
    return HistoricalEventFactory(start_date=KHOJALY)


def event_at(historical_event, starts_at, time_zone) -> AnniversaryEvent:
    """An unsaved event: the number and the local date need no database."""
    return AnniversaryEvent(
        historical_event=historical_event,
        starts_at=starts_at,
        ends_at=starts_at,
        time_zone=time_zone,
    )


# --- the local date ------------------------------------------------------------------
def test_half_past_midnight_in_baku_is_the_26th_there_while_utc_is_still_the_25th(khojaly):
    event = event_at(khojaly, utc(2015, 2, 25, 20, 30), "Asia/Baku")  # UTC+4

    assert event.local_start_date == datetime.date(2015, 2, 26)
    assert event.starts_at.date() == datetime.date(2015, 2, 25)
    assert event.anniversary == 23


def test_the_local_date_decides_whether_an_event_starts_before_what_it_commemorates(khojaly):
    """On the very first night, 00:30 in Baku is the day itself; in UTC it is the day
    before (Baku was three hours ahead of UTC in 1992)."""
    starts_at = datetime.datetime(1992, 2, 26, 0, 30, tzinfo=BAKU)
    assert starts_at == utc(1992, 2, 25, 21, 30)
    in_baku = event_at(khojaly, starts_at, "Asia/Baku")
    in_utc = event_at(khojaly, starts_at, "UTC")

    assert in_baku._starts_before_commemorated_event() is False
    assert in_utc._starts_before_commemorated_event() is True
    assert in_baku.anniversary == 0


@pytest.mark.parametrize(
    ("starts_at", "time_zone", "anniversary"),
    [
        pytest.param(utc(2029, 12, 31, 23, 30), "UTC", 37, id="utc-new-years-eve"),
        pytest.param(utc(2029, 12, 31, 23, 30), "Asia/Baku", 38, id="baku-already-new-year"),
        pytest.param(utc(2030, 1, 1, 2, 0), "UTC", 38, id="utc-new-years-day"),
        pytest.param(utc(2030, 1, 1, 2, 0), "America/New_York", 37, id="new-york-still-old-year"),
    ],
)
def test_across_new_year_the_venues_year_gives_the_number(
    khojaly, starts_at, time_zone, anniversary
):
    assert event_at(khojaly, starts_at, time_zone).anniversary == anniversary


def test_without_a_start_there_is_no_number(khojaly):
    assert event_at(khojaly, None, "UTC").anniversary is None


def test_the_api_shows_the_number_of_the_venues_year(api_client, khojaly):
    event = AnniversaryEventFactory(
        historical_event=khojaly,
        starts_at=utc(2029, 12, 31, 23, 30),
        ends_at=utc(2030, 1, 1, 1, 0),
        time_zone="Asia/Baku",
    )

    response = api_client.get(f"/api/v1/events/{event.slug}/")

    assert response.json()["anniversary"] == 38


# --- a zero-length event -------------------------------------------------------------
MOMENT = utc(2030, 2, 26, 10, 0)


def test_an_event_may_end_when_it_starts(khojaly):
    event = AnniversaryEventFactory.build(
        historical_event=khojaly, starts_at=MOMENT, ends_at=MOMENT, slug="moment"
    )
    event.memorial.save()
    event.organisation.save()
    event.memorial_id, event.organisation_id = event.memorial.pk, event.organisation.pk

    event.full_clean()
    event.save()  # and the database's own constraint agrees

    assert AnniversaryEvent.objects.get(pk=event.pk).ends_at == MOMENT


def test_the_api_accepts_an_event_that_ends_when_it_starts(api_client):
    template = AnniversaryEventFactory()
    api_client.force_authenticate(EditorFactory())

    response = api_client.post(
        "/api/v1/events/",
        {
            "title": "A minute of silence",
            "historical_event": template.historical_event.slug,
            "memorial": template.memorial.slug,
            "organisation": template.organisation.slug,
            "starts_at": "2030-02-26T10:00:00Z",
            "ends_at": "2030-02-26T10:00:00Z",
            "time_zone": "Asia/Baku",
        },
    )

    assert response.status_code == 201, response.content
    assert response.json()["ends_at"] == response.json()["starts_at"]


def test_an_event_may_not_end_a_microsecond_before_it_starts(khojaly):
    event = event_at(khojaly, MOMENT, "UTC")
    event.ends_at = MOMENT - datetime.timedelta(microseconds=1)

    with pytest.raises(ValidationError) as refused:
        event.clean()

    assert refused.value.message_dict["ends_at"] == ["The end cannot be before the start."]


@pytest.mark.parametrize(
    ("now", "upcoming"),
    [
        pytest.param(MOMENT - datetime.timedelta(microseconds=1), True, id="just-before"),
        pytest.param(MOMENT, True, id="at-the-moment"),
        pytest.param(MOMENT + datetime.timedelta(microseconds=1), False, id="just-after"),
    ],
)
def test_a_zero_length_event_is_upcoming_until_its_moment_has_passed(
    api_client, khojaly, now, upcoming
):
    event = AnniversaryEventFactory(historical_event=khojaly, starts_at=MOMENT, ends_at=MOMENT)

    with time_machine.travel(now, tick=False):
        in_upcoming = list(AnniversaryEvent.objects.upcoming())
        in_past = list(AnniversaryEvent.objects.past())
        listed = api_client.get("/api/v1/events/", {"upcoming": "true"}).json()["results"]

    assert in_upcoming == ([event] if upcoming else [])
    assert in_past == ([] if upcoming else [event])
    assert [row["slug"] for row in listed] == ([event.slug] if upcoming else [])


def test_upcoming_and_past_take_an_explicit_now(khojaly):
    event = AnniversaryEventFactory(historical_event=khojaly, starts_at=MOMENT, ends_at=MOMENT)
    later = MOMENT + datetime.timedelta(seconds=1)

    assert list(AnniversaryEvent.objects.upcoming(now=MOMENT)) == [event]
    assert list(AnniversaryEvent.objects.upcoming(now=later)) == []
    assert list(AnniversaryEvent.objects.past(now=later)) == [event]
    assert list(AnniversaryEvent.objects.past(now=MOMENT)) == []


# --- the local date in the model's rules ---------------------------------------------
@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        pytest.param({"starts_at": None, "ends_at": None}, {"starts_at", "ends_at"}, id="no-start"),
        pytest.param({"historical_event": None}, {"historical_event"}, id="no-historical-event"),
        pytest.param({"time_zone": "Mars/Olympus_Mons"}, {"time_zone"}, id="unknown-time-zone"),
    ],
)
def test_a_missing_part_is_reported_on_its_own_field_only(khojaly, changes, fields):
    """Whether the event starts before what it commemorates needs a start, a historical
    event and a time zone; without one, only that field's own error is reported."""
    event = AnniversaryEventFactory.build(
        historical_event=khojaly,
        memorial=MemorialFactory(),
        organisation=OrganisationFactory(),
        starts_at=utc(1990, 1, 1),
    )
    for name, value in changes.items():
        setattr(event, name, value)

    with pytest.raises(ValidationError) as refused:
        event.full_clean(exclude=["slug"])

    assert set(refused.value.message_dict) == fields


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param(
            {"starts_at": utc(1992, 2, 25, 12, 0), "time_zone": "UTC"},
            "starts_at",
            "An anniversary cannot start before the event it commemorates.",
            id="before",
        ),
        pytest.param(
            {"status": AnniversaryEvent.Status.CANCELLED, "cancellation_note": "  "},
            "cancellation_note",
            "Say why the event is cancelled.",
            id="cancelled",
        ),
        pytest.param(
            {"time_zone": "Mars/Olympus_Mons"},
            "time_zone",
            "“Mars/Olympus_Mons” is not an IANA time zone such as Europe/Amsterdam.",
            id="time-zone",
        ),
    ],
)
def test_a_refused_event_says_why(khojaly, changes, field, message):
    event = AnniversaryEventFactory(historical_event=khojaly, starts_at=utc(2030, 2, 26, 8, 0))
    for name, value in changes.items():
        setattr(event, name, value)
    event.ends_at = event.starts_at

    with pytest.raises(ValidationError) as refused:
        event.full_clean()

    assert refused.value.message_dict == {field: [message]}
