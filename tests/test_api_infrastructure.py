"""The API's shared behaviour, independent of any one resource."""

import pytest
from django.test import override_settings


@pytest.mark.django_db
def test_unknown_api_address_answers_problem_json(client):
    response = client.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "No such API address.",
    }


def test_cors_lets_any_origin_read(client):
    response = client.options(
        "/api/v1/",
        headers={"Origin": "https://reader.example.net", "Access-Control-Request-Method": "GET"},
    )

    assert response["Access-Control-Allow-Origin"] == "https://reader.example.net"


@override_settings(CORS_WRITE_ORIGINS=["https://organisers.example.org"])
def test_cors_lets_only_configured_origins_write(client):
    stranger = client.options(
        "/api/v1/",
        headers={"Origin": "https://evil.example.net", "Access-Control-Request-Method": "POST"},
    )
    trusted = client.options(
        "/api/v1/",
        headers={
            "Origin": "https://organisers.example.org",
            "Access-Control-Request-Method": "POST",
        },
    )

    assert "Access-Control-Allow-Origin" not in stranger
    assert trusted["Access-Control-Allow-Origin"] == "https://organisers.example.org"


@pytest.mark.django_db
def test_json_is_compact_for_apps_and_indented_when_asked(client):
    compact = client.get("/api/v1/", headers={"Accept": "application/json"})
    indented = client.get("/api/v1/", headers={"Accept": "application/json; indent=4"})

    assert b"\n" not in compact.content
    assert indented.content.startswith(b'{\n  "')
    assert compact.json() == indented.json()
