"""Planning next year's commemoration: `event_copy_to_next_anniversary` and the admin
action that calls it.

The copy is a draft of the same organisation on the next anniversary of what the event
commemorates, at the same local time of day in the event's own time zone (so at another
UTC time when daylight saving time differs), for as long as the original.
"""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import DatePrecision
from events.models import AnniversaryEvent
from events.services import event_copy_to_next_anniversary
from memorials.anniversaries import LeapDay
from tests.factories import (
    AnniversaryEventFactory,
    EditorFactory,
    HistoricalEventFactory,
    OrganisationFactory,
    OrganiserFactory,
)

pytestmark = pytest.mark.django_db
Status = AnniversaryEvent.Status
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def amsterdam(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=AMSTERDAM)


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=datetime.UTC)


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Amsterdam Remembrance")


@pytest.fixture
def organiser(organisation):
    return OrganiserFactory(organisations=[organisation])


def event_on(starts_at: datetime.datetime, *, remembered: datetime.date, **kwargs):
    """A published event of `organisation` at `starts_at` (Amsterdam), two hours long,
    commemorating a historical event of `remembered`."""
    historical_event = kwargs.pop("historical_event", None) or HistoricalEventFactory(
        start_date=remembered
    )
    return AnniversaryEventFactory(
        historical_event=historical_event,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        time_zone="Europe/Amsterdam",
        **kwargs,
    )


# --- when the copy takes place ---------------------------------------------------------


@pytest.mark.parametrize(
    ("remembered", "starts_at", "expected_start", "expected_utc"),
    [
        pytest.param(
            # 28 March 2026 is before the change to summer time (29 March), 28 March
            # 2027 after it (the change is at 02:00 that morning).
            datetime.date(1990, 3, 28),
            amsterdam(2026, 3, 28, 18, 0),
            amsterdam(2027, 3, 28, 18, 0),
            utc(2027, 3, 28, 16, 0),
            id="winter-to-summer",
        ),
        pytest.param(
            # 30 October 2027 is in summer time (it ends on the 31st); 30 October 2028 is
            # after the end (29 October).
            datetime.date(1990, 10, 30),
            amsterdam(2027, 10, 30, 18, 0),
            amsterdam(2028, 10, 30, 18, 0),
            utc(2028, 10, 30, 17, 0),
            id="summer-to-winter",
        ),
    ],
)
def test_copy_across_a_daylight_saving_change_keeps_the_local_start_time(
    organisation, organiser, remembered, starts_at, expected_start, expected_utc
):
    event = event_on(starts_at, remembered=remembered, organisation=organisation)

    copy = event_copy_to_next_anniversary(event=event, user=organiser)

    copy.refresh_from_db()
    assert copy.starts_at == expected_start
    assert copy.starts_at == expected_utc
    assert copy.starts_at.astimezone(AMSTERDAM).time() == datetime.time(18, 0)
    assert copy.starts_at - event.starts_at != datetime.timedelta(days=365)  # not UTC + 1 year


def test_a_winter_event_before_the_anniversary_copies_to_the_anniversary_in_summer_time(
    organisation, organiser
):
    """The next anniversary after the event's local start date, at its local time."""
    event = event_on(
        amsterdam(2026, 3, 1, 18, 0),
        remembered=datetime.date(1945, 3, 31),
        organisation=organisation,
    )

    copy = event_copy_to_next_anniversary(event=event, user=organiser)

    assert copy.starts_at == amsterdam(2026, 3, 31, 18, 0) == utc(2026, 3, 31, 16, 0)


def test_copy_lasts_as_long_as_the_original(organisation, organiser):
    event = event_on(
        amsterdam(2026, 3, 28, 18, 0),
        remembered=datetime.date(1990, 3, 28),
        organisation=organisation,
    )
    event.ends_at = event.starts_at + datetime.timedelta(hours=3, minutes=30)
    event.save()

    copy = event_copy_to_next_anniversary(event=event, user=organiser)

    assert copy.ends_at - copy.starts_at == datetime.timedelta(hours=3, minutes=30)


@pytest.mark.parametrize(
    ("leap_day", "starts_at", "expected"),
    [
        pytest.param(
            LeapDay.FEBRUARY_28,
            amsterdam(2024, 2, 29, 11, 0),
            amsterdam(2025, 2, 28, 11, 0),
            id="leap-to-common-28-february",
        ),
        pytest.param(
            LeapDay.MARCH_1,
            amsterdam(2024, 2, 29, 11, 0),
            amsterdam(2025, 3, 1, 11, 0),
            id="leap-to-common-1-march",
        ),
        pytest.param(
            LeapDay.FEBRUARY_28,
            amsterdam(2027, 2, 28, 11, 0),
            amsterdam(2028, 2, 29, 11, 0),
            id="common-to-leap",
        ),
        pytest.param(
            LeapDay.MARCH_1,
            amsterdam(2027, 3, 1, 11, 0),
            amsterdam(2028, 2, 29, 11, 0),
            id="common-1-march-to-leap",
        ),
    ],
)
def test_29_february_events_copy_to_the_day_of_the_next_year(
    organisation, organiser, leap_day, starts_at, expected
):
    leap = HistoricalEventFactory(start_date=datetime.date(1992, 2, 29), leap_day=leap_day)
    event = event_on(starts_at, remembered=None, historical_event=leap, organisation=organisation)

    copy = event_copy_to_next_anniversary(event=event, user=organiser)

    assert copy.starts_at == expected


