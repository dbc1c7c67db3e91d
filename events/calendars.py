"""iCalendar (RFC 5545) objects: anniversary events, and the yearly anniversaries of
historical events. The views in `directory/calendars.py` serve them.

Decisions a subscriber's calendar relies on:

- **UIDs** come from the primary key and a fixed domain (`UID_DOMAIN`), never from a slug
  or title, so renaming keeps the entry. Never change `UID_DOMAIN`: clients match by UID.
- **SEQUENCE** is the number of history records (django-simple-history) less one: every
  save, including each status change in `events.services`, adds one, so an edit or a
  cancellation raises it and the count never goes down. Rows inserted without history
  (`bulk_create`, the synthetic sample) have 0. Pruning history (simple-history's
  `clean_old_history`) would lower it: do not prune these models.
- **LAST-MODIFIED and DTSTAMP** are the record's `updated` (without METHOD, DTSTAMP is the
  last revision, RFC 5545 3.8.7.2), so the same data always gives the same bytes.
- **Times** are given in the event's own zone with a VTIMEZONE (icalendar's
  `Timezone.from_tzinfo`, cached per zone and years), or in UTC for UTC events.
- **A cancelled event** stays, with STATUS:CANCELLED, "Cancelled:" before its title and the
  note in its description; drafts and submitted events are TENTATIVE (only their
  organisers and editors ever get them, in the single-event download).
- **Anniversaries** of historical events known to the day are one all-day VEVENT with a
  yearly RRULE starting on the first anniversary. 29 February follows the event's
  `LeapDay`: `february-28` is BYMONTH=2;BYMONTHDAY=-1 (the last day of February),
  `march-1` is BYYEARDAY=60 (29 February in leap years, 1 March in common years). The
  dates themselves come from `memorials.anniversaries` (tests compare every expanded
  occurrence with `HistoricalEvent.anniversary_on`). An RRULE cannot number its
  occurrences, so the main VEVENT's description gives the year to subtract, and the
  occurrences of `NUMBERED_YEARS` around today are repeated as RECURRENCE-ID overrides
  whose summary and description name their number ("34th anniversary"). Events known
  only to the month or year have no day to put in a calendar and are left out.
"""

import datetime
import functools
import zoneinfo
from collections.abc import Callable, Iterable

import icalendar
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext

from events.models import AnniversaryEvent
from memorials.anniversaries import LeapDay, ordinal
from memorials.models import HistoricalEvent

UID_DOMAIN = "commemorate"
PRODID = "-//Commemorate//Calendar feeds//EN"
# A feed holds at most the next FEED_UPCOMING events (soonest first) and the last
# FEED_PAST (most recent first): enough for a subscriber, bounded for a large directory.
FEED_UPCOMING = 500
FEED_PAST = 500
FEED_HISTORICAL_EVENTS = 1000
# Years whose anniversaries carry their number, relative to the current year.
NUMBERED_YEARS = range(-1, 3)
MAX_ALARM = datetime.timedelta(weeks=4)
REFRESH_INTERVAL = datetime.timedelta(hours=6)

URLMaker = Callable[[str], str]


# A feed says the same few phrases and ordinals a thousand times: looking each up in
# the catalogue (several gettext calls for an ordinal) was a third of a feed's time.
@functools.lru_cache(maxsize=1024)
def _translated(message: str, language: str | None) -> str:
    return gettext(message)


def _(message: str) -> str:
    return _translated(message, get_language())


@functools.lru_cache(maxsize=4096)
def _ordinal(number: int, language: str | None) -> str:
    return ordinal(number)


def event_uid(event: AnniversaryEvent) -> str:
    return f"anniversary-event-{event.pk}@{UID_DOMAIN}"


def anniversaries_uid(historical_event: HistoricalEvent) -> str:
    return f"anniversaries-of-historical-event-{historical_event.pk}@{UID_DOMAIN}"


def with_history_count(queryset):
    """Annotates `history_count`, the record's history entries (for SEQUENCE): a
    correlated count over the history table's index on `id`, no extra query."""
    history = queryset.model.history.model.objects
    count = (
        history.filter(id=OuterRef("pk"))
        .order_by()
        .values("id")
        .annotate(entries=Count("*"))
        .values("entries")
    )
    return queryset.annotate(
        history_count=Coalesce(Subquery(count, output_field=IntegerField()), 0)
    )


def sequence_of(record) -> int:
    """SEQUENCE: history entries less one (0 for the first version). Reads the history
    (a query) unless `with_history_count` annotated the record."""
    count = getattr(record, "history_count", None)
    if count is None:
        count = record.history.count()
    return max(count - 1, 0)


