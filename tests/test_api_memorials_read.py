"""Reading memorials: who sees what, the exact payload, validators and query budgets."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from core.models import DatePrecision, LocationPrecision
from tests.factories import (
    EditorFactory,
    HistoricalEventFactory,
    MemorialFactory,
    OrganisationFactory,
    OrganiserFactory,
    PhotoFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/memorials/"


def detail(memorial) -> str:
    return reverse("api:memorial-detail", kwargs={"slug": memorial.slug})


@time_machine.travel(datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_memorial_item_payload_is_complete(api_client):
    event = HistoricalEventFactory(name="Khojaly massacre", start_date=datetime.date(1992, 2, 25))
    memorial = MemorialFactory(
        name="Khojaly Memorial, The Hague",
        other_names=["Khojaly Genocide Memorial"],
        address="Nieuw Eykenduynen",
        latitude=Decimal("52.087"),
        longitude=Decimal("4.263"),
        location_precision=LocationPrecision.APPROXIMATE,
        unveiled_on=datetime.date(2007, 1, 1),
        unveiled_on_precision=DatePrecision.YEAR,
        inscription_language="az, nl",
        historical_events=[event],
    )
    photo = PhotoFactory(memorial=memorial, caption="The monument")

    response = api_client.get(detail(memorial))

    assert response.status_code == 200
    body = response.json()
    assert body["photos"][0]["image"].startswith("http://testserver/media/photos/2026/03/")
    assert body == {
        "id": memorial.pk,
        "slug": "khojaly-memorial-the-hague",
        "url": "http://testserver/api/v1/memorials/khojaly-memorial-the-hague/",
        "web_url": "http://testserver/memorials/khojaly-memorial-the-hague/",
        "name": "Khojaly Memorial, The Hague",
        "other_names": ["Khojaly Genocide Memorial"],
        "kind": "monument",
        "status": "standing",
        "address": "Nieuw Eykenduynen",
        "city": "The Hague",
        "country": "NL",
        "location": {"latitude": 52.087, "longitude": 4.263, "precision": "approximate"},
        "unveiled": "2007",
        "unveiled_precision": "year",
        "historical_events": [
            {
                "slug": event.slug,
                "name": "Khojaly massacre",
                "url": f"http://testserver/api/v1/historical-events/{event.slug}/",
            }
        ],
        "is_published": True,
        "description": "",
        "inscription": "",
        "inscription_language": "az, nl",
        "designer": "",
        "website": "",
        "visiting_information": "",
        "accessibility": "",
        "wikidata_id": "",
        "openstreetmap_id": "",
        "photos": [
            {
                "id": photo.pk,
                "image": body["photos"][0]["image"],
                "alt_text": "A stone monument with a plaque",
                "caption": "The monument",
                "credit": "Test photographer",
                "licence": "cc-by-4.0",
            }
        ],
        "photos_url": ("http://testserver/api/v1/memorials/khojaly-memorial-the-hague/photos/"),
        "created": "2026-03-01T12:00:00Z",
        "updated": "2026-03-01T12:00:00Z",
    }
    assert response["ETag"]
    assert response["Last-Modified"] == "Sun, 01 Mar 2026 12:00:00 GMT"


def test_anonymous_client_sees_published_memorials_only(api_client):
    published = MemorialFactory(name="Published")
    draft = MemorialFactory(name="Draft", is_published=False)

    listed = api_client.get(LIST).json()
    item = api_client.get(detail(draft))

    assert [m["slug"] for m in listed["results"]] == [published.slug]
    assert item.status_code == 404
    assert item["Content-Type"] == "application/problem+json"


def test_organiser_sees_published_memorials_only(api_client):
    MemorialFactory(name="Published")
    draft = MemorialFactory(name="Draft", is_published=False)
    api_client.force_authenticate(OrganiserFactory(organisations=[OrganisationFactory()]))

    assert api_client.get(LIST).json()["count"] == 1
    assert api_client.get(detail(draft)).status_code == 404


def test_editor_sees_unpublished_memorials_and_can_filter_them(api_client):
    MemorialFactory(name="Published")
    draft = MemorialFactory(name="Draft", is_published=False)
    api_client.force_authenticate(EditorFactory())

    everything = api_client.get(LIST).json()
    drafts = api_client.get(LIST, {"is_published": "false"}).json()

    assert everything["count"] == 2
    assert [m["slug"] for m in drafts["results"]] == [draft.slug]
    assert api_client.get(detail(draft)).status_code == 200


def test_list_page_has_count_and_links(api_client):
    MemorialFactory.create_batch(3)

    body = api_client.get(LIST, {"page_size": 2}).json()

    assert body["count"] == 3
    assert body["next"] == "http://testserver/api/v1/memorials/?page=2&page_size=2"
    assert body["previous"] is None
    assert len(body["results"]) == 2


@pytest.mark.parametrize("page_size", ["0", "101", "abc"])
def test_page_size_out_of_range_is_refused(api_client, page_size):
    response = api_client.get(LIST, {"page_size": page_size})

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "page_size"


@pytest.mark.parametrize("size", [5, 50])
def test_list_costs_three_queries_whatever_the_page_size(
    api_client, django_assert_num_queries, size
):
    events = HistoricalEventFactory.create_batch(2)
    for memorial in MemorialFactory.create_batch(size):
        memorial.historical_events.set(events)

    with django_assert_num_queries(3):
        response = api_client.get(LIST, {"page_size": size})

    assert len(response.json()["results"]) == size
    assert len(response.json()["results"][0]["historical_events"]) == 2


@pytest.mark.parametrize("photos", [1, 8])
def test_item_costs_four_queries_whatever_it_holds(api_client, django_assert_num_queries, photos):
    memorial = MemorialFactory(historical_events=HistoricalEventFactory.create_batch(photos))
    PhotoFactory.create_batch(photos, memorial=memorial)

    with django_assert_num_queries(4):
        response = api_client.get(detail(memorial))

    assert len(response.json()["photos"]) == photos


def test_unchanged_list_answers_304_after_one_query(api_client, django_assert_num_queries):
    MemorialFactory.create_batch(3)
    etag = api_client.get(LIST)["ETag"]

    with django_assert_num_queries(1):
        response = api_client.get(LIST, headers={"If-None-Match": etag})

    assert response.status_code == 304


def test_unchanged_item_answers_304_after_one_query(api_client, django_assert_num_queries):
    memorial = MemorialFactory()
    etag = api_client.get(detail(memorial))["ETag"]

    with django_assert_num_queries(1):
        response = api_client.get(detail(memorial), headers={"If-None-Match": etag})

    assert response.status_code == 304


def test_list_etag_changes_when_a_commemorated_event_is_renamed(api_client):
    event = HistoricalEventFactory()
    MemorialFactory(historical_events=[event])
    etag = api_client.get(LIST)["ETag"]

    event.name = "Renamed"
    event.save()

    assert api_client.get(LIST, headers={"If-None-Match": etag}).status_code == 200


def test_cursor_walks_the_whole_list_in_name_order(api_client):
    names = [f"Memorial {letter}" for letter in "EDCBA"]
    for name in names:
        MemorialFactory(name=name)
    MemorialFactory(name="Hidden", is_published=False)

    seen, url = [], f"{LIST}?cursor=*&page_size=2"
    while url:
        body = api_client.get(url).json()
        assert body["count"] is None
        assert body["previous"] is None
        seen += [m["name"] for m in body["results"]]
        url = body["next"]

    assert seen == sorted(names)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "*", "page": "2"}, "page"),
        ({"cursor": "*", "ordering": "name"}, "ordering"),
    ],
)
def test_bad_cursor_use_is_a_400_naming_it(api_client, params, field):
    response = api_client.get(LIST, params)

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_cursor_page_costs_three_queries(api_client, django_assert_num_queries):
    MemorialFactory.create_batch(5)

    # The validators' aggregate, the page, its commemorated-event summaries.
    with django_assert_num_queries(3):
        response = api_client.get(LIST, {"cursor": "*", "page_size": 2})

    assert len(response.json()["results"]) == 2


def test_unchanged_cursor_page_answers_304_after_one_query(api_client, django_assert_num_queries):
    MemorialFactory.create_batch(5)
    first = api_client.get(LIST, {"cursor": "*", "page_size": 2})

    with django_assert_num_queries(1):
        response = api_client.get(
            LIST, {"cursor": "*", "page_size": 2}, headers={"If-None-Match": first["ETag"]}
        )

    assert response.status_code == 304
