"""axe-core finds no WCAG 2.2 A/AA or best-practice violation on the calendar pages ("on
this day", the coming anniversaries, a month of events, and their error pages), on a
desktop and on a phone."""

import datetime

import pytest

from tests.browser.conftest import DESKTOP, PHONE, axe_report

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PAGES = [
    ("on-this-day", "/on-this-day/"),
    ("on-this-day-khojaly", "/on-this-day/02-26/"),
    ("on-this-day-error", "/on-this-day/?tz=Mars/Olympus_Mons"),
    ("anniversaries", "/anniversaries/?from=2026-02-01&days=60"),
    ("anniversaries-error", "/anniversaries/?days=999"),
    ("event-calendar", "/events/2026/02/"),
]


@pytest.fixture
def calendar_data(site_data):
    """The demo records, with February 2026 commemorations of the Khojaly massacre: one
    at night in Baku, one cancelled, one with a long title, known-to-the-month events."""
    from memorials.models import HistoricalEvent
    from tests.factories import AnniversaryEventFactory, HistoricalEventFactory

    khojaly = HistoricalEvent.objects.get(slug=site_data.historical_event)
    day = datetime.datetime(2026, 2, 26, 10, 0, tzinfo=datetime.UTC)
    AnniversaryEventFactory(
        title="Night vigil in Baku (test entry)",
        historical_event=khojaly,
        starts_at=day - datetime.timedelta(hours=13, minutes=30),
        time_zone="Asia/Baku",
    )
    AnniversaryEventFactory(
        title="Wreath-laying (test entry)",
        historical_event=khojaly,
        starts_at=day,
        status="cancelled",
        cancellation_note="Storm warning.",
    )
    AnniversaryEventFactory(
        title="A commemoration with a long title that wraps over several lines (test entry)",
        historical_event=khojaly,
        starts_at=day + datetime.timedelta(days=2),
    )
    HistoricalEventFactory(
        name="Known to the month (test entry)",
        start_date=datetime.date(1990, 2, 1),
        start_date_precision="month",
    )
    return site_data


@pytest.mark.parametrize("path", [path for _, path in PAGES], ids=[name for name, _ in PAGES])
def test_axe_finds_no_violations(page, axe, calendar_data, path):
    page.goto(path)
    found = {}

    for width, viewport in [("desktop", DESKTOP), ("phone", PHONE)]:
        page.set_viewport_size(viewport)
        if violations := axe.violations(page):
            found[width] = violations

    assert not found, "\n".join(
        f"axe-core at {width} width on {page.url}:\n{axe_report(violations)}"
        for width, violations in found.items()
    )
