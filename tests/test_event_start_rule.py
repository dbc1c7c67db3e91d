"""An anniversary event cannot start before the historical event it commemorates.

The day compared is the event's local start date in its own time zone (the day its
visitors see), not the UTC date: the API and the admin form refuse it alike, on
`starts_at`.
"""

import datetime

import pytest
from django.urls import reverse

from events.models import AnniversaryEvent
from tests.factories import (
    AnniversaryEventFactory,
    EditorFactory,
    HistoricalEventFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

# Khojaly, 26 February 1992.
COMMEMORATED_DAY = datetime.date(1992, 2, 26)

# The same UTC date as the commemorated day, but the evening before in New York.
LOCAL_DAY_BEFORE = ("1992-02-26T01:00:00Z", "America/New_York")
# The UTC date before the commemorated day, but already that morning in Baku.
LOCAL_SAME_DAY = ("1992-02-25T23:30:00Z", "Asia/Baku")


@pytest.fixture
def khojaly():
    return HistoricalEventFactory(slug="khojaly", start_date=COMMEMORATED_DAY)


@pytest.fixture
def organisation():
    return OrganisationFactory(slug="foundation")


@pytest.fixture
def editor_api(api_client):
    api_client.force_login(EditorFactory())
    return api_client


@pytest.fixture
def editor_admin(client):
    client.force_login(EditorFactory())
    return client


def api_payload(starts_at: str, time_zone: str) -> dict:
    start = datetime.datetime.fromisoformat(starts_at)
    return {
        "title": "First vigil",
        "historical_event": "khojaly",
        "organisation": "foundation",
        "starts_at": starts_at,
        "ends_at": (start + datetime.timedelta(hours=2)).isoformat(),
        "time_zone": time_zone,
        "status": "draft",
    }


def test_api_refuses_a_start_on_the_local_day_before(editor_api, khojaly, organisation):
    response = editor_api.post("/api/v1/events/", api_payload(*LOCAL_DAY_BEFORE), format="json")

    assert response.status_code == 400, response.content
    assert [error["field"] for error in response.json()["errors"]] == ["starts_at"]
    assert not AnniversaryEvent.objects.exists()


def test_api_accepts_a_start_on_the_local_commemorated_day(editor_api, khojaly, organisation):
    response = editor_api.post("/api/v1/events/", api_payload(*LOCAL_SAME_DAY), format="json")

    assert response.status_code == 201, response.content
    assert response.json()["starts_at"] == "1992-02-26T02:30:00+03:00"


def test_api_patch_of_the_time_zone_alone_is_checked_against_the_stored_start(editor_api, khojaly):
    event = AnniversaryEventFactory(
        historical_event=khojaly,
        starts_at=datetime.datetime(1992, 2, 26, 1, tzinfo=datetime.UTC),
        time_zone="Europe/Amsterdam",
    )

    response = editor_api.patch(
        f"/api/v1/events/{event.slug}/", {"time_zone": "America/New_York"}, format="json"
    )

    assert response.status_code == 400, response.content
    assert [error["field"] for error in response.json()["errors"]] == ["starts_at"]
    event.refresh_from_db()
    assert event.time_zone == "Europe/Amsterdam"


def post_admin_add(client, khojaly, organisation, starts_at: str, time_zone: str):
    """The admin shows and reads times in UTC (the site's TIME_ZONE in tests)."""
    start = datetime.datetime.fromisoformat(starts_at)
    end = start + datetime.timedelta(hours=2)
    return client.post(
        reverse("admin:events_anniversaryevent_add"),
        {
            "title": "First vigil",
            "organisation": organisation.pk,
            "status": "draft",
            "historical_event": khojaly.pk,
            "starts_at_0": start.date().isoformat(),
            "starts_at_1": start.time().isoformat(),
            "ends_at_0": end.date().isoformat(),
            "ends_at_1": end.time().isoformat(),
            "time_zone": time_zone,
        },
    )


def test_admin_form_refuses_a_start_on_the_local_day_before(editor_admin, khojaly, organisation):
    response = post_admin_add(editor_admin, khojaly, organisation, *LOCAL_DAY_BEFORE)

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["starts_at"]
    assert not AnniversaryEvent.objects.exists()


def test_admin_form_accepts_a_start_on_the_local_commemorated_day(
    editor_admin, khojaly, organisation
):
    response = post_admin_add(editor_admin, khojaly, organisation, *LOCAL_SAME_DAY)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert AnniversaryEvent.objects.get().local_start_date == COMMEMORATED_DAY
