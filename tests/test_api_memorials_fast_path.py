"""The memorial list's `.values()` fast path gives exactly the documented serializer shape."""

import datetime
from decimal import Decimal

import orjson
import pytest
from rest_framework.test import APIRequestFactory

from core.api.renderers import dumps
from core.models import DatePrecision
from memorials.api import ordered_events
from memorials.models import Memorial
from memorials.rows import MemorialRows
from memorials.serializers import MemorialListSerializer
from tests.factories import HistoricalEventFactory, MemorialFactory

pytestmark = pytest.mark.django_db


def as_json(data):
    return orjson.loads(dumps(data))


def serializer_output(queryset, request, **annotations):
    instances = list(queryset.prefetch_related(ordered_events()))
    for instance in instances:
        for name, value in annotations.items():
            setattr(instance, name, value(instance))
    return as_json(MemorialListSerializer(instances, many=True, context={"request": request}).data)


def varied_memorials():
    first = HistoricalEventFactory(name="First", start_date=datetime.date(1915, 4, 24))
    second = HistoricalEventFactory(name="Second", start_date=datetime.date(1992, 2, 25))
    MemorialFactory(
        name="Everything",
        other_names=["Ünïcode naam", "Xocalı"],
        unveiled_on=datetime.date(2008, 2, 24),
        unveiled_on_precision=DatePrecision.DAY,
        historical_events=[second, first],
    )
    MemorialFactory(
        name="Month only",
        unveiled_on=datetime.date(2020, 4, 1),
        unveiled_on_precision=DatePrecision.MONTH,
        latitude=Decimal("-33.123456"),
        longitude=Decimal("-70.000001"),
        is_published=False,
    )
    MemorialFactory(name="No place", latitude=None, longitude=None, country="AZ")


def test_fast_rows_equal_the_serializer_output():
    varied_memorials()
    request = APIRequestFactory().get("/api/v1/memorials/")
    queryset = Memorial.objects.order_by("name", "id")

    rows = MemorialRows(request)
    fast = as_json(rows.render(list(rows.values(queryset))))

    assert fast == serializer_output(queryset, request)
    assert [len(item["historical_events"]) for item in fast] == [2, 0, 0]


def test_fast_rows_with_distance_equal_the_serializer_output():
    varied_memorials()
    request = APIRequestFactory().get("/api/v1/memorials/", {"near": "52.0,4.3"})
    queryset = Memorial.objects.near(52.0, 4.3, 100).order_by("name", "id")

    rows = MemorialRows(request, with_distance=True)
    fast = as_json(rows.render(list(rows.values(queryset))))

    distances = {m.pk: m.distance_km for m in queryset}
    assert fast == serializer_output(queryset, request, distance_km=lambda m: distances[m.pk])
    assert all(item["distance_km"] is not None for item in fast)


def test_fast_rows_have_every_documented_field():
    MemorialFactory()
    request = APIRequestFactory().get("/api/v1/memorials/")
    rows = MemorialRows(request)

    item = rows.render(list(rows.values(Memorial.objects.all())))[0]

    assert list(item) == MemorialListSerializer.Meta.fields
