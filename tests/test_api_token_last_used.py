"""A token records when it was last used, to the minute, without a write per request."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import ApiToken
from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 2, 26, 10, 0, tzinfo=datetime.UTC)
URL = "/api/v1/organisations/"


@pytest.fixture
def token_and_key():
    with time_machine.travel(START - datetime.timedelta(days=1), tick=False):
        return ApiToken.issue(user=EditorFactory(), name="calendar app")


def read_with(api_client, key: str):
    response = api_client.get(URL, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    return response


def test_a_new_token_was_never_used(token_and_key):
    token, _ = token_and_key

    assert token.last_used is None


def test_the_first_request_records_the_use(api_client, token_and_key):
    token, key = token_and_key

    with time_machine.travel(START, tick=False):
        read_with(api_client, key)

    token.refresh_from_db()
    assert token.last_used == START


def test_uses_within_a_minute_cost_no_query(api_client, token_and_key):
    token, key = token_and_key
    with time_machine.travel(START, tick=False), CaptureQueriesContext(connection) as first:
        read_with(api_client, key)
    within_a_minute = START + datetime.timedelta(seconds=59)
    with (
        time_machine.travel(within_a_minute, tick=False),
        CaptureQueriesContext(connection) as next_,
    ):
        read_with(api_client, key)

    writes = [q["sql"] for q in first.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(writes) == 1
    assert "last_used" in writes[0]
    assert len(next_.captured_queries) == len(first.captured_queries) - 1
    token.refresh_from_db()
    assert token.last_used == START


def test_a_use_more_than_a_minute_later_is_recorded(api_client, token_and_key):
    token, key = token_and_key
    with time_machine.travel(START, tick=False):
        read_with(api_client, key)

    later = START + datetime.timedelta(seconds=61)
    with time_machine.travel(later, tick=False):
        read_with(api_client, key)

    token.refresh_from_db()
    assert token.last_used == later


def test_recording_a_use_leaves_updated_alone(api_client, token_and_key):
    token, key = token_and_key
    updated = token.updated

    with time_machine.travel(START, tick=False):
        read_with(api_client, key)

    token.refresh_from_db()
    assert token.updated == updated


def test_a_stale_copy_does_not_move_a_newer_time_back(token_and_key):
    """Two requests loaded the token before either wrote: only the first one writes."""
    token, _ = token_and_key
    stale_copy = ApiToken.objects.get(pk=token.pk)
    with time_machine.travel(START, tick=False):
        token.record_use()
    with time_machine.travel(START + datetime.timedelta(seconds=30), tick=False):
        stale_copy.record_use()

    assert ApiToken.objects.get(pk=token.pk).last_used == START


def test_a_revoked_token_records_nothing(api_client, token_and_key):
    token, key = token_and_key
    token.revoke()

    response = api_client.get(URL, headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 401
    token.refresh_from_db()
    assert token.last_used is None
