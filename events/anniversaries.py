"""What the calendar brings: the historical events remembered on a day ("on this day"),
the anniversaries of the coming days with the events planned for them, and the events of
a calendar month. The public pages (`directory.anniversaries`) and the API
(`events.anniversaries_api`) both answer from here; the arithmetic itself is
`memorials.anniversaries`, reached through the `HistoricalEvent` methods.

- "Today" is the date in the site's `TIME_ZONE`, or in the IANA zone a visitor passes
  as `tz`.
- Only historical events known to the day have a day. Events known only to the month are
  listed for their month ("known to the month"), with their number; events known only to
  the year have a number each year but no day or month to list them on.
- An anniversary event goes with an anniversary when it takes place on that day in its
  own time zone: it starts on it, or started before it and is still under way (a night
  vigil from the 25th to the 26th goes with the 26th).

Cost: `on_this_day` 4 queries (the events of the day, their memorials, the anniversary
events, the events known to the month), `upcoming` 3, `month_of_events` 1, whatever the
number of records. Reading the anniversaries of a window reads every historical event
known to the day once (`HistoricalEventQuerySet.anniversaries_between`).
"""

import calendar
import datetime
import zoneinfo
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import DatePrecision
from events.models import AnniversaryEvent, validate_time_zone
from memorials.anniversaries import ordinal
from memorials.models import HistoricalEvent, Memorial

