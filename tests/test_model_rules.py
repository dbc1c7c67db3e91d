"""Every data rule holds twice: in the database (a named constraint that refuses a write made
behind the model's back) and in `full_clean()` (an error keyed to the field, as the admin,
forms and the API show it)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import AnniversaryEvent
from tests.factories import (
    AnniversaryEventFactory,
    ArticleAuthorFactory,
    HistoricalEventFactory,
    MemorialFactory,
    PhotoFactory,
)

pytestmark = pytest.mark.django_db


def assert_database_refuses(instance, constraint: str, **changes) -> None:
    """An UPDATE that skips clean() fails on `constraint` and leaves the row as it was."""
    model = type(instance)
    row = model.objects.filter(pk=instance.pk)
    before = row.values(*changes).get()

    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        row.update(**changes)

    assert constraint in str(excinfo.value)
    assert row.values(*changes).get() == before


def clean_errors(instance, **changes) -> dict[str, list[str]]:
    """The field-keyed errors of full_clean() after `changes`; {} when it passes."""
    for name, value in changes.items():
        setattr(instance, name, value)
    try:
        instance.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


# --- Coordinates: within range, and both or neither -------------------------------------

BAKU = {"lat": Decimal("40.409264"), "lon": Decimal("49.867092")}

COORDINATE_MODELS = [
    pytest.param(MemorialFactory, "memorial", "latitude", "longitude", id="memorial"),
    pytest.param(
        HistoricalEventFactory, "historicalevent", "latitude", "longitude", id="historical-event"
    ),
    pytest.param(
        AnniversaryEventFactory,
        "anniversaryevent",
        "venue_latitude",
        "venue_longitude",
        id="anniversary-event-venue",
    ),
]


def located(factory, lat: str, lon: str):
    return factory(**{lat: BAKU["lat"], lon: BAKU["lon"]})


@pytest.mark.parametrize(("factory", "prefix", "lat", "lon"), COORDINATE_MODELS)
@pytest.mark.parametrize("latitude", [Decimal("90.000001"), Decimal("-91")])
def test_latitude_outside_minus_90_to_90_is_refused(factory, prefix, lat, lon, latitude):
    record = located(factory, lat, lon)

    assert_database_refuses(record, f"{prefix}_latitude_range", **{lat: latitude})
    assert lat in clean_errors(record, **{lat: latitude})


@pytest.mark.parametrize(("factory", "prefix", "lat", "lon"), COORDINATE_MODELS)
@pytest.mark.parametrize("longitude", [Decimal("180.5"), Decimal("-180.000001")])
def test_longitude_outside_minus_180_to_180_is_refused(factory, prefix, lat, lon, longitude):
    record = located(factory, lat, lon)

    assert_database_refuses(record, f"{prefix}_longitude_range", **{lon: longitude})
    assert lon in clean_errors(record, **{lon: longitude})


@pytest.mark.parametrize(("factory", "prefix", "lat", "lon"), COORDINATE_MODELS)
def test_coordinates_at_the_edges_of_the_map_are_accepted(factory, prefix, lat, lon):
    record = located(factory, lat, lon)
    edges = {lat: Decimal("-90"), lon: Decimal("180")}

    assert clean_errors(record, **edges) == {}
    record.save()
    record.refresh_from_db()
    assert (getattr(record, lat), getattr(record, lon)) == (Decimal("-90"), Decimal("180"))


@pytest.mark.parametrize(("factory", "prefix", "lat", "lon"), COORDINATE_MODELS)
def test_a_latitude_without_its_longitude_is_refused(factory, prefix, lat, lon):
    record = located(factory, lat, lon)

    assert_database_refuses(record, f"{prefix}_coordinates_pair", **{lon: None})
    assert lon in clean_errors(record, **{lon: None})


@pytest.mark.parametrize(("factory", "prefix", "lat", "lon"), COORDINATE_MODELS)
def test_a_longitude_without_its_latitude_is_refused(factory, prefix, lat, lon):
    record = located(factory, lat, lon)

    assert_database_refuses(record, f"{prefix}_coordinates_pair", **{lat: None})
    assert lat in clean_errors(record, **{lat: None})


@pytest.mark.parametrize(("factory", "prefix", "lat", "lon"), COORDINATE_MODELS)
def test_no_coordinates_at_all_are_accepted(factory, prefix, lat, lon):
    record = located(factory, lat, lon)

    assert clean_errors(record, **{lat: None, lon: None}) == {}
    record.save()


# --- Dates and times ----------------------------------------------------------------------


def test_a_historical_event_cannot_end_before_it_starts():
    event = HistoricalEventFactory(start_date=datetime.date(1992, 2, 26))
    day_before = datetime.date(1992, 2, 25)

    assert_database_refuses(event, "historicalevent_end_after_start", end_date=day_before)
    assert "end_date" in clean_errors(event, end_date=day_before)


def test_a_historical_event_may_end_on_the_day_it_starts_or_later():
    event = HistoricalEventFactory(start_date=datetime.date(1992, 2, 26))

    assert clean_errors(event, end_date=datetime.date(1992, 2, 26)) == {}
    assert clean_errors(event, end_date=datetime.date(1992, 2, 27)) == {}


def test_an_anniversary_event_cannot_end_before_it_starts():
    event = AnniversaryEventFactory()
    minute_before = event.starts_at - datetime.timedelta(minutes=1)

    assert_database_refuses(event, "anniversaryevent_end_after_start", ends_at=minute_before)
    assert "ends_at" in clean_errors(event, ends_at=minute_before)


# --- Cancellation ---------------------------------------------------------------------------


def test_a_cancelled_event_needs_a_cancellation_note():
    event = AnniversaryEventFactory(status=AnniversaryEvent.Status.PUBLISHED)
    cancelled = AnniversaryEvent.Status.CANCELLED

    assert_database_refuses(event, "anniversaryevent_cancellation_note", status=cancelled)
    assert "cancellation_note" in clean_errors(event, status=cancelled, cancellation_note="")
    assert "cancellation_note" in clean_errors(event, status=cancelled, cancellation_note="  ")


def test_a_note_of_only_spaces_is_refused_by_the_database_too():
    """The constraint trims the note, as clean() strips it: writes that skip clean(), a
    queryset update and a plain save, cannot cancel with a blank note."""
    event = AnniversaryEventFactory(status=AnniversaryEvent.Status.PUBLISHED)
    cancelled = AnniversaryEvent.Status.CANCELLED

    assert_database_refuses(
        event, "anniversaryevent_cancellation_note", status=cancelled, cancellation_note="   "
    )
    event.status, event.cancellation_note = cancelled, "   "
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        event.save()
    assert "anniversaryevent_cancellation_note" in str(excinfo.value)
    event.refresh_from_db()
    assert (event.status, event.cancellation_note) == (AnniversaryEvent.Status.PUBLISHED, "")


def test_a_cancelled_event_with_a_note_is_accepted():
    event = AnniversaryEventFactory()

    assert clean_errors(event, status="cancelled", cancellation_note="Storm warning.") == {}
    event.save()


# --- Article authors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"organisation_name": "AVİM"}, "organisation_name", id="person-and-org"),
        pytest.param({"family_name": "", "given_name": ""}, "family_name", id="nobody"),
        pytest.param({"family_name": ""}, "family_name", id="given-name-only"),
    ],
)
def test_an_author_is_either_a_person_or_an_organisation(changes, field):
    author = ArticleAuthorFactory(given_name="Cemre Dilay", family_name="Boztepe")

    assert_database_refuses(author, "articleauthor_person_or_organisation", **changes)
    assert field in clean_errors(author, **changes)


@pytest.mark.parametrize(
    "names",
    [
        {"given_name": "", "family_name": "Boztepe", "organisation_name": ""},
        {"given_name": "", "family_name": "", "organisation_name": "AVİM"},
    ],
)
def test_a_person_with_only_a_family_name_or_an_organisation_alone_is_accepted(names):
    author = ArticleAuthorFactory()

    assert clean_errors(author, **names) == {}
    author.save()


# --- Photos ---------------------------------------------------------------------------------


def test_a_photo_needs_alt_text():
    photo = PhotoFactory()

    assert_database_refuses(photo, "photo_alt_text_required", alt_text="")
    assert "alt_text" in clean_errors(photo, alt_text="")


# --- Identifiers ----------------------------------------------------------------------------
# The database twins are regex checks on the ids and a shape check on the zone name (the
# list of zones changes with tzdata, so only clean() knows it).


@pytest.mark.parametrize("factory", [MemorialFactory, HistoricalEventFactory])
@pytest.mark.parametrize("value", ["123", "q123", "Q", "Q0123", "Q12a", "P31", " Q1"])
def test_a_wikidata_id_must_look_like_q123(factory, value):
    record = factory()

    assert "wikidata_id" in clean_errors(record, wikidata_id=value)


@pytest.mark.parametrize(
    ("factory", "prefix"),
    [(MemorialFactory, "memorial"), (HistoricalEventFactory, "historicalevent")],
)
def test_the_database_refuses_a_malformed_wikidata_id(factory, prefix):
    assert_database_refuses(factory(), f"{prefix}_wikidata_id_format", wikidata_id="P31")


def test_the_database_refuses_a_malformed_openstreetmap_id():
    assert_database_refuses(
        MemorialFactory(), "memorial_openstreetmap_id_format", openstreetmap_id="street/5"
    )


def test_the_database_refuses_a_time_zone_that_is_not_shaped_like_an_iana_name():
    assert_database_refuses(
        AnniversaryEventFactory(), "anniversaryevent_time_zone_format", time_zone="GMT +4"
    )


@pytest.mark.parametrize("factory", [MemorialFactory, HistoricalEventFactory])
@pytest.mark.parametrize("value", ["", "Q1", "Q5432187"])
def test_a_wikidata_id_in_q_form_or_none_is_accepted(factory, value):
    assert clean_errors(factory(), wikidata_id=value) == {}


@pytest.mark.parametrize(
    "value", ["123", "node/0", "node/", "street/5", "Node/5", "node/12x", "way 5"]
)
def test_an_openstreetmap_id_must_be_node_way_or_relation_with_a_number(value):
    assert "openstreetmap_id" in clean_errors(MemorialFactory(), openstreetmap_id=value)


@pytest.mark.parametrize("value", ["", "node/1", "way/123456", "relation/9"])
def test_a_valid_openstreetmap_id_or_none_is_accepted(value):
    assert clean_errors(MemorialFactory(), openstreetmap_id=value) == {}


@pytest.mark.parametrize("value", ["Mars/Olympus_Mons", "europe/amsterdam", "GMT+4", "", "Baku"])
def test_an_anniversary_event_needs_an_iana_time_zone(value):
    assert "time_zone" in clean_errors(AnniversaryEventFactory(), time_zone=value)


@pytest.mark.parametrize("value", ["Asia/Baku", "Europe/Amsterdam", "UTC"])
def test_an_iana_time_zone_is_accepted(value):
    assert clean_errors(AnniversaryEventFactory(), time_zone=value) == {}
