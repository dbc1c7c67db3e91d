"""Lists count their matches exactly up to API_COUNT_LIMIT and no further; their
validators come from index probes of the latest change (deletions included), so a 304
never counts.
"""

import pytest

from tests.factories import EditorFactory, MemorialFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/memorials/"


@pytest.fixture
def five_memorials():
    return [MemorialFactory(name=f"Memorial {n}", is_published=True) for n in range(5)]


def test_a_list_within_the_limit_counts_exactly(api_client, settings, five_memorials):
    settings.API_COUNT_LIMIT = 5

    page = api_client.get(LIST, {"page_size": 2}).json()

    assert page["count"] == 5
    assert page["next"].endswith("page=2&page_size=2")


def test_a_list_past_the_limit_has_a_null_count_and_still_pages(
    api_client, settings, five_memorials
):
    settings.API_COUNT_LIMIT = 4

    first = api_client.get(LIST, {"page_size": 2}).json()
    third = api_client.get(LIST, {"page_size": 2, "page": 3}).json()
    beyond = api_client.get(LIST, {"page_size": 2, "page": 4})

    assert first["count"] is None
    assert [m["name"] for m in first["results"]] == ["Memorial 0", "Memorial 1"]
    assert first["next"] is not None
    assert third["count"] is None
    assert [m["name"] for m in third["results"]] == ["Memorial 4"]
    assert third["next"] is None
    assert third["previous"].endswith("page=2&page_size=2")
    assert beyond.status_code == 404


def test_an_uncounted_list_costs_no_more_queries(
    api_client, settings, five_memorials, django_assert_num_queries
):
    settings.API_COUNT_LIMIT = 4

    # Validators and the bounded count, the page, the commemorated events of the page.
    with django_assert_num_queries(3):
        assert api_client.get(LIST, {"page_size": 2}).status_code == 200


def test_a_304_reads_no_count_and_a_miss_reads_it_once(
    api_client, five_memorials, django_assert_num_queries
):
    etag = api_client.get(LIST)["ETag"]

    with django_assert_num_queries(1) as captured:
        assert api_client.get(LIST, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert "COUNT" not in captured.captured_queries[0]["sql"].upper()

    with django_assert_num_queries(4):
        missed = api_client.get(LIST, HTTP_IF_NONE_MATCH='"stale"')
    assert missed.status_code == 200
    assert missed.json()["count"] == 5


def test_deleting_a_record_that_was_not_the_latest_change_changes_the_etag(
    api_client, five_memorials
):
    oldest = five_memorials[0]
    before = api_client.get(LIST)["ETag"]

    oldest.delete()

    after = api_client.get(LIST, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after["ETag"] != before


def test_a_change_to_a_record_outside_a_filtered_list_changes_its_etag_too(
    api_client, five_memorials
):
    """Decision: validators read the latest change of the whole model (index probes),
    not of the filtered rows (a pass over them), so a filtered list may answer 200 where
    a 304 was possible; it never answers a stale 304."""
    MemorialFactory(country="FR", is_published=True)
    before = api_client.get(LIST, {"country": "FR"})["ETag"]

    five_memorials[0].save()

    assert api_client.get(LIST, {"country": "FR"})["ETag"] != before


def test_editors_and_anonymous_readers_never_share_a_list_etag(api_client, five_memorials):
    anonymous = api_client.get(LIST)["ETag"]
    api_client.force_login(EditorFactory())

    assert api_client.get(LIST)["ETag"] != anonymous