def test_an_event_known_to_the_month_copies_to_the_same_local_date_next_year(
    organisation, organiser
):
    """No anniversary day to go by: the same date, a year later."""
    liberation = HistoricalEventFactory(
        start_date=datetime.date(1945, 5, 1), start_date_precision=DatePrecision.MONTH
    )
    event = event_on(
        amsterdam(2026, 5, 4, 20, 0),
        remembered=None,
        historical_event=liberation,
        organisation=organisation,
    )

    copy = event_copy_to_next_anniversary(event=event, user=organiser)

    assert copy.starts_at == amsterdam(2027, 5, 4, 20, 0)


# --- what the copy is ------------------------------------------------------------------


def test_copy_is_a_new_draft_of_the_same_organisation_place_and_commemoration(
    organisation, organiser
):
    event = event_on(
        amsterdam(2026, 3, 28, 18, 0),
        remembered=datetime.date(1990, 3, 28),
        organisation=organisation,
        status=Status.PUBLISHED,
        venue_name="Nieuw Eykenduynen",
        venue_city="The Hague",
        language="nl",
        description="Wreaths at six.",
    )

    copy = event_copy_to_next_anniversary(event=event, user=organiser)

    assert copy.pk != event.pk
    assert copy.slug
    assert copy.slug != event.slug
    assert copy.status == Status.DRAFT
    assert copy.created_by == organiser
    same = ("organisation_id", "memorial_id", "historical_event_id", "time_zone", "venue_name",
            "venue_city", "language", "description", "title")  # fmt: skip
    assert [getattr(copy, name) for name in same] == [getattr(event, name) for name in same]
    event.refresh_from_db()
    assert event.status == Status.PUBLISHED  # the original is left as it was


def test_history_records_who_planned_the_copy_and_from_what(organisation, organiser):
    event = event_on(
        amsterdam(2026, 3, 28, 18, 0),
        remembered=datetime.date(1990, 3, 28),
        organisation=organisation,
    )

    copy = event_copy_to_next_anniversary(event=event, user=organiser)

    record = copy.history.get()
    assert record.history_type == "+"
    assert record.history_user == organiser
    assert record.history_change_reason == f"Planned from {event.slug}"


def test_the_anniversary_in_the_title_becomes_the_next_one(organisation, organiser):
    event = event_on(
        amsterdam(2015, 2, 26, 11, 0),
        remembered=datetime.date(1992, 2, 26),
        organisation=organisation,
        title="Commemoration of the 23rd anniversary of the Khojaly massacre (example entry)",
    )

    copy = event_copy_to_next_anniversary(event=event, user=organiser)

    assert copy.title == (
        "Commemoration of the 24th anniversary of the Khojaly massacre (example entry)"
    )
    assert copy.anniversary == 24


def test_an_edition_is_planned_once(organisation, organiser):
    event = event_on(
        amsterdam(2026, 3, 28, 18, 0),
        remembered=datetime.date(1990, 3, 28),
        organisation=organisation,
    )
    event_copy_to_next_anniversary(event=event, user=organiser)

    with pytest.raises(ValidationError) as refused:
        event_copy_to_next_anniversary(event=event, user=organiser)

    assert "is already planned for 28 March 2027" in refused.value.message_dict["starts_at"][0]
    assert AnniversaryEvent.objects.count() == 2


# --- who may copy ----------------------------------------------------------------------


def test_organiser_cannot_copy_another_organisations_event(organiser):
    other = event_on(
        amsterdam(2026, 3, 28, 18, 0),
        remembered=datetime.date(1990, 3, 28),
        organisation=OrganisationFactory(name="Berlin Gedenken"),
    )

    with pytest.raises(PermissionDenied, match="You cannot plan events for Berlin Gedenken"):
        event_copy_to_next_anniversary(event=other, user=organiser)

    assert AnniversaryEvent.objects.count() == 1


def test_editor_can_copy_any_organisations_event(organisation):
    editor = EditorFactory()
    event = event_on(
        amsterdam(2026, 3, 28, 18, 0),
        remembered=datetime.date(1990, 3, 28),
        organisation=organisation,
    )

    copy = event_copy_to_next_anniversary(event=event, user=editor)

    assert (copy.organisation, copy.status, copy.created_by) == (organisation, Status.DRAFT, editor)


# --- the admin action ------------------------------------------------------------------

CHANGELIST = "admin:events_anniversaryevent_changelist"


def plan(client, *events):
    data = {"action": "plan_next_editions", "_selected_action": [e.pk for e in events]}
    return client.post(reverse(CHANGELIST), data, follow=True)


def test_organiser_plans_next_year_from_the_list_and_the_message_links_the_draft(
    client, organisation, organiser
):
    event = event_on(
        amsterdam(2026, 3, 28, 18, 0),
        remembered=datetime.date(1990, 3, 28),
        organisation=organisation,
        title="Vigil",
    )
    client.force_login(organiser)

    offered = client.get(reverse(CHANGELIST)).context["action_form"].fields["action"].choices
    assert ("plan_next_editions", "Plan next year's commemoration") in offered
    response = plan(client, event)

    copy = AnniversaryEvent.objects.exclude(pk=event.pk).get()
    change_url = reverse("admin:events_anniversaryevent_change", args=[copy.pk])
    assert f'Planned 1 draft: <a href="{change_url}">Vigil</a> (28 March 2027)' in response.text


def test_organiser_action_on_a_public_event_of_another_organisation_plans_nothing(
    client, organisation, organiser
):
    other = event_on(
        amsterdam(2026, 3, 28, 18, 0),
        remembered=datetime.date(1990, 3, 28),
        organisation=OrganisationFactory(name="Berlin Gedenken"),
        title="Their vigil",
        status=Status.PUBLISHED,
    )
    client.force_login(organiser)

    response = plan(client, other)

    assert "Not planned: Their vigil: You cannot plan events for Berlin Gedenken." in response.text
    assert AnniversaryEvent.objects.count() == 1
