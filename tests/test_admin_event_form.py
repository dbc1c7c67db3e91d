"""The event form in the back office fits an organiser's habits.

It says which anniversary the event is, preselects the organisation of an organiser who
has only one, offers the IANA time zones as they type and, left empty, takes the time
zone of the chosen memorial, which memorials derive from their coordinates. The back
office is branded as the service.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from directory.demo import EXAMPLE_EVENT, demo_load
from events.models import AnniversaryEvent
from memorials.models import time_zone_at
from tests.factories import (
    AnniversaryEventFactory,
    EditorFactory,
    HistoricalEventFactory,
    MemorialFactory,
    OrganisationFactory,
    OrganiserFactory,
)

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    return reverse(f"admin:events_anniversaryevent_{name}", args=args)


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Amsterdam Remembrance")


@pytest.fixture
def organiser_client(client, organisation):
    client.force_login(OrganiserFactory(organisations=[organisation]))
    return client


def add_form_data(organisation, historical_event, **changes) -> dict:
    return {
        "title": "Wreath laying 2031",
        "organisation": organisation.pk,
        "status": AnniversaryEvent.Status.DRAFT,
        "historical_event": historical_event.pk,
        "starts_at_0": "2031-02-26",
        "starts_at_1": "10:00:00",
        "ends_at_0": "2031-02-26",
        "ends_at_1": "12:00:00",
        "time_zone": "",
        "_save": "Save",
        **changes,
    }


# --- which anniversary -----------------------------------------------------------------


def test_the_demo_event_form_says_it_is_the_23rd_anniversary(client):
    demo_load()
    client.force_login(EditorFactory())
    event = AnniversaryEvent.objects.get(slug=EXAMPLE_EVENT)

    response = client.get(url("change", event.pk))

    assert response.status_code == 200
    assert "The 23rd anniversary of Khojaly massacre (26 February 1992)." in response.text


def test_the_add_form_says_which_anniversary_the_entered_start_is(organiser_client, organisation):
    """Without a script: the page shown again after an error reads the entered start."""
    khojaly = HistoricalEventFactory(name="Khojaly massacre", start_date=datetime.date(1992, 2, 26))

    response = organiser_client.post(url("add"), add_form_data(organisation, khojaly, title=""))

    assert response.status_code == 200  # the missing title
    assert "The 39th anniversary of Khojaly massacre (26 February 1992)." in response.text


def test_the_empty_add_form_says_when_the_anniversary_is_shown(organiser_client):
    response = organiser_client.get(url("add"))

    assert "Shown once the event has a start, a time zone and what it commemorates." in (
        response.text
    )


# --- the organisation ------------------------------------------------------------------


def test_single_organisation_organiser_finds_it_preselected(organiser_client, organisation):
    form = organiser_client.get(url("add")).context["adminform"].form

    assert form["organisation"].value() == organisation.pk


def test_organiser_of_two_organisations_chooses_one(client, organisation):
    client.force_login(OrganiserFactory(organisations=[organisation, OrganisationFactory()]))

    form = client.get(url("add")).context["adminform"].form

    assert form["organisation"].value() is None


# --- the time zone ---------------------------------------------------------------------


def test_time_zone_is_typed_with_the_iana_names_offered(organiser_client):
    response = organiser_client.get(url("add"))

    assert response.context["adminform"].form["time_zone"].value() == ""  # not UTC
    assert 'list="id_time_zone_choices"' in response.text
    assert '<datalist id="id_time_zone_choices">' in response.text
    assert '<option value="Europe/Amsterdam">' in response.text
    assert '<option value="Asia/Baku">' in response.text


def test_an_empty_time_zone_is_the_chosen_memorials(organiser_client, organisation):
    memorial = MemorialFactory(time_zone="Asia/Baku")
    khojaly = HistoricalEventFactory(start_date=datetime.date(1992, 2, 26))

    response = organiser_client.post(
        url("add"), add_form_data(organisation, khojaly, memorial=memorial.pk)
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert AnniversaryEvent.objects.get().time_zone == "Asia/Baku"


def test_a_chosen_time_zone_is_kept(organiser_client, organisation):
    memorial = MemorialFactory(time_zone="Asia/Baku")
    khojaly = HistoricalEventFactory(start_date=datetime.date(1992, 2, 26))

    organiser_client.post(
        url("add"),
        add_form_data(organisation, khojaly, memorial=memorial.pk, time_zone="Europe/Amsterdam"),
    )

    assert AnniversaryEvent.objects.get().time_zone == "Europe/Amsterdam"


def test_without_a_memorial_the_time_zone_is_needed(organiser_client, organisation):
    khojaly = HistoricalEventFactory(start_date=datetime.date(1992, 2, 26))

    response = organiser_client.post(url("add"), add_form_data(organisation, khojaly))

    assert response.context["adminform"].form.errors["time_zone"] == [
        "Choose the time zone of the venue."
    ]
    assert not AnniversaryEvent.objects.exists()


def test_a_memorial_without_a_time_zone_gives_none(organiser_client, organisation):
    unplaced = MemorialFactory(latitude=None, longitude=None)
    khojaly = HistoricalEventFactory(start_date=datetime.date(1992, 2, 26))

    response = organiser_client.post(
        url("add"), add_form_data(organisation, khojaly, memorial=unplaced.pk)
    )

    assert response.context["adminform"].form.errors["time_zone"] == [
        "Choose the time zone of the venue: the memorial has none."
    ]


def test_an_unknown_time_zone_is_refused(organiser_client, organisation):
    khojaly = HistoricalEventFactory(start_date=datetime.date(1992, 2, 26))

    response = organiser_client.post(
        url("add"), add_form_data(organisation, khojaly, time_zone="Mars/Olympus_Mons")
    )

    assert response.context["adminform"].form.errors["time_zone"] == [
        "“Mars/Olympus_Mons” is not an IANA time zone such as Europe/Amsterdam."
    ]


def test_the_change_form_keeps_the_events_time_zone(client, organisation):
    event = AnniversaryEventFactory(organisation=organisation, time_zone="Asia/Baku")
    client.force_login(EditorFactory())

    form = client.get(url("change", event.pk)).context["adminform"].form

    assert form["time_zone"].value() == "Asia/Baku"


# --- memorials' time zones -------------------------------------------------------------


def test_memorial_time_zone_is_derived_from_its_coordinates():
    the_hague = MemorialFactory(latitude=Decimal("52.087000"), longitude=Decimal("4.263000"))

    the_hague.refresh_from_db()
    assert the_hague.time_zone == "Europe/Amsterdam"


def test_memorial_time_zone_set_by_an_editor_is_kept():
    memorial = MemorialFactory(time_zone="Europe/Brussels")

    memorial.name = "Renamed"
    memorial.save(update_fields=["name"])

    memorial.refresh_from_db()
    assert memorial.time_zone == "Europe/Brussels"


def test_memorial_without_coordinates_has_no_time_zone_until_they_are_given():
    memorial = MemorialFactory(latitude=None, longitude=None, country="AZ")
    assert memorial.time_zone == ""

    memorial.latitude, memorial.longitude = Decimal("40.409300"), Decimal("49.867100")
    memorial.save(update_fields=["latitude", "longitude"])

    memorial.refresh_from_db()
    assert memorial.time_zone == "Asia/Baku"


@pytest.mark.parametrize(
    ("latitude", "longitude", "zone"),
    [
        pytest.param(52.087, 4.263, "Europe/Amsterdam", id="the-hague"),
        pytest.param(0, -30, "Etc/GMT+2", id="at-sea"),
        pytest.param(100, 0, "", id="off-the-globe"),
    ],
)
def test_time_zone_at_a_point(latitude, longitude, zone):
    """Off the globe there is none: the coordinates' own rules say what is wrong."""
    assert time_zone_at(latitude, longitude) == zone


def test_editor_sets_a_memorial_time_zone_in_the_admin(client):
    client.force_login(EditorFactory())
    response = client.get(reverse("admin:memorials_memorial_add"))

    assert "time_zone" in response.context["adminform"].form.fields


# --- branding --------------------------------------------------------------------------


def test_the_back_office_is_branded_as_the_service(organiser_client):
    response = organiser_client.get(reverse("admin:index"))

    assert "Commemorate back office" in response.text
    assert "<title>Memorials, events and articles | Commemorate back office</title>" in (
        response.text
    )
    assert "Django administration" not in response.text
