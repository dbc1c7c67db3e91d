"""Conditional requests on anniversary events: ETag, 304 and If-Match (412)."""

import pytest

from events.models import AnniversaryEvent
from tests.factories import AnniversaryEventFactory, EditorFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/events/"


def item_url(event) -> str:
    return f"/api/v1/events/{event.slug}/"


@pytest.fixture
def editor_client(api_client):
    api_client.force_login(EditorFactory())
    return api_client


def test_item_carries_etag_and_last_modified(api_client):
    event = AnniversaryEventFactory()

    response = api_client.get(item_url(event))

    assert response["ETag"].startswith('"')
    assert "Last-Modified" in response


def test_list_carries_etag_and_last_modified(api_client):
    AnniversaryEventFactory()

    response = api_client.get(LIST_URL)

    assert response["ETag"].startswith('"')
    assert "Last-Modified" in response


def test_if_none_match_on_item_answers_304_in_one_query(api_client, django_assert_num_queries):
    event = AnniversaryEventFactory()
    etag = api_client.get(item_url(event))["ETag"]

    with django_assert_num_queries(1):
        response = api_client.get(item_url(event), headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""


def test_if_none_match_on_list_answers_304_in_one_query(api_client, django_assert_num_queries):
    AnniversaryEventFactory.create_batch(3)
    etag = api_client.get(LIST_URL)["ETag"]

    with django_assert_num_queries(1):
        response = api_client.get(LIST_URL, headers={"If-None-Match": etag})

    assert response.status_code == 304


def test_list_etag_changes_when_an_event_changes(api_client):
    event = AnniversaryEventFactory()
    etag = api_client.get(LIST_URL)["ETag"]
    event.title = "Renamed"
    event.save()

    response = api_client.get(LIST_URL, headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_item_etag_changes_when_its_historical_event_is_renamed(api_client):
    event = AnniversaryEventFactory()
    etag = api_client.get(item_url(event))["ETag"]
    event.historical_event.name = "Renamed"
    event.historical_event.save()

    response = api_client.get(item_url(event), headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert response.json()["historical_event"]["name"] == "Renamed"


def test_stale_if_match_answers_412_and_writes_nothing(editor_client):
    event = AnniversaryEventFactory(title="Original")
    stale = editor_client.get(item_url(event))["ETag"]
    editor_client.patch(item_url(event), {"title": "First editor"})

    response = editor_client.patch(
        item_url(event), {"title": "Second editor"}, headers={"If-Match": stale}
    )

    assert response.status_code == 412
    assert response["Content-Type"] == "application/problem+json"
    event.refresh_from_db()
    assert event.title == "First editor"


def test_current_if_match_lets_the_write_through(editor_client):
    event = AnniversaryEventFactory(title="Original")
    current = editor_client.get(item_url(event))["ETag"]

    response = editor_client.patch(
        item_url(event), {"title": "Changed"}, headers={"If-Match": current}
    )

    assert response.status_code == 200, response.content
    assert response["ETag"] != current
    event.refresh_from_db()
    assert event.title == "Changed"


def test_stale_if_match_on_delete_answers_412_and_keeps_the_event(editor_client):
    event = AnniversaryEventFactory()
    stale = editor_client.get(item_url(event))["ETag"]
    editor_client.patch(item_url(event), {"title": "Meanwhile"})

    response = editor_client.delete(item_url(event), headers={"If-Match": stale})

    assert response.status_code == 412
    assert AnniversaryEvent.objects.filter(pk=event.pk).exists()
