"""Writing memorials: editors only, model rules, server-owned fields, If-Match."""

import pytest
from django.urls import reverse

from core.models import ApiToken
from memorials.models import Memorial
from memorials.serializers import MemorialWriteSerializer
from tests.factories import (
    EditorFactory,
    HistoricalEventFactory,
    MemorialFactory,
    OrganisationFactory,
    OrganiserFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/memorials/"


def detail(memorial) -> str:
    return reverse("api:memorial-detail", kwargs={"slug": memorial.slug})


@pytest.fixture
def editor_client(api_client):
    editor = EditorFactory()
    api_client.force_authenticate(editor)
    api_client.user = editor
    return api_client


def test_editor_creates_a_memorial_with_location_header(editor_client):
    event = HistoricalEventFactory()

    response = editor_client.post(
        LIST,
        {
            "name": "New memorial",
            "country": "NL",
            "city": "Utrecht",
            "location": {"latitude": "52.09", "longitude": "5.12", "precision": "city"},
            "unveiled": "2010-05",
            "commemorates": [event.slug],
            "created": "2000-01-01T00:00:00Z",
            "slug": "chosen-by-client",
            "id": 999,
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    memorial = Memorial.objects.get()
    assert response["Location"] == f"http://testserver/api/v1/memorials/{memorial.slug}/"
    assert memorial.slug == "new-memorial"
    assert memorial.pk != 999
    assert memorial.created_by == editor_client.user
    assert memorial.created.year != 2000
    assert (memorial.unveiled, memorial.unveiled_on_precision) == ("2010-05", "month")
    assert memorial.location_precision == "city"
    assert list(memorial.historical_events.all()) == [event]
    assert response.json()["historical_events"][0]["slug"] == event.slug


def test_options_describe_what_an_editor_may_send(editor_client):
    memorial = MemorialFactory()

    create = editor_client.options(LIST).json()["actions"]["POST"]
    replace = editor_client.options(detail(memorial)).json()["actions"]["PUT"]

    assert list(create) == list(replace) == MemorialWriteSerializer.Meta.fields


def test_anonymous_client_cannot_write(api_client):
    memorial = MemorialFactory()

    assert api_client.post(LIST, {"name": "x", "country": "NL"}).status_code == 401
    assert api_client.patch(detail(memorial), {"name": "x"}).status_code == 401
    assert api_client.delete(detail(memorial)).status_code == 401
    assert Memorial.objects.get().name == memorial.name


def test_organiser_cannot_write_memorials(api_client):
    memorial = MemorialFactory()
    api_client.force_authenticate(OrganiserFactory(organisations=[OrganisationFactory()]))

    assert api_client.post(LIST, {"name": "x", "country": "NL"}).status_code == 403
    assert api_client.patch(detail(memorial), {"name": "x"}).status_code == 403
    assert api_client.delete(detail(memorial)).status_code == 403
    assert Memorial.objects.get().name == memorial.name


def test_editor_writes_with_an_api_token(api_client):
    _, key = ApiToken.issue(user=EditorFactory(), name="guide app")

    response = api_client.post(
        LIST, {"name": "By token", "country": "NL"}, headers={"Authorization": f"Bearer {key}"}
    )

    assert response.status_code == 201


def test_patch_checks_cross_field_rules_against_stored_values(editor_client):
    memorial = MemorialFactory(latitude=None, longitude=None)

    response = editor_client.patch(
        detail(memorial), {"location": {"latitude": "52.1"}}, format="json"
    )

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["longitude"]
    memorial.refresh_from_db()
    assert memorial.latitude is None


def test_patch_keeps_stored_partner_coordinate(editor_client):
    memorial = MemorialFactory()

    response = editor_client.patch(
        detail(memorial), {"location": {"latitude": "10.5"}}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["location"]["latitude"] == 10.5
    assert response.json()["location"]["longitude"] == float(memorial.longitude)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"kind": "castle"}, "kind"),
        ({"unveiled": "May 2010"}, "unveiled"),
        ({"unveiled": "2010-13"}, "unveiled"),
        ({"location": {"latitude": "95", "longitude": "4"}}, "location.latitude"),
        ({"wikidata_id": "X12"}, "wikidata_id"),
        ({"other_names": "not a list"}, "other_names"),
        ({"other_names": [1, {"a": 2}]}, "other_names.1"),
        ({"commemorates": ["no-such-event"]}, "commemorates"),
    ],
)
def test_invalid_field_is_a_400_naming_it_and_nothing_changes(editor_client, payload, field):
    memorial = MemorialFactory(name="Unchanged")

    response = editor_client.patch(detail(memorial), payload, format="json")

    assert response.status_code == 400
    assert field in [e["field"] for e in response.json()["errors"]]
    memorial.refresh_from_db()
    assert memorial.name == "Unchanged"


def test_stale_if_match_answers_412_and_keeps_the_record(editor_client):
    memorial = MemorialFactory(name="First")
    etag = editor_client.get(detail(memorial))["ETag"]
    Memorial.objects.filter(pk=memorial.pk).update(name="Changed by someone else")
    memorial.refresh_from_db()
    memorial.save()  # bumps `updated`

    response = editor_client.patch(
        detail(memorial), {"name": "Mine"}, format="json", headers={"If-Match": etag}
    )

    assert response.status_code == 412
    memorial.refresh_from_db()
    assert memorial.name == "Changed by someone else"


def test_current_if_match_lets_the_write_through(editor_client):
    memorial = MemorialFactory(name="First")
    etag = editor_client.get(detail(memorial))["ETag"]

    response = editor_client.patch(
        detail(memorial), {"name": "Mine"}, format="json", headers={"If-Match": etag}
    )

    assert response.status_code == 200
    assert response["ETag"] != etag
    memorial.refresh_from_db()
    assert memorial.name == "Mine"


def test_editor_deletes_a_memorial(editor_client):
    memorial = MemorialFactory()

    response = editor_client.delete(detail(memorial))

    assert response.status_code == 204
    assert not Memorial.objects.exists()
