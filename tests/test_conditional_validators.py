"""What list and item validators are made of, and how conditional requests use them.

A list's ETag is made of who asks (anonymous, an editor, or one signed-in user), the
query string, how many rows match and the latest `updated` of the rows and of the
related records they show. Signed-in answers are private to the cache. Writes honour
`If-Unmodified-Since` as well as `If-Match`, and answer with the ETag a later read gives.
"""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from events.api import AnniversaryEventViewSet
from events.models import AnniversaryEvent
from tests.factories import (
    AnniversaryEventFactory,
    EditorFactory,
    HistoricalEventFactory,
    MemorialFactory,
    OrganisationFactory,
    OrganiserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/events/"
JANUARY = datetime.datetime(2030, 1, 10, 9, 0, tzinfo=datetime.UTC)
FEBRUARY = datetime.datetime(2030, 2, 10, 9, 0, tzinfo=datetime.UTC)
MARCH = datetime.datetime(2030, 3, 10, 9, 0, tzinfo=datetime.UTC)
VARY = "Accept, Authorization, Cookie, origin"
PUBLIC_CACHE_CONTROL = "max-age=0, must-revalidate"
PRIVATE_CACHE_CONTROL = "max-age=0, must-revalidate, private"


def item_url(event) -> str:
    return f"/api/v1/events/{event.slug}/"


def header_date(moment: datetime.datetime) -> str:
    return http_date(moment.timestamp())


@pytest.fixture
def clock():
    """A stopped clock at JANUARY; `clock.move_to(...)` sets when the next change happens."""
    with time_machine.travel(JANUARY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def editor_client(api_client):
    # Not a session: the stopped clock moves on by months, past a session's expiry.
    api_client.force_authenticate(EditorFactory())
    return api_client


# --- the audience --------------------------------------------------------------------
def test_anonymous_editor_and_each_organiser_get_different_etags_for_the_same_list(
    api_client, clock
):
    AnniversaryEventFactory.create_batch(2)
    editors = EditorFactory.create_batch(2)
    organisers = [OrganiserFactory(organisations=[OrganisationFactory()]) for _ in range(2)]

    def etag_and_rows(user):
        api_client.logout()
        if user is not None:
            api_client.force_login(user)
        response = api_client.get(LIST_URL)
        assert response.status_code == 200, response.content
        return response["ETag"], response.json()["results"]

    anonymous, rows = etag_and_rows(None)
    first_editor, rows_for_editor = etag_and_rows(editors[0])
    second_editor, _ = etag_and_rows(editors[1])
    first_organiser, rows_for_organiser = etag_and_rows(organisers[0])
    second_organiser, _ = etag_and_rows(organisers[1])

    assert rows == rows_for_editor == rows_for_organiser  # the same published events
    assert first_editor == second_editor  # every editor sees the same list
    assert len({anonymous, first_editor, first_organiser, second_organiser}) == 4


def test_an_anonymous_etag_does_not_answer_304_to_an_editor(api_client, clock):
    AnniversaryEventFactory()
    anonymous = api_client.get(LIST_URL)["ETag"]
    api_client.force_login(EditorFactory())

    response = api_client.get(LIST_URL, headers={"If-None-Match": anonymous})

    assert response.status_code == 200


# --- the query string ----------------------------------------------------------------
def test_the_query_string_is_part_of_the_list_etag(api_client, clock):
    AnniversaryEventFactory.create_batch(2)

    plain = api_client.get(LIST_URL)
    paged = api_client.get(LIST_URL, {"page_size": "20"})

    assert plain.json()["results"] == paged.json()["results"]
    assert plain["ETag"] != paged["ETag"]


def test_the_order_of_query_parameters_does_not_change_the_etag(api_client, clock):
    AnniversaryEventFactory.create_batch(2)

    one_way = api_client.get(f"{LIST_URL}?ordering=title&page_size=20")
    other_way = api_client.get(f"{LIST_URL}?page_size=20&ordering=title")

    assert one_way["ETag"] == other_way["ETag"]


# --- the count and the latest change -------------------------------------------------
@pytest.mark.parametrize(
    "params", [pytest.param({}, id="whole-list"), pytest.param({"country": "NL"}, id="filtered")]
)
def test_deleting_a_row_that_was_not_the_latest_change_changes_the_etag(api_client, clock, params):
    older = AnniversaryEventFactory()
    clock.move_to(FEBRUARY)
    AnniversaryEventFactory()
    before = api_client.get(LIST_URL, params)
    clock.move_to(MARCH)

    AnniversaryEvent.objects.filter(pk=older.pk).delete()
    after = api_client.get(LIST_URL, params, headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    assert after.json()["count"] == before.json()["count"] - 1
    assert before["Last-Modified"] == header_date(FEBRUARY)
    # The deletion is in the model's history: it is the list's latest change.
    assert after["Last-Modified"] == header_date(MARCH)
    assert after["ETag"] != before["ETag"]


@pytest.mark.parametrize("related", ["historical_event", "memorial", "organisation"])
def test_a_change_to_a_shown_related_record_changes_the_list_validators(api_client, clock, related):
    event = AnniversaryEventFactory()
    before = api_client.get(LIST_URL)
    clock.move_to(FEBRUARY)

    record = getattr(event, related)
    record.name = "Renamed"
    record.save()
    after = api_client.get(LIST_URL, headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    assert before["Last-Modified"] == header_date(JANUARY)
    assert after["Last-Modified"] == header_date(FEBRUARY)
    assert after["ETag"] != before["ETag"]


def test_a_filtered_list_is_as_recent_as_the_latest_change_of_its_model(api_client, clock):
    """Decision (issue 7): validators are index probes of the model's latest change, not
    a pass over the filtered rows, so a filtered list is never stale and never counts."""
    historical_event = HistoricalEventFactory()
    memorial = MemorialFactory(country="NL")
    organisation = OrganisationFactory()
    shared = {"historical_event": historical_event, "organisation": organisation}
    AnniversaryEventFactory(memorial=memorial, **shared)
    clock.move_to(MARCH)
    AnniversaryEventFactory(memorial=None, venue_country="AZ", **shared)

    dutch = api_client.get(LIST_URL, {"country": "NL"})
    everything = api_client.get(LIST_URL)

    assert dutch.json()["count"] == 1
    assert dutch["Last-Modified"] == header_date(MARCH)
    assert everything["Last-Modified"] == header_date(MARCH)


def test_an_item_changes_its_etag_when_its_memorial_changes(api_client, clock):
    event = AnniversaryEventFactory()
    before = api_client.get(item_url(event))
    clock.move_to(FEBRUARY)
    event.memorial.name = "Renamed"
    event.memorial.save()

    after = api_client.get(item_url(event), headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    assert after["Last-Modified"] == header_date(FEBRUARY)


# --- Cache-Control and Vary ----------------------------------------------------------
@pytest.mark.parametrize("url", ["list", "item"])
def test_anonymous_answers_may_be_shared_signed_in_answers_are_private(api_client, url):
    event = AnniversaryEventFactory()
    path = LIST_URL if url == "list" else item_url(event)

    anonymous = api_client.get(path)
    api_client.force_login(EditorFactory())
    signed_in = api_client.get(path)

    assert anonymous["Cache-Control"] == PUBLIC_CACHE_CONTROL
    assert signed_in["Cache-Control"] == PRIVATE_CACHE_CONTROL
    assert anonymous["Vary"] == signed_in["Vary"] == VARY


def test_a_304_carries_the_same_validators_and_cache_headers(api_client, clock):
    AnniversaryEventFactory()
    api_client.force_login(EditorFactory())
    first = api_client.get(LIST_URL)

    again = api_client.get(LIST_URL, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"] == header_date(JANUARY)
    assert again["Cache-Control"] == PRIVATE_CACHE_CONTROL
    assert again["Vary"] == VARY


# --- If-Modified-Since ---------------------------------------------------------------
@pytest.mark.parametrize("url", ["list", "item"])
def test_if_modified_since_the_last_change_answers_304(api_client, clock, url):
    event = AnniversaryEventFactory()
    path = LIST_URL if url == "list" else item_url(event)
    etag = api_client.get(path)["ETag"]

    response = api_client.get(path, headers={"If-Modified-Since": header_date(JANUARY)})

    assert response.status_code == 304
    assert response["ETag"] == etag


@pytest.mark.parametrize("url", ["list", "item"])
def test_if_modified_since_before_the_last_change_answers_200(api_client, clock, url):
    event = AnniversaryEventFactory()
    path = LIST_URL if url == "list" else item_url(event)
    a_second_earlier = JANUARY - datetime.timedelta(seconds=1)

    response = api_client.get(path, headers={"If-Modified-Since": header_date(a_second_earlier)})

    assert response.status_code == 200
    assert response["Last-Modified"] == header_date(JANUARY)


# --- writes --------------------------------------------------------------------------
def test_if_unmodified_since_before_the_last_change_answers_412_and_writes_nothing(
    clock, editor_client
):
    event = AnniversaryEventFactory(title="Original")
    clock.move_to(FEBRUARY)
    event.save()

    response = editor_client.patch(
        item_url(event), {"title": "Changed"}, headers={"If-Unmodified-Since": header_date(JANUARY)}
    )

    assert response.status_code == 412
    event.refresh_from_db()
    assert event.title == "Original"


def test_if_unmodified_since_the_last_change_lets_the_write_through(clock, editor_client):
    event = AnniversaryEventFactory(title="Original")

    response = editor_client.patch(
        item_url(event), {"title": "Changed"}, headers={"If-Unmodified-Since": header_date(JANUARY)}
    )

    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert event.title == "Changed"


def test_if_unmodified_since_before_the_last_change_keeps_a_record_from_deletion(
    clock, editor_client
):
    event = AnniversaryEventFactory()
    clock.move_to(FEBRUARY)
    event.save()

    response = editor_client.delete(
        item_url(event), headers={"If-Unmodified-Since": header_date(JANUARY)}
    )

    assert response.status_code == 412
    assert AnniversaryEvent.objects.filter(pk=event.pk).exists()


def test_a_patch_answers_with_the_validators_a_following_get_returns(clock, editor_client):
    event = AnniversaryEventFactory()
    clock.move_to(FEBRUARY)

    written = editor_client.patch(item_url(event), {"title": "Changed"})
    read = editor_client.get(item_url(event))

    assert written.status_code == 200, written.content
    assert written["ETag"] == read["ETag"]
    assert written["Last-Modified"] == read["Last-Modified"] == header_date(FEBRUARY)
    assert written["Cache-Control"] == PRIVATE_CACHE_CONTROL
    assert (
        editor_client.get(item_url(event), headers={"If-None-Match": written["ETag"]}).status_code
        == 304
    )


def test_a_create_answers_with_the_validators_a_following_get_returns(clock, editor_client):
    template = AnniversaryEventFactory()
    payload = {
        "title": "New commemoration",
        "historical_event": template.historical_event.slug,
        "memorial": template.memorial.slug,
        "organisation": template.organisation.slug,
        "starts_at": "2030-02-26T10:00:00Z",
        "ends_at": "2030-02-26T12:00:00Z",
        "time_zone": "Asia/Baku",
    }

    created = editor_client.post(LIST_URL, payload)
    read = editor_client.get(created["Location"])

    assert created.status_code == 201, created.content
    assert created["ETag"] == read["ETag"]
    assert created["Last-Modified"] == read["Last-Modified"]


def test_a_refused_write_carries_no_validators(editor_client):
    event = AnniversaryEventFactory()

    response = editor_client.patch(item_url(event), {"ends_at": "2000-01-01T00:00:00Z"})

    assert response.status_code == 400
    assert "ETag" not in response


# --- what else a validator is made of ------------------------------------------------
def test_an_etag_is_a_quoted_32_digit_hash(api_client):
    event = AnniversaryEventFactory()

    for response in (api_client.get(LIST_URL), api_client.get(item_url(event))):
        assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"]), response["ETag"]


def test_each_representation_of_a_list_has_its_own_etag(api_client, clock):
    AnniversaryEventFactory()

    as_json = api_client.get(LIST_URL, headers={"Accept": "application/json"})
    as_html = api_client.get(LIST_URL, headers={"Accept": "text/html"})

    assert as_html["Content-Type"].startswith("text/html")
    assert as_json["ETag"] != as_html["ETag"]


def test_records_of_two_kinds_never_share_an_etag(api_client, clock):
    memorial = MemorialFactory(pk=4242)
    historical_event = HistoricalEventFactory(pk=4242)

    for_memorial = api_client.get(f"/api/v1/memorials/{memorial.slug}/")
    for_event = api_client.get(f"/api/v1/historical-events/{historical_event.slug}/")

    assert for_memorial["Last-Modified"] == for_event["Last-Modified"]
    assert for_memorial["ETag"] != for_event["ETag"]


def test_an_empty_list_has_an_etag_but_no_last_modified(api_client):
    response = api_client.get(LIST_URL)

    assert response.json()["count"] == 0
    assert response["ETag"]
    assert "Last-Modified" not in response
    assert api_client.get(LIST_URL, headers={"If-None-Match": response["ETag"]}).status_code == 304


def test_a_list_that_matches_nothing_answers_a_zero_count(api_client, clock):
    AnniversaryEventFactory()

    response = api_client.get(LIST_URL, {"search": "!!!"})  # no words: matches nothing

    assert response.json()["count"] == 0
    assert response["Last-Modified"] == header_date(JANUARY)  # the related records'


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({}, id="whole-list"),
        pytest.param({"ordering": "title"}, id="ordered"),
        pytest.param({"country": "NL"}, id="filtered"),
        pytest.param({"upcoming": "true", "ordering": "title"}, id="filtered-and-ordered"),
    ],
)
def test_list_validators_are_index_probes_whatever_the_filters(api_client, params):
    """For each watched model (the list's and its related ones) the newest `updated` and
    the newest history entry, each `ORDER BY ... DESC LIMIT 1`; no MAX over the rows.
    A conditional request reads nothing else."""
    AnniversaryEventFactory()
    etag = api_client.get(LIST_URL, params)["ETag"]

    with CaptureQueriesContext(connection) as queries:
        assert api_client.get(LIST_URL, params, headers={"If-None-Match": etag}).status_code == 304

    (validators,) = [q["sql"] for q in queries.captured_queries]
    watched = 1 + len(AnniversaryEventViewSet.etag_related_models)
    assert "MAX(" not in validators.upper()
    assert "COUNT(" not in validators.upper()
    assert validators.count("LIMIT 1") == 2 * watched


@pytest.mark.skipif(not connection.features.has_select_for_update, reason="SQLite has no row locks")
@pytest.mark.parametrize("header", ["If-Match", "If-Unmodified-Since"])
def test_a_conditional_write_locks_the_row_while_comparing(editor_client, header):
    """Two editors cannot both pass the check and overwrite each other."""
    event = AnniversaryEventFactory()
    read = editor_client.get(item_url(event))
    value = read["ETag"] if header == "If-Match" else read["Last-Modified"]

    with CaptureQueriesContext(connection) as queries:
        response = editor_client.patch(item_url(event), {"title": "New"}, headers={header: value})

    assert response.status_code == 200, response.content
    assert any("FOR UPDATE" in query["sql"] for query in queries.captured_queries)


def test_an_unconditional_write_takes_no_lock(editor_client):
    event = AnniversaryEventFactory()

    with CaptureQueriesContext(connection) as queries:
        editor_client.patch(item_url(event), {"title": "New"})

    assert not any("FOR UPDATE" in query["sql"] for query in queries.captured_queries)


def test_two_records_changed_at_the_same_moment_have_different_etags(api_client, clock):
    one, other = AnniversaryEventFactory.create_batch(2)

    first = api_client.get(item_url(one))
    second = api_client.get(item_url(other), headers={"If-None-Match": first["ETag"]})

    assert first["Last-Modified"] == second["Last-Modified"]
    assert second.status_code == 200
    assert first["ETag"] != second["ETag"]


@pytest.mark.parametrize("url", ["list", "item"])
def test_last_modified_does_not_depend_on_the_server_time_zone(api_client, clock, settings, url):
    event = AnniversaryEventFactory()
    path = LIST_URL if url == "list" else item_url(event)
    settings.TIME_ZONE = "Asia/Baku"

    assert api_client.get(path)["Last-Modified"] == header_date(JANUARY)
