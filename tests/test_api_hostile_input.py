"""Input no slug or text field should hold (a NUL byte, markup) is a 4xx, never a 500,
on SQLite and on PostgreSQL (which refuses NUL bytes in text with an error)."""

import pytest

from core.models import ApiToken
from events.models import AnniversaryEvent
from tests.factories import AnniversaryEventFactory, EditorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(api_client):
    _, key = ApiToken.issue(user=EditorFactory(), name="tests")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return api_client


@pytest.mark.parametrize(
    "path", ["/api/v1/events/a%00b/", "/api/v1/memorials/%3Cb%3E/", "/api/v1/articles/x%20y/"]
)
def test_an_address_that_cannot_hold_a_slug_is_not_found(api_client, path):
    response = api_client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("field", ["organisation", "historical_event", "memorial"])
def test_a_related_slug_with_a_nul_byte_is_refused_naming_the_field(editor_client, field):
    event = AnniversaryEventFactory(status=AnniversaryEvent.Status.DRAFT)
    before = AnniversaryEvent.objects.values().get(pk=event.pk)

    response = editor_client.patch(
        f"/api/v1/events/{event.slug}/", {field: "khojaly\x00"}, format="json"
    )

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert AnniversaryEvent.objects.values().get(pk=event.pk) == before


def test_a_nul_byte_in_a_list_of_slugs_is_refused_naming_the_field(editor_client):
    response = editor_client.post(
        "/api/v1/articles/", {"title": "A report", "cites": ["ok", "a\x00"]}, format="json"
    )

    assert response.status_code == 400
    assert "cites" in {e["field"].split(".")[0] for e in response.json()["errors"]}


@pytest.mark.parametrize(
    "resource", ["memorials", "historical-events", "events", "articles", "organisations"]
)
@pytest.mark.parametrize("ordering", [",", ",,", "-"])
def test_an_ordering_of_empty_entries_is_ignored_or_refused_never_a_crash(
    api_client, resource, ordering
):
    response = api_client.get(f"/api/v1/{resource}/", {"ordering": ordering})

    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert [e["field"] for e in response.json()["errors"]] == ["ordering"]
