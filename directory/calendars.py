"""Calendar (iCalendar) downloads and feeds: one event, the events list, and the yearly
anniversaries of what is remembered. The calendars themselves are built by
`events.calendars`; these views choose the records and answer.

- `/events/<slug>.ics`: one event the requester may see (editors and its organisers also
  get drafts, as on its page).
- `/feeds/events.ics`: published and cancelled events, past and upcoming, filtered by the
  events list's FilterSet (`country`, `commemorates`, `memorial`, `organisation`, and the
  list's other filters), at most the next `FEED_UPCOMING` and the last `FEED_PAST`.
- `/feeds/anniversaries.ics`: the anniversaries of historical events known to the day,
  filtered by `commemorates`, `country` (of the historical event), `memorial` and
  `organisation` (what they commemorate).

Every one takes `alarm` (an RFC 5545 duration such as `P1D`) for a reminder before each
event, answers conditional GETs through `site_page`, and answers a malformed parameter
with a plain-text 400 naming it. Feeds are public whoever asks: a calendar app subscribes
without a session, and an editor's browser must not put drafts in their calendar.
"""

import datetime
import re

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.pages import site_page
from events import calendars
from events.filters import AnniversaryEventFilterSet, AnniversaryFeedFilterSet
from events.models import AnniversaryEvent
from memorials.models import HistoricalEvent

CONTENT_TYPE = "text/calendar; charset=utf-8"
# An RFC 5545 duration without sign (a reminder comes before the start): P2W, P1D,
# PT2H30M, P1DT12H. Six digits at most, so no value overflows a timedelta.
DURATION = re.compile(
    r"P(?:(?P<weeks>\d{1,6})W|(?:(?P<days>\d{1,6})D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d{1,6})H)?(?:(?P<minutes>\d{1,6})M)?(?:(?P<seconds>\d{1,6})S)?)?)"
)


class AlarmField(forms.Field):
    """A reminder before the start: an RFC 5545 duration from PT0S to `MAX_ALARM`."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        match = DURATION.fullmatch(str(value).strip().upper())
        if not match or not any(match.groupdict().values()):
            raise forms.ValidationError(
                _(
                    "Give a duration before the start such as P1D (a day), PT2H (two hours) "
                    "or P1W (a week)."
                ),
                code="invalid",
            )
        before = datetime.timedelta(**{k: int(v) for k, v in match.groupdict().items() if v})
        if before > calendars.MAX_ALARM:
            raise forms.ValidationError(
                _("A reminder comes at most four weeks (P4W) before the start."), code="max_value"
            )
        return before


class CalendarOptionsForm(forms.Form):
    alarm = AlarmField(required=False)


def bad_request(*forms_with_errors) -> HttpResponse:
    """A plain-text 400, one line per parameter: `alarm: Give a duration ...`."""
    lines = [
        f"{name}: {' '.join(messages)}"
        for form in forms_with_errors
        for name, messages in form.errors.items()
    ]
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain")


def calendar_response(calendar, *, filename: str = "") -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def describe_filters(data: dict) -> str:
    """`country=NL, commemorates=khojaly-massacre`: what a filtered feed holds."""
    return ", ".join(f"{name}={value}" for name, value in data.items() if value)


@site_page
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    options = CalendarOptionsForm(request.GET)
    if not options.is_valid():
        return bad_request(options)
    user = request.user
    queryset = calendars.with_history_count(
        AnniversaryEvent.objects.visible_to(user).with_summaries(user)
    )
    event = get_object_or_404(queryset, slug=slug)
    calendar = calendars.events_calendar(
        [event],
        name=event.title,
        absolute_url=request.build_absolute_uri,
        url=request.build_absolute_uri(event.get_absolute_url()),
        alarm=options.cleaned_data["alarm"],
    )
    return calendar_response(calendar, filename=f"{event.slug}.ics")


@site_page
def events_feed(request: HttpRequest) -> HttpResponse:
    options = CalendarOptionsForm(request.GET)
    public = AnonymousUser()
    filterset = AnniversaryEventFilterSet(
        request.GET, queryset=AnniversaryEvent.objects.public().with_summaries(public)
    )
    if not (options.is_valid() & filterset.is_valid()):
        return bad_request(options, filterset.form)
    scope = describe_filters(filterset.form.cleaned_data)
    calendar = calendars.events_calendar(
        calendars.events_for_feed(filterset.qs, now=timezone.now()),
        name=_("Commemorate: commemorations") + (f" ({scope})" if scope else ""),
        description=_(
            "Commemorations in the directory: the next %(upcoming)s and the last %(past)s."
        )
        % {"upcoming": calendars.FEED_UPCOMING, "past": calendars.FEED_PAST},
        absolute_url=request.build_absolute_uri,
        url=request.build_absolute_uri(reverse("site:event-list")),
        alarm=options.cleaned_data["alarm"],
    )
    return calendar_response(calendar)


@site_page
def anniversaries_feed(request: HttpRequest) -> HttpResponse:
    options = CalendarOptionsForm(request.GET)
    filterset = AnniversaryFeedFilterSet(request.GET, queryset=HistoricalEvent.objects.public())
    if not (options.is_valid() & filterset.is_valid()):
        return bad_request(options, filterset.form)
    scope = describe_filters(filterset.form.cleaned_data)
    calendar = calendars.anniversaries_calendar(
        calendars.historical_events_for_feed(filterset.qs),
        name=_("Commemorate: anniversaries") + (f" ({scope})" if scope else ""),
        description=_(
            "The yearly anniversaries of what is remembered, for events whose day is known."
        ),
        absolute_url=request.build_absolute_uri,
        url=request.build_absolute_uri(reverse("site:historical-event-list")),
        today=timezone.localdate(),
        alarm=options.cleaned_data["alarm"],
    )
    return calendar_response(calendar)
