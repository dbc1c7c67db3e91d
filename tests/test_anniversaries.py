"""Anniversary arithmetic (memorials.anniversaries): the day an anniversary falls on,
the next one, which one it is, and its English ordinal."""

import datetime

import pytest

from memorials.anniversaries import (
    LeapDay,
    anniversary_date,
    anniversary_number,
    is_anniversary,
    next_anniversary,
    ordinal,
)

KHOJALY = datetime.date(1992, 2, 26)
LEAP_DAY = datetime.date(1996, 2, 29)
day = datetime.date


def test_the_2015_commemoration_is_the_23rd_anniversary_of_khojaly():
    assert anniversary_number(KHOJALY, day(2015, 2, 26)) == 23
    assert ordinal(23) == "23rd"


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (1997, day(1997, 2, 28)),  # common year
        (2000, day(2000, 2, 29)),  # divisible by 400: leap
        (2004, day(2004, 2, 29)),  # leap
        (2100, day(2100, 2, 28)),  # divisible by 100, not 400: common
        (2400, day(2400, 2, 29)),
    ],
)
def test_29_february_falls_on_28_february_in_common_years_by_default(year, expected):
    assert anniversary_date(LEAP_DAY, year) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [(1900, day(1900, 3, 1)), (2000, day(2000, 2, 29)), (2001, day(2001, 3, 1))],
)
def test_29_february_may_fall_on_1_march_instead(year, expected):
    assert anniversary_date(datetime.date(1896, 2, 29), year, LeapDay.MARCH_1) == expected


def test_other_days_fall_on_the_same_day_every_year():
    assert anniversary_date(KHOJALY, 2027) == day(2027, 2, 26)
    assert anniversary_date(day(1992, 12, 31), 2100) == day(2100, 12, 31)


@pytest.mark.parametrize(
    ("on_or_after", "expected"),
    [
        (day(2026, 12, 2), day(2027, 2, 26)),
        (day(2027, 2, 26), day(2027, 2, 26)),  # the day itself is not past
        (day(2027, 2, 27), day(2028, 2, 26)),
        (day(1990, 1, 1), KHOJALY),  # before the event: the event itself
    ],
)
def test_the_next_anniversary(on_or_after, expected):
    assert next_anniversary(KHOJALY, on_or_after) == expected


def test_the_next_anniversary_of_a_leap_day_across_a_century():
    assert next_anniversary(LEAP_DAY, day(2099, 3, 1)) == day(2100, 2, 28)
    assert next_anniversary(LEAP_DAY, day(2099, 3, 1), LeapDay.MARCH_1) == day(2099, 3, 1)
    assert next_anniversary(LEAP_DAY, day(2099, 3, 2), LeapDay.MARCH_1) == day(2100, 3, 1)
    assert next_anniversary(LEAP_DAY, day(2100, 3, 2)) == day(2101, 2, 28)


def test_there_is_no_anniversary_after_the_year_9999():
    assert next_anniversary(KHOJALY, day(9999, 2, 26)) == day(9999, 2, 26)
    assert next_anniversary(KHOJALY, day(9999, 2, 27)) is None


def test_is_anniversary_follows_the_leap_day_rule():
    assert is_anniversary(LEAP_DAY, day(2001, 2, 28))
    assert not is_anniversary(LEAP_DAY, day(2001, 3, 1))
    assert is_anniversary(LEAP_DAY, day(2001, 3, 1), LeapDay.MARCH_1)
    assert not is_anniversary(LEAP_DAY, day(2004, 2, 28))
    assert not is_anniversary(KHOJALY, day(1991, 2, 26))


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
        (113, "113th"),
    ],
)
def test_english_ordinals(number, expected):
    assert ordinal(number) == expected


# --- historical events: which day is remembered, and "on this day" ----------------------
@pytest.fixture
def khojaly(db):
    from tests.factories import HistoricalEventFactory

    return HistoricalEventFactory(
        name="Khojaly massacre",
        start_date=day(1992, 2, 25),
        end_date=day(1992, 2, 26),
        remembered_on="end",
    )


def test_an_event_over_two_days_is_remembered_on_the_day_it_chooses(khojaly):
    assert khojaly.remembrance_date == day(1992, 2, 26)
    assert khojaly.anniversary_on(2015) == day(2015, 2, 26)
    assert khojaly.anniversary_number(day(2015, 2, 26)) == 23


def test_the_first_day_of_a_span_is_remembered_by_default(db):
    from tests.factories import HistoricalEventFactory

    event = HistoricalEventFactory(start_date=day(1992, 2, 25), end_date=day(1992, 2, 26))

    assert event.remembered_on == "start"
    assert event.anniversary_on(2015) == day(2015, 2, 25)


def test_remembering_the_last_day_needs_an_end_date(db):
    from django.core.exceptions import ValidationError

    from tests.factories import HistoricalEventFactory

    event = HistoricalEventFactory.build(remembered_on="end", end_date=None)

    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "remembered_on" in refused.value.message_dict


def test_on_this_day_finds_events_known_to_the_day(khojaly):
    from memorials.models import HistoricalEvent
    from tests.factories import HistoricalEventFactory

    HistoricalEventFactory(name="Known to the month", start_date=day(1992, 2, 1))
    HistoricalEventFactory(
        name="Month only", start_date=day(1992, 2, 26), start_date_precision="month"
    )

    found = HistoricalEvent.objects.remembered_on(day(2026, 2, 26))

    assert [event.name for event in found] == ["Khojaly massacre"]
    assert not HistoricalEvent.objects.remembered_on(day(2026, 2, 25))
    assert not HistoricalEvent.objects.remembered_on(day(1992, 2, 26))  # the day itself


@pytest.mark.parametrize(
    ("leap_day", "on_day", "found"),
    [
        ("february-28", day(2027, 2, 28), True),
        ("february-28", day(2027, 3, 1), False),
        ("march-1", day(2027, 3, 1), True),
        ("march-1", day(2027, 2, 28), False),
        ("february-28", day(2028, 2, 29), True),
        ("february-28", day(2028, 2, 28), False),
        ("february-28", day(2100, 2, 28), True),
        ("march-1", day(2100, 3, 1), True),
    ],
)
def test_on_this_day_places_29_february_events_by_their_rule(db, leap_day, on_day, found):
    from memorials.models import HistoricalEvent
    from tests.factories import HistoricalEventFactory

    HistoricalEventFactory(start_date=day(1996, 2, 29), leap_day=leap_day)

    assert HistoricalEvent.objects.remembered_on(on_day).exists() is found


def test_anniversaries_between_two_days_in_order(khojaly):
    from memorials.models import HistoricalEvent
    from tests.factories import HistoricalEventFactory

    leap = HistoricalEventFactory(name="Leap", start_date=day(1996, 2, 29))
    HistoricalEventFactory(
        name="Year only", start_date=day(1990, 1, 1), start_date_precision="year"
    )

    found = HistoricalEvent.objects.anniversaries_between(day(2026, 12, 2), day(2027, 12, 2))

    assert found == [(day(2027, 2, 26), khojaly), (day(2027, 2, 28), leap)]