def events_for_feed(queryset, *, now: datetime.datetime) -> list[AnniversaryEvent]:
    """The feed's events from `queryset`, in start order: the next `FEED_UPCOMING` that
    have not ended and the last `FEED_PAST` that have. One query: two subqueries choose
    the keys (from the indexes alone, without the joins of the full rows), then only the
    chosen rows are read with their summaries and history counts."""
    upcoming = queryset.upcoming(now).order_by("starts_at", "id").values("pk")[:FEED_UPCOMING]
    # An event that has ended started before now: said outright, that bound lets the
    # index in start order (`event_status_start`) choose the last ones without a sort.
    past = queryset.past(now).starting_before(now)
    past = past.order_by("-starts_at", "-id").values("pk")[:FEED_PAST]
    chosen = queryset.filter(Q(pk__in=upcoming) | Q(pk__in=past))
    return list(with_history_count(chosen).order_by("starts_at", "id"))


def historical_events_for_feed(queryset) -> list[HistoricalEvent]:
    """Historical events known to the day (the others have no day to keep), by name, at
    most `FEED_HISTORICAL_EVENTS`. One query."""
    queryset = with_history_count(queryset.known_to_the_day())
    return list(queryset.order_by("sort_name", "id")[:FEED_HISTORICAL_EVENTS])


def _alarm(summary: str, before: datetime.timedelta) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -before)
    return alarm


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def _location(event: AnniversaryEvent) -> str:
    """Where, as an address line. Reads event.memorial (loaded by `with_summaries`)."""
    if event.memorial_id and getattr(event, "memorial_is_visible", False):
        memorial = event.memorial
        parts = [memorial.name, memorial.address, memorial.city, memorial.country.name]
    else:
        parts = [
            event.venue_name,
            event.venue_address,
            event.venue_city,
            event.venue_country.name if event.venue_country else "",
        ]
    parts = list(dict.fromkeys(part for part in parts if part))
    return ", ".join(parts) if parts else _("Online")


STATUS = {
    AnniversaryEvent.Status.PUBLISHED: "CONFIRMED",
    AnniversaryEvent.Status.CANCELLED: "CANCELLED",
}


def event_component(
    event: AnniversaryEvent, *, url: str, alarm: datetime.timedelta | None = None
) -> icalendar.Event:
    """The VEVENT of `event`, whose page is at `url`. Reads the historical event, the
    organisation and the memorial: load them with `with_summaries`, and the history
    count with `with_history_count`, or each is a query."""
    cancelled = event.status == AnniversaryEvent.Status.CANCELLED
    summary = _("Cancelled: %(title)s") % {"title": event.title} if cancelled else event.title
    historical_event = event.historical_event
    number = event.anniversary
    if number:
        commemorates = _("The %(ordinal)s anniversary of %(name)s.") % {
            "ordinal": _ordinal(number, get_language()),
            "name": historical_event.name,
        }
    else:
        commemorates = _("Commemorates %(name)s.") % {"name": historical_event.name}
    zone = zoneinfo.ZoneInfo(event.time_zone)
    component = icalendar.Event.new(
        uid=event_uid(event),
        summary=summary,
        start=event.starts_at.astimezone(zone),
        end=event.ends_at.astimezone(zone),
        stamp=event.updated,
        created=event.created,
        last_modified=event.updated,
        sequence=sequence_of(event),
        status=STATUS.get(event.status, "TENTATIVE"),
        location=_location(event),
        url=url,
        description=_paragraphs(
            _("Cancelled: %(note)s") % {"note": event.cancellation_note} if cancelled else "",
            commemorates,
            _("Organised by %(name)s.") % {"name": event.organisation.name},
            event.description,
            _("Join online: %(url)s") % {"url": event.online_url} if event.online_url else "",
            _("Registration: %(url)s") % {"url": event.registration_url}
            if event.registration_url
            else "",
            url,
        ),
    )
    point = event.venue_point
    if point:
        component.add("geo", (float(point[0]), float(point[1])))
    if alarm is not None:
        component.add_component(_alarm(summary, alarm))
    return component


def _yearly_rule(day: datetime.date, leap_day: str) -> dict:
    """The RRULE of an anniversary of `day` (see the module's docstring for 29 February)."""
    if (day.month, day.day) == (2, 29):
        if leap_day == LeapDay.MARCH_1:
            return {"freq": "yearly", "byyearday": 60}
        return {"freq": "yearly", "bymonth": 2, "bymonthday": -1}
    return {"freq": "yearly", "bymonth": day.month, "bymonthday": day.day}


