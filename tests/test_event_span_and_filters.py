"""An anniversary event lasts at most 92 days, which lets `upcoming` read a range of the
index in start order; slug filters resolve the slug to an id inside the same query."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from events.models import AnniversaryEvent
from tests.factories import AnniversaryEventFactory, HistoricalEventFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=datetime.UTC)


def test_an_event_longer_than_92_days_is_refused_with_a_field_error():
    event = AnniversaryEventFactory.build(
        starts_at=NOW, ends_at=NOW + datetime.timedelta(days=92, seconds=1)
    )

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert "ends_at" in error.value.message_dict


def test_the_database_refuses_an_event_longer_than_92_days_too():
    event = AnniversaryEventFactory(starts_at=NOW, ends_at=NOW + datetime.timedelta(hours=1))

    with pytest.raises(IntegrityError), transaction.atomic():
        AnniversaryEvent.objects.filter(pk=event.pk).update(
            ends_at=NOW + datetime.timedelta(days=93)
        )


def test_an_event_of_exactly_92_days_is_allowed():
    AnniversaryEventFactory(starts_at=NOW, ends_at=NOW + datetime.timedelta(days=92))


def test_upcoming_keeps_an_event_that_started_92_days_ago_and_has_not_ended():
    started = NOW - datetime.timedelta(days=92)
    running = AnniversaryEventFactory(
        starts_at=started, ends_at=started + AnniversaryEvent.MAX_SPAN
    )
    AnniversaryEventFactory(
        starts_at=NOW - datetime.timedelta(days=1), ends_at=NOW - datetime.timedelta(hours=1)
    )

    assert list(AnniversaryEvent.objects.upcoming(NOW)) == [running]


def test_commemorates_upcoming_reads_the_commemorates_index_in_start_order():
    khojaly = HistoricalEventFactory(slug="khojaly-massacre")
    queryset = (
        AnniversaryEvent.objects.public()
        .commemorating("khojaly-massacre")
        .upcoming(NOW)
        .order_by("starts_at", "id")[:20]
    )
    AnniversaryEventFactory(historical_event=khojaly)

    if connection.vendor == "sqlite":
        plan = queryset.explain()
        assert "event_commemorates_start" in plan
        assert "TEMP B-TREE" not in plan
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = queryset.explain()
        assert "event_commemorates_start" in plan
    # The slug is resolved inside the query, not joined.
    sql = str(queryset.query).lower()
    assert "join" not in sql.split("where")[0].split("from")[1]


def test_a_slug_filter_naming_no_record_matches_nothing(api_client):
    AnniversaryEventFactory()

    page = api_client.get("/api/v1/events/", {"commemorates": "no-such-event"}).json()

    assert page["count"] == 0
    assert page["results"] == []
