"""Every representation of the memorial list (a page, a cursor page, a GeoJSON page)
carries validators: an ETag that names the representation and the audience, and
`Last-Modified`, with `Vary` saying which request headers choose the answer."""

import pytest

from memorials.models import Memorial
from tests.factories import EditorFactory, MemorialFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/memorials/"

REPRESENTATIONS = {
    "page": {},
    "cursor page": {"cursor": "*"},
    "GeoJSON page": {"format": "geojson"},
}


@pytest.mark.parametrize("params", REPRESENTATIONS.values(), ids=REPRESENTATIONS.keys())
def test_every_representation_carries_validators_and_vary(api_client, params):
    MemorialFactory()

    response = api_client.get(LIST, params)

    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert "Last-Modified" in response
    vary = {header.strip() for header in response["Vary"].split(",")}
    assert {"Accept", "Authorization", "Cookie"} <= vary


@pytest.mark.parametrize("params", REPRESENTATIONS.values(), ids=REPRESENTATIONS.keys())
def test_matching_if_none_match_answers_304(api_client, params):
    MemorialFactory()
    etag = api_client.get(LIST, params)["ETag"]

    response = api_client.get(LIST, params, headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response["ETag"] == etag


def test_json_and_geojson_of_the_same_list_have_different_etags(api_client):
    MemorialFactory()

    as_json = api_client.get(LIST, headers={"Accept": "application/json"})
    as_geojson = api_client.get(LIST, headers={"Accept": "application/geo+json"})

    assert as_geojson["Content-Type"] == "application/geo+json"
    assert as_json["ETag"] != as_geojson["ETag"]
    not_modified = api_client.get(
        LIST,
        headers={"Accept": "application/geo+json", "If-None-Match": as_json["ETag"]},
    )
    assert not_modified.status_code == 200


@pytest.mark.parametrize("params", REPRESENTATIONS.values(), ids=REPRESENTATIONS.keys())
def test_anonymous_client_and_editor_get_different_etags(api_client, params):
    MemorialFactory()
    anonymous = api_client.get(LIST, params)["ETag"]
    api_client.force_authenticate(EditorFactory())

    editor = api_client.get(LIST, params)

    assert editor["ETag"] != anonymous
    assert api_client.get(LIST, params, headers={"If-None-Match": anonymous}).status_code == 200


@pytest.mark.parametrize("params", REPRESENTATIONS.values(), ids=REPRESENTATIONS.keys())
def test_list_etag_changes_after_a_delete(api_client, params):
    MemorialFactory()
    deleted = MemorialFactory()
    etag = api_client.get(LIST, params)["ETag"]
    deleted.delete()

    response = api_client.get(LIST, params, headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_later_cursor_page_etag_changes_when_a_memorial_on_it_is_deleted(api_client):
    for letter in "ABCD":
        MemorialFactory(name=f"Memorial {letter}")
    second_page = api_client.get(LIST, {"cursor": "*", "page_size": 2}).json()["next"]
    etag = api_client.get(second_page)["ETag"]

    Memorial.objects.get(name="Memorial D").delete()
    response = api_client.get(second_page, headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert [m["name"] for m in response.json()["results"]] == ["Memorial C"]