def anniversary_components(
    historical_event: HistoricalEvent,
    *,
    url: str,
    today: datetime.date,
    alarm: datetime.timedelta | None = None,
) -> list[icalendar.Event]:
    """The yearly all-day VEVENT of `historical_event` (known to the day) and its
    numbered occurrences of `NUMBERED_YEARS` around `today` (RECURRENCE-ID overrides);
    nothing for an event not known to the day."""
    if not historical_event.has_day:
        return []
    remembered = historical_event.remembrance_date
    first = historical_event.anniversary_on(remembered.year + 1)
    name = historical_event.name
    when = date_format(remembered)
    common = {
        "uid": anniversaries_uid(historical_event),
        "stamp": historical_event.updated,
        "created": historical_event.created,
        "last_modified": historical_event.updated,
        "sequence": sequence_of(historical_event),
        "transparency": "TRANSPARENT",
        "url": url,
    }
    summary = _("Anniversary: %(name)s") % {"name": name}
    main = icalendar.Event.new(
        summary=summary,
        start=first,
        end=first + datetime.timedelta(days=1),
        description=_paragraphs(
            _(
                "%(name)s: %(when)s. The number of each year's anniversary is that year "
                "minus %(year)s."
            )
            % {"name": name, "when": when, "year": remembered.year},
            historical_event.summary,
            url,
        ),
        **common,
    )
    main.add("rrule", _yearly_rule(remembered, historical_event.leap_day))
    components = [main]
    for year in (today.year + offset for offset in NUMBERED_YEARS):
        if year <= remembered.year:
            continue
        day = historical_event.anniversary_on(year)
        number = _ordinal(historical_event.anniversary_number(day), get_language())
        components.append(
            icalendar.Event.new(
                summary=_("%(ordinal)s anniversary: %(name)s") % {"ordinal": number, "name": name},
                start=day,
                end=day + datetime.timedelta(days=1),
                recurrence_id=day,
                description=_paragraphs(
                    _("The %(ordinal)s anniversary of %(name)s (%(when)s).")
                    % {"ordinal": number, "name": name, "when": when},
                    historical_event.summary,
                    url,
                ),
                **common,
            )
        )
    if alarm is not None:
        for component in components:
            component.add_component(_alarm(str(component["SUMMARY"]), alarm))
    return components


@functools.lru_cache(maxsize=2048)
def _vtimezone(zone: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """A VTIMEZONE valid from 1 January `first_year` to the end of `last_year`. Building
    one takes about 5 ms whatever the span, so each is kept for the process."""
    return icalendar.Timezone.from_tzinfo(
        zoneinfo.ZoneInfo(zone),
        first_date=datetime.date(first_year, 1, 1),
        last_date=datetime.date(last_year + 1, 1, 1),
    )


def vtimezones(events: Iterable[AnniversaryEvent]) -> list[icalendar.Timezone]:
    """One VTIMEZONE per zone the events use, covering the years they span there, in
    zone order. None for UTC and the zones that are UTC all along (Africa/Abidjan):
    icalendar writes their times in UTC (`...Z`), without a TZID."""
    years: dict[str, tuple[int, int]] = {}
    for event in events:
        zone = zoneinfo.ZoneInfo(event.time_zone)
        first, last = event.starts_at.astimezone(zone).year, event.ends_at.astimezone(zone).year
        known = years.get(event.time_zone, (first, last))
        years[event.time_zone] = (min(known[0], first), max(known[1], last))
    found = (_vtimezone(zone, *span) for zone, span in sorted(years.items()))
    return [component for component in found if component.tz_name not in ("UTC", "")]


def calendar_of(
    components: Iterable[icalendar.Component],
    *,
    name: str,
    description: str = "",
    url: str = "",
    timezones: Iterable[icalendar.Timezone] = (),
) -> icalendar.Calendar:
    """A VCALENDAR of `components` (VTIMEZONEs first), named for calendar apps."""
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.calendar_name = name
    if description:
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
    if url:
        calendar.add("url", url)
    calendar.refresh_interval = REFRESH_INTERVAL
    # Outlook's REFRESH-INTERVAL (a bare timedelta would be written as "6:00:00").
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    for component in (*timezones, *components):
        calendar.add_component(component)
    return calendar


def events_calendar(
    events: list[AnniversaryEvent],
    *,
    name: str,
    absolute_url: URLMaker,
    description: str = "",
    url: str = "",
    alarm: datetime.timedelta | None = None,
) -> icalendar.Calendar:
    """A calendar of `events`; `absolute_url` turns a path into a full URL."""
    return calendar_of(
        (
            event_component(event, url=absolute_url(event.get_absolute_url()), alarm=alarm)
            for event in events
        ),
        name=name,
        description=description,
        url=url,
        timezones=vtimezones(events),
    )


def anniversaries_calendar(
    historical_events: list[HistoricalEvent],
    *,
    name: str,
    absolute_url: URLMaker,
    today: datetime.date,
    description: str = "",
    url: str = "",
    alarm: datetime.timedelta | None = None,
) -> icalendar.Calendar:
    """A calendar of the anniversaries of `historical_events` (known to the day)."""
    return calendar_of(
        (
            component
            for historical_event in historical_events
            for component in anniversary_components(
                historical_event,
                url=absolute_url(historical_event.get_absolute_url()),
                today=today,
                alarm=alarm,
            )
        ),
        name=name,
        description=description,
        url=url,
    )
