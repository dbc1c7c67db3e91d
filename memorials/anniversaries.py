"""Anniversary arithmetic: the one place that says on which day a date is remembered in a
given year, when the next anniversary is, and which anniversary it is.

Models, admin, API, pages and feeds call these functions; none subtracts years itself.

- 29 February is remembered on 28 February in common years by default
  (`LeapDay.FEBRUARY_28`); `LeapDay.MARCH_1` chooses the day after instead. Leap years
  are the Gregorian ones: 2000 is one, 1900 and 2100 are not.
- The number of an anniversary is the count of whole years from the remembered date to
  the day of the anniversary: 26 February 2015 is the 23rd anniversary of 26 February
  1992. The day itself counts, the years are counted on the calendar (no time zones
  here: callers pass the local date, see `AnniversaryEvent.local_start_date`).
"""

import calendar
import datetime

from django.contrib.humanize.templatetags.humanize import ordinal as humanize_ordinal
from django.db import models
from django.utils.translation import gettext_lazy as _


class LeapDay(models.TextChoices):
    """Where an anniversary of 29 February falls in a common year."""

    FEBRUARY_28 = "february-28", _("28 February")
    MARCH_1 = "march-1", _("1 March")


def anniversary_date(
    remembered: datetime.date, year: int, leap_day: str = LeapDay.FEBRUARY_28
) -> datetime.date:
    """The day in `year` on which `remembered` is remembered."""
    if (remembered.month, remembered.day) == (2, 29) and not calendar.isleap(year):
        if leap_day == LeapDay.MARCH_1:
            return datetime.date(year, 3, 1)
        return datetime.date(year, 2, 28)
    return remembered.replace(year=year)


def next_anniversary(
    remembered: datetime.date, on_or_after: datetime.date, leap_day: str = LeapDay.FEBRUARY_28
) -> datetime.date | None:
    """The first anniversary of `remembered` on or after `on_or_after` (the date itself
    when it is not yet past); None when it would fall after the year 9999."""
    if on_or_after <= remembered:
        return remembered
    this_year = anniversary_date(remembered, on_or_after.year, leap_day)
    if this_year >= on_or_after:
        return this_year
    if on_or_after.year == datetime.MAXYEAR:
        return None
    return anniversary_date(remembered, on_or_after.year + 1, leap_day)


def anniversary_number(remembered: datetime.date, day: datetime.date) -> int:
    """Which anniversary falls in the year of `day`: its year minus the remembered
    year (23 for a day in 2015 and an event of 1992); 0 in the year itself."""
    return day.year - remembered.year


def is_anniversary(
    remembered: datetime.date, day: datetime.date, leap_day: str = LeapDay.FEBRUARY_28
) -> bool:
    """Whether `day` is an anniversary of `remembered` (or the day itself)."""
    return day >= remembered and anniversary_date(remembered, day.year, leap_day) == day


def ordinal(number: int) -> str:
    """`1st`, `2nd`, `3rd`, `11th`, `23rd`, `112th`: Django's translatable ordinals
    (django.contrib.humanize), so other languages follow their own rules."""
    return humanize_ordinal(number)
