"""Content negotiation failures are documented problem answers."""

import pytest

from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db


def test_an_accept_header_no_renderer_can_satisfy_answers_406(api_client):
    response = api_client.get("/api/v1/memorials/", HTTP_ACCEPT="text/csv")

    assert response.status_code == 406
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 406


def test_a_body_in_an_unsupported_content_type_answers_415(api_client):
    api_client.force_authenticate(EditorFactory())

    response = api_client.post("/api/v1/organisations/", b"name=x", content_type="text/plain")

    assert response.status_code == 415
    assert response.json()["status"] == 415


def test_the_schema_documents_406_everywhere_and_415_on_bodies(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]

    for operations in paths.values():
        for method, operation in operations.items():
            assert "406" in operation["responses"], (method, operation["operationId"])
            if method in {"post", "put", "patch"}:
                assert "415" in operation["responses"], operation["operationId"]
