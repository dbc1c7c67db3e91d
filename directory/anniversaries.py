"""The calendar pages of the public site: "on this day", the coming anniversaries and a
month of events. What they list comes from `events.anniversaries` (the API answers from
the same functions); a bad parameter is a 400 page that names it.

- `/on-this-day/` is today in the site's time zone (or in `?tz=`); `/on-this-day/MM-DD/`
  is that day in the current year there, so its numbers are this year's. 29 February
  in a common year is the next 29 February (its events are on 28 February, or 1 March,
  this year).
- `/anniversaries/` lists `?days=` days (30 by default, at most 366) from `?from=`.
- `/events/YYYY/MM/` places each event on its local start day, in its own time zone.
"""

import calendar
import datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from directory.pages import breadcrumbs, site_page
from directory.views import with_meta
from events.anniversaries import (
    OnThisDayParameters,
    UpcomingParameters,
    month_of_events,
    next_month,
    on_this_day,
    previous_month,
    today_in,
    upcoming,
)


def day_of_year(month: int, day: int, year: int) -> datetime.date:
    """`MM-DD` in `year`; 29 February of a common year is the next 29 February; 404 for
    a day no year has."""
    try:
        datetime.date(2000, month, day)  # a leap year: every day there is
    except ValueError:
        raise Http404("No such day.") from None
    if (month, day) == (2, 29):
        while not calendar.isleap(year):
            year += 1
    return datetime.date(year, month, day)


def day_url(day: datetime.date, tz: str) -> str:
    url = reverse("site:on-this-day-date", kwargs={"month": f"{day:%m}", "day": f"{day:%d}"})
    return f"{url}?tz={tz}" if tz else url


@site_page
def on_this_day_page(
    request: HttpRequest, month: str | None = None, day: str | None = None
) -> HttpResponse:
    form = OnThisDayParameters(request.GET)
    valid = form.is_valid()
    tz = form.cleaned_data.get("tz", "") if valid else ""
    found = None
    if valid:
        chosen = form.cleaned_data["day"]
        if month is not None:
            chosen = day_of_year(int(month), int(day), today_in(tz).year)
        found = on_this_day(request.user, chosen)
    title = (
        _("On this day: %(day)s") % {"day": formats.date_format(found.day, "j F Y")}
        if found
        else _("On this day")
    )
    context = {
        "form": form,
        "errors": form.errors,
        "found": found,
        "tz": tz,
        "site_zone": settings.TIME_ZONE,
        **with_meta(
            request,
            breadcrumbs((_("On this day"), reverse("site:on-this-day"))),
            title=title,
            description=_(
                "What is remembered on this day: the anniversaries, the memorials and the "
                "commemorations."
            ),
        ),
    }
    if found:
        one_day = datetime.timedelta(days=1)
        if found.day > datetime.date.min:
            context["previous_url"] = day_url(found.day - one_day, tz)
        if found.day < datetime.date.max:
            context["next_url"] = day_url(found.day + one_day, tz)
    return render(request, "directory/on_this_day.html", context, status=200 if valid else 400)


@site_page
def anniversaries_page(request: HttpRequest) -> HttpResponse:
    form = UpcomingParameters(request.GET)
    valid = form.is_valid()
    found = None
    if valid:
        found = upcoming(request.user, form.cleaned_data["first"], form.cleaned_data["last"])
    return render(
        request,
        "directory/anniversaries.html",
        {
            "form": form,
            "errors": form.errors,
            "found": found,
            **with_meta(
                request,
                breadcrumbs((_("Anniversaries"), reverse("site:anniversaries"))),
                title=_("Coming anniversaries"),
                description=_(
                    "The anniversaries of the coming days, and the commemorations planned for them."
                ),
            ),
        },
        status=200 if valid else 400,
    )


def month_url(month: datetime.date) -> str:
    return reverse(
        "site:event-calendar", kwargs={"year": f"{month.year:04d}", "month": f"{month.month:02d}"}
    )


@site_page
def event_calendar(request: HttpRequest, year: str, month: str) -> HttpResponse:
    if not (int(year) >= 1 and 1 <= int(month) <= 12):
        raise Http404("No such month.")
    first = datetime.date(int(year), int(month), 1)
    context = {
        "month": first,
        "weeks": month_of_events(request.user, first.year, first.month),
        "weekdays": [datetime.date(2024, 1, day) for day in range(1, 8)],  # Monday first
    }
    if first > datetime.date.min:  # the calendar starts in January of year 1
        context["previous_url"] = month_url(previous_month(first))
    if first < datetime.date.max.replace(day=1):  # and ends in December 9999
        context["next_url"] = month_url(next_month(first))
    name = formats.date_format(first, "F Y")
    context.update(
        with_meta(
            request,
            breadcrumbs((_("Events"), reverse("site:event-list")), (name, month_url(first))),
            title=_("Commemorations in %(month)s") % {"month": name},
            description=_("A calendar of the commemorations in %(month)s, in local time.")
            % {"month": name},
        )
    )
    return render(request, "directory/event_calendar.html", context)
