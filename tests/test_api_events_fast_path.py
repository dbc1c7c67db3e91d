"""The event list's `.values()` fast path gives exactly the documented serializer shape."""

import datetime
from decimal import Decimal

import orjson
import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIRequestFactory

from core.api.renderers import dumps
from events.models import AnniversaryEvent
from events.rows import EventRows
from events.serializers import AnniversaryEventSerializer
from tests.factories import (
    AnniversaryEventFactory,
    EditorFactory,
    HistoricalEventFactory,
    MemorialFactory,
    OrganisationFactory,
    OrganiserFactory,
)

pytestmark = pytest.mark.django_db

Status = AnniversaryEvent.Status


def as_json(data):
    return orjson.loads(dumps(data))


def varied_events() -> OrganisationFactory:
    """Events that exercise every field: time zones either side of UTC and of the new
    year, venues with and without coordinates, links or none, a memorial hidden from
    the public, none, a draft of an organisation. Returns that organisation."""
    own = OrganisationFactory(name="Own")
    new_year = HistoricalEventFactory(name="New year", start_date=datetime.date(1992, 2, 26))
    AnniversaryEventFactory(
        title="Everything",
        historical_event=new_year,
        # 2029-12-31 23:30 UTC is already 2030 in Tokyo.
        starts_at=datetime.datetime(2029, 12, 31, 23, 30, 0, 123456, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 1, 1, 2, 0, tzinfo=datetime.UTC),
        time_zone="Asia/Tokyo",
        venue_name="Town hall",
        venue_address="Main street 1",
        venue_city="Tokyo",
        venue_country="JP",
        venue_latitude=Decimal("35.689500"),
        venue_longitude=Decimal("-139.691700"),
        online_url="https://example.org/live",
        registration_url="https://example.org/register",
        language="ja",
        description="Ünïcode — text",
    )
    AnniversaryEventFactory(title="Hidden memorial", memorial=MemorialFactory(is_published=False))
    AnniversaryEventFactory(
        title="No memorial",
        memorial=None,
        time_zone="America/New_York",
        status=Status.CANCELLED,
        cancellation_note="Storm.",
    )
    AnniversaryEventFactory(title="In UTC", time_zone="UTC", historical_event=new_year)
    AnniversaryEventFactory(title="Draft", status=Status.DRAFT, organisation=own)
    return own


def serializer_output(queryset, request):
    return as_json(
        AnniversaryEventSerializer(queryset, many=True, context={"request": request}).data
    )


@pytest.mark.parametrize("who", ["anonymous", "organiser", "editor"])
def test_fast_rows_equal_the_serializer_output(who):
    own = varied_events()
    user = {
        "anonymous": AnonymousUser,
        "organiser": lambda: OrganiserFactory(organisations=[own]),
        "editor": EditorFactory,
    }[who]()
    request = APIRequestFactory().get("/api/v1/events/")
    queryset = AnniversaryEvent.objects.visible_to(user).with_summaries(user).order_by("title")

    rows = EventRows(request)
    fast = as_json(rows.render(list(rows.values(queryset))))

    assert fast == serializer_output(queryset, request)
    memorials = {item["title"]: item["memorial"] for item in fast}
    assert memorials["No memorial"] is None
    assert (memorials["Hidden memorial"] is None) is (who != "editor")
    assert ("Draft" in memorials) is (who != "anonymous")


def test_fast_rows_have_every_documented_field_in_order():
    AnniversaryEventFactory()
    request = APIRequestFactory().get("/api/v1/events/")
    rows = EventRows(request)
    queryset = AnniversaryEvent.objects.with_summaries(AnonymousUser())

    item = rows.render(list(rows.values(queryset)))[0]

    assert list(item) == AnniversaryEventSerializer.Meta.fields
    assert list(item["venue"]) == ["name", "address", "city", "country", "latitude", "longitude"]


def test_fast_rows_show_timestamps_as_the_serializer_does_in_any_server_time_zone(settings):
    settings.TIME_ZONE = "Asia/Kolkata"
    varied_events()
    request = APIRequestFactory().get("/api/v1/events/")
    queryset = AnniversaryEvent.objects.with_summaries(AnonymousUser()).order_by("title")

    rows = EventRows(request)
    fast = as_json(rows.render(list(rows.values(queryset))))

    assert fast == serializer_output(queryset, request)
    assert fast[0]["created"].endswith("+05:30")