DEFAULT_DAYS = 30
MAX_DAYS = 366
# The last day anniversaries are listed for: finding the next anniversary after a day
# looks at the following year, and the calendar (`datetime.date`) ends with 9999.
LAST_DAY = datetime.date(9998, 12, 31)
# Civil time zones run from UTC-12 to UTC+14: a day anywhere lies within the UTC day
# before, the day itself and the day after.
ZONE_MARGIN = datetime.timedelta(days=1)
# The bounds of the UTC moments a query may name. `upcoming()` subtracts an event's
# longest span from its bound: the first months of year 1 (which hold no event) are left
# out so that it stays within the calendar.
EARLIEST = datetime.datetime(1, 6, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime.max.replace(tzinfo=datetime.UTC)


# --- parameters --------------------------------------------------------------------------
class TimeZoneField(forms.CharField):
    """An IANA zone name (`Europe/Amsterdam`); empty means the site's zone."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            max_length=64,
            validators=[validate_time_zone],
            help_text=_("An IANA time zone such as Asia/Baku; the site's zone by default."),
            **kwargs,
        )


class IsoDateField(forms.DateField):
    """A calendar date written YYYY-MM-DD, and nothing else."""

    def __init__(self, **kwargs):
        super().__init__(required=False, input_formats=["%Y-%m-%d"], **kwargs)


class OnThisDayParameters(forms.Form):
    """`date` (default: today in `tz`) and `tz` (default: the site's time zone)."""

    date = IsoDateField(help_text=_("The day, YYYY-MM-DD; today by default."))
    tz = TimeZoneField()

    def clean(self):
        data = super().clean()
        if not self.errors:
            data["day"] = data.get("date") or today_in(data.get("tz"))
        return data


class UpcomingParameters(forms.Form):
    """`from` (default: today in `tz`), `days` (1 to 366, default 30) and `tz`."""

    tz = TimeZoneField()
    days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_DAYS,
        help_text=_("How many days, from 1 to 366; 30 by default."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # `from` is a Python keyword: the field is added by name.
        self.fields["from"] = IsoDateField(
            help_text=_("The first day, YYYY-MM-DD; today by default.")
        )
        self.order_fields(["from", "days", "tz"])

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        first = data.get("from") or today_in(data.get("tz"))
        days = data.get("days") or DEFAULT_DAYS
        # A window reaching past LAST_DAY ends there (one past it lists nothing).
        remaining = (LAST_DAY - first).days
        data["first"] = first
        data["last"] = first + datetime.timedelta(days=min(days - 1, remaining))
        return data


def today_in(zone_name: str | None = None) -> datetime.date:
    """Today's date in `zone_name` (an IANA name), or in the site's `TIME_ZONE`."""
    zone = zoneinfo.ZoneInfo(zone_name or settings.TIME_ZONE)
    return timezone.now().astimezone(zone).date()


# --- what the pages and the API show -----------------------------------------------------
@dataclass
class Anniversary:
    """The anniversary of `historical_event` on `day`, with the memorials that
    commemorate it (on "on this day" only) and the anniversary events on that day."""

    day: datetime.date
    historical_event: HistoricalEvent
    events: list[AnniversaryEvent] = field(default_factory=list)
    memorials: list[Memorial] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.historical_event.anniversary_number(self.day)

    @property
    def ordinal(self) -> str:
        return ordinal(self.number)


@dataclass
class MonthAnniversary:
    """The anniversary, in the month starting on `month`, of a historical event known only
    to the month."""

    month: datetime.date
    historical_event: HistoricalEvent

    @property
    def number(self) -> int:
        return self.historical_event.anniversary_number(self.month)

    @property
    def ordinal(self) -> str:
        return ordinal(self.number)


@dataclass
class OnThisDay:
    day: datetime.date
    anniversaries: list[Anniversary]
    known_to_the_month: list[MonthAnniversary]


@dataclass
class Upcoming:
    first: datetime.date
    last: datetime.date
    anniversaries: list[Anniversary]
    known_to_the_month: list[MonthAnniversary]

    @property
    def days(self) -> int:
        """How many days are listed (fewer than asked at the end of the calendar)."""
        return max(0, (self.last - self.first).days + 1)


# A large directory holds thousands of memorials and events for one anniversary: the
# lists show the first ones (memorials by name, events by start) and link to the rest.
LISTED_MEMORIALS = 20
LISTED_EVENTS = 200


def remembered_today(user, day: datetime.date) -> list[Anniversary]:
    """The anniversaries on `day`, without their memorials and events: one query (the
    home page's short list)."""
    return [
        Anniversary(day, historical_event)
        for historical_event in HistoricalEvent.objects.visible_to(user)
        .remembered_on(day)
        .order_by("start_date", "sort_name", "id")
    ]


def on_this_day(user, day: datetime.date) -> OnThisDay:
    """The historical events remembered on `day`, each with its number, the memorials
    `user` may see that commemorate it and the anniversary events on that day; and those
    known only to the month, in `day`'s month. 4 queries (2 when nothing is remembered)."""
    memorials = Memorial.objects.visible_to(user).order_by("sort_name", "id")[:LISTED_MEMORIALS]
    historical_events = (
        HistoricalEvent.objects.visible_to(user)
        .remembered_on(day)
        .order_by("start_date", "sort_name", "id")
        .prefetch_related(Prefetch("memorials", queryset=memorials, to_attr="visible_memorials"))
    )
    anniversaries = [
        Anniversary(day, historical_event, memorials=historical_event.visible_memorials)
        for historical_event in historical_events
    ]
    attach_events(user, anniversaries)
    month = day.replace(day=1)
    return OnThisDay(day, anniversaries, known_to_the_month(user, month, month))


def upcoming(user, first: datetime.date, last: datetime.date) -> Upcoming:
    """The anniversaries from `first` to `last` inclusive in date order, each with the
    anniversary events on its day; and the events known only to the month in the months
    the window touches. 3 queries (2 when there is no anniversary)."""
    if last < first:  # a window starting after LAST_DAY
        return Upcoming(first, last, [], [])
    remembered = HistoricalEvent.objects.visible_to(user)
    anniversaries = [
        Anniversary(day, historical_event)
        for day, historical_event in remembered.anniversaries_between(first, last)
    ]
    attach_events(user, anniversaries)
    return Upcoming(
        first, last, anniversaries, known_to_the_month(user, first.replace(day=1), last)
    )


def attach_events(user, anniversaries: list[Anniversary]) -> None:
    """Adds to each anniversary the events `user` may see that commemorate its historical
    event and take place on its day in their own time zone: one query for all of them."""
    if not anniversaries:
        return
    first = min(a.day for a in anniversaries)
    last = max(a.day for a in anniversaries)
    by_key = {(a.historical_event.pk, a.day): a for a in anniversaries}
    low, high = utc_bounds(first, last)
    candidates = (
        AnniversaryEvent.objects.visible_to(user)
        .with_summaries(user)
        .filter(historical_event__in={a.historical_event.pk for a in anniversaries})
        .upcoming(now=low)
        .starting_before(high)
        .order_by("starts_at", "id")[:LISTED_EVENTS]
    )
    for event in candidates:
        day = event.local_start_date
        while day <= min(event.local_end_date, last):
            anniversary = by_key.get((event.historical_event_id, day))
            if anniversary is not None:
                anniversary.events.append(event)
            day += datetime.timedelta(days=1)


def known_to_the_month(user, first: datetime.date, last: datetime.date) -> list[MonthAnniversary]:
    """Historical events known only to the month, at their anniversary in each month from
    `first`'s to `last`'s (one query): the month is all that is known of their day."""
    months = [
        datetime.date(index // 12, index % 12 + 1, 1)
        for index in range(first.year * 12 + first.month - 1, last.year * 12 + last.month)
    ]
    if not months:
        return []
    rows = list(
        HistoricalEvent.objects.visible_to(user)
        .filter(
            start_date_precision=DatePrecision.MONTH,
            start_date__month__in={m.month for m in months},
            start_date__lt=months[-1],
        )
        .order_by("start_date", "sort_name", "id")
    )
    return [
        MonthAnniversary(month, historical_event)
        for month in months
        for historical_event in rows
        if historical_event.start_date.month == month.month
        and historical_event.start_date.year < month.year
    ]


# --- a month of events -------------------------------------------------------------------
@dataclass
class CalendarDay:
    """A day of the month, or a blank (`day` None) before the 1st or after the last."""

    day: datetime.date | None
    events: list[AnniversaryEvent] = field(default_factory=list)


def next_month(month: datetime.date) -> datetime.date:
    """The first day of the month after `month` (ValueError after December 9999)."""
    return datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def previous_month(month: datetime.date) -> datetime.date:
    """The first day of the month before `month` (ValueError before January of year 1)."""
    return (month.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


def utc_bounds(first: datetime.date, last: datetime.date) -> tuple:
    """(low, high): every UTC moment that falls on a day from `first` to `last` in some
    time zone is at or after low and before high (within EARLIEST and LATEST)."""
    low = start_of(first) - ZONE_MARGIN if first > EARLIEST.date() else EARLIEST
    if last < datetime.date.max - 2 * ZONE_MARGIN:
        return low, start_of(last) + datetime.timedelta(days=1) + ZONE_MARGIN
    return low, LATEST


def month_of_events(user, year: int, month: int) -> list[list[CalendarDay]]:
    """The weeks (Monday first) of a month, each day with the events `user` may see that
    start on it in their own time zone, in start order: one query. The UTC window is
    widened by a day on each side, then each event is placed by its local start date."""
    first = datetime.date(year, month, 1)
    weeks = [
        [CalendarDay(datetime.date(year, month, number) if number else None) for number in week]
        for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
    ]
    by_day = {cell.day: cell for week in weeks for cell in week if cell.day}
    low, high = utc_bounds(first, first.replace(day=calendar.monthrange(year, month)[1]))
    events = (
        AnniversaryEvent.objects.visible_to(user)
        .with_summaries(user)
        .starting_from(low)
        .starting_before(high)
    )
    for event in events:
        cell = by_day.get(event.local_start_date)
        if cell is not None:
            cell.events.append(event)
    return weeks
