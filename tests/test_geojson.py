"""The memorial list as an RFC 7946 FeatureCollection."""

from decimal import Decimal

import pytest
from django.test import override_settings

from memorials.serializers import (
    MemorialFeatureCollectionSerializer,
    MemorialFeaturePropertiesSerializer,
    MemorialFeatureSerializer,
)
from tests.factories import MemorialFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/memorials/"


def test_geojson_feature_collection_with_lon_lat_coordinates(api_client):
    memorial = MemorialFactory(
        name="Khojaly Memorial", latitude=Decimal("52.087"), longitude=Decimal("4.263")
    )
    MemorialFactory(name="Nowhere", latitude=None, longitude=None)

    response = api_client.get(LIST, {"format": "geojson"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response.json() == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": memorial.slug,
                "geometry": {"type": "Point", "coordinates": [4.263, 52.087]},
                "properties": {
                    "slug": memorial.slug,
                    "name": "Khojaly Memorial",
                    "kind": "monument",
                    "status": "standing",
                    "city": "The Hague",
                    "country": "NL",
                    "precision": "exact",
                    "url": f"http://testserver/api/v1/memorials/{memorial.slug}/",
                    "web_url": f"http://testserver/memorials/{memorial.slug}/",
                },
            }
        ],
        "next": None,
        "previous": None,
    }


def test_accept_header_asks_for_geojson(api_client):
    MemorialFactory()

    response = api_client.get(LIST, headers={"Accept": "application/geo+json"})

    assert response["Content-Type"] == "application/geo+json"
    assert response.json()["type"] == "FeatureCollection"


def test_geojson_honours_filters_and_pages_without_counting(api_client):
    for n in range(5):
        MemorialFactory(name=f"Dutch {n}", country="NL")
    MemorialFactory(country="AZ")

    first = api_client.get(LIST, {"format": "geojson", "country": "NL", "page_size": 3}).json()
    second = api_client.get(first["next"]).json()

    assert [f["properties"]["name"] for f in first["features"]] == ["Dutch 0", "Dutch 1", "Dutch 2"]
    assert [f["properties"]["name"] for f in second["features"]] == ["Dutch 3", "Dutch 4"]
    assert second["next"] is None
    assert api_client.get(second["previous"]).json() == first


def test_geojson_page_can_hold_the_whole_directory(api_client):
    response = api_client.get(LIST, {"format": "geojson", "page_size": 5000})

    assert response.status_code == 200


@override_settings(API_GEOJSON_MAX_PAGE_SIZE=5000)
@pytest.mark.parametrize("page_size", ["5001", "0", "x"])
def test_geojson_page_size_beyond_the_limit_is_refused(api_client, page_size):
    response = api_client.get(LIST, {"format": "geojson", "page_size": page_size})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "page_size"


def test_geojson_bad_filter_is_a_problem_answer(api_client):
    response = api_client.get(LIST, {"format": "geojson", "bbox": "1,2"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "bbox"


@pytest.mark.parametrize("size", [5, 50])
def test_geojson_page_costs_two_queries_whatever_the_page_size(
    api_client, django_assert_num_queries, size
):
    MemorialFactory.create_batch(size)

    # The validators' aggregate, then the page.
    with django_assert_num_queries(2):
        response = api_client.get(LIST, {"format": "geojson", "page_size": size})

    assert len(response.json()["features"]) == size


def test_unchanged_geojson_page_answers_304_after_one_query(api_client, django_assert_num_queries):
    MemorialFactory.create_batch(3)
    first = api_client.get(LIST, {"format": "geojson"})

    with django_assert_num_queries(1):
        response = api_client.get(
            LIST, {"format": "geojson"}, headers={"If-None-Match": first["ETag"]}
        )

    assert response.status_code == 304
    assert response["ETag"] == first["ETag"]
    assert response.content == b""


def test_geojson_with_near_carries_distances(api_client):
    MemorialFactory(latitude=Decimal("52.08"), longitude=Decimal("4.27"))

    body = api_client.get(LIST, {"format": "geojson", "near": "52.08,4.26"}).json()

    assert body["features"][0]["properties"]["distance_km"] == pytest.approx(0.685, abs=0.01)


def test_features_have_exactly_the_documented_members(api_client):
    MemorialFactory()

    body = api_client.get(LIST, {"format": "geojson", "near": "52.0,4.3", "radius": 100}).json()

    feature = body["features"][0]
    assert list(body) == list(MemorialFeatureCollectionSerializer().fields)
    assert list(feature) == list(MemorialFeatureSerializer().fields)
    assert list(feature["properties"]) == list(MemorialFeaturePropertiesSerializer().fields)
