"""The schema documents every status, header and media type the API answers, and
nothing it does not: checked on the served schema and against real answers."""

import pytest

from core.models import ApiToken
from tests.factories import (
    AnniversaryEventFactory,
    EditorFactory,
    HistoricalEventFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def schema(client):
    return client.get("/api/schema/?format=json").json()


def operations(schema, *methods: str):
    for path, by_method in schema["paths"].items():
        for method, operation in by_method.items():
            if not methods or method.upper() in methods:
                yield method.upper(), path, operation


def header_names(operation) -> set[str]:
    return {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}


def test_every_error_answer_is_documented_as_problem_json_only(schema):
    for method, path, operation in operations(schema):
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert set(response["content"]) == {PROBLEM}, (method, path, status)


def test_a_read_with_an_invalid_token_answers_a_documented_401(api_client, schema):
    response = api_client.get("/api/v1/events/", headers={"Authorization": "Bearer cmm_x_y"})

    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    for _method, path, operation in operations(schema, "GET"):
        assert "401" in operation["responses"], path
        assert "WWW-Authenticate" in operation["responses"]["401"]["headers"], path


def test_reads_need_no_credentials_and_writes_do(schema):
    for method, path, operation in operations(schema):
        if method == "GET":
            assert {} in operation["security"], path
        else:
            assert {} not in operation["security"], (method, path)
            assert {"apiToken": []} in operation["security"], (method, path)


def test_deleting_a_record_still_in_use_answers_the_documented_409(api_client, schema):
    api_client.force_authenticate(EditorFactory())
    organisation = OrganisationFactory()
    historical_event = HistoricalEventFactory()
    AnniversaryEventFactory(organisation=organisation, historical_event=historical_event)

    for path, slug in [
        ("/api/v1/organisations/{slug}/", organisation.slug),
        ("/api/v1/historical-events/{slug}/", historical_event.slug),
    ]:
        response = api_client.delete(path.format(slug=slug))

        assert response.status_code == 409
        assert response["Content-Type"] == PROBLEM
        assert set(schema["paths"][path]["delete"]["responses"]["409"]["content"]) == {PROBLEM}


def test_reads_document_304_and_their_preconditions_and_validators(schema):
    for _method, path, operation in operations(schema, "GET"):
        responses = operation["responses"]
        assert "304" in responses, path
        assert {"If-None-Match", "If-Modified-Since"} <= header_names(operation), path
        for status in ("200", "304"):
            assert {"ETag", "Last-Modified"} <= set(responses[status]["headers"]), (path, status)


def test_list_answers_304_to_a_matching_if_none_match(api_client):
    etag = api_client.get("/api/v1/organisations/")["ETag"]

    response = api_client.get("/api/v1/organisations/", headers={"If-None-Match": etag})

    assert response.status_code == 304


def test_changes_document_their_preconditions_and_validators(schema):
    for method, path, operation in operations(schema, "PUT", "PATCH", "DELETE"):
        assert {"If-Match", "If-Unmodified-Since"} <= header_names(operation), (method, path)
        assert "412" in operation["responses"], (method, path)
        if method != "DELETE":
            assert {"ETag", "Last-Modified"} <= set(operation["responses"]["200"]["headers"])


def test_creates_document_location_and_throttles_retry_after(schema):
    for method, path, operation in operations(schema):
        responses = operation["responses"]
        if method == "POST":
            assert responses["201"]["headers"]["Location"]["required"] is True, path
        assert "Retry-After" in responses["429"]["headers"], (method, path)


def test_a_create_answers_with_the_documented_location(api_client):
    _, key = ApiToken.issue(user=EditorFactory(), name="tests")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")

    response = api_client.post("/api/v1/organisations/", {"name": "Memory"}, format="json")

    assert response.status_code == 201, response.content
    assert response["Location"].endswith(f"/api/v1/organisations/{response.json()['slug']}/")


@pytest.mark.parametrize("accept", ["*/*", "application/vnd.oai.openapi", "text/csv"])
def test_the_schema_address_refuses_a_post_with_a_problem_in_json(client, accept):
    response = client.post("/api/schema/", headers={"Accept": accept})

    assert response.status_code in (405, 406)
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == response.status_code
