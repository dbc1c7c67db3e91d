"""Request bodies: writes take JSON (the photo file is multipart), and deep or huge
bodies are refused cheaply with a problem, on every write operation the schema lists.

The operations come from the schema, so an endpoint added later is covered without
touching this module; each path parameter is filled from the first record that the
collection before it lists.
"""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

from core.api.parsers import nesting_depth_exceeds
from core.models import ApiToken
from tests.factories import (
    AnniversaryEventFactory,
    ArticleFactory,
    EditorFactory,
    HistoricalEventFactory,
    MemorialFactory,
    OrganisationFactory,
    PhotoFactory,
)

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
DEEP = 100_000


def write_operations() -> list[tuple[str, str, str]]:
    """(method, path template, request media type) of every operation taking a body."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    paths = json.loads(OpenApiJsonRenderer().render(generated, renderer_context={}))["paths"]
    return [
        (method.upper(), path, media_type)
        for path, operations in paths.items()
        for method, operation in operations.items()
        if "requestBody" in operation
        for media_type in operation["requestBody"]["content"]
    ]


WRITE_OPERATIONS = write_operations()
JSON_WRITES = [op for op in WRITE_OPERATIONS if op[2] == "application/json"]
MULTIPART_WRITES = [op for op in WRITE_OPERATIONS if op[2] == "multipart/form-data"]


def operation_id(operation) -> str:
    return f"{operation[0]} {operation[1]}"


@pytest.fixture
def editor_client(api_client):
    _, key = ApiToken.issue(user=EditorFactory(), name="tests")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return api_client


@pytest.fixture
def one_of_everything():
    photo = PhotoFactory(memorial=MemorialFactory())
    AnniversaryEventFactory(memorial=photo.memorial)
    HistoricalEventFactory()
    OrganisationFactory()
    ArticleFactory()


def address(client, template: str) -> str:
    """`template` with each `{name}` filled from the first record of the collection
    before it (`{memorial_slug}` from memorials/, `{id}` from .../photos/)."""
    url = template
    for match in re.finditer(r"\{(\w+)\}", template):
        collection = url[: url.index(match.group(0))]
        first = client.get(collection).json()["results"][0]
        url = url.replace(match.group(0), str(first[match.group(1).split("_")[-1]]), 1)
    return url


def send(client, method: str, url: str, body: bytes, content_type: str):
    return client.generic(method, url, body, content_type=content_type)


def assert_problem(response, status: int) -> None:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == status


def test_the_schema_lists_write_operations_to_check():
    assert len(JSON_WRITES) >= 15
    assert MULTIPART_WRITES


@pytest.mark.parametrize("operation", JSON_WRITES, ids=operation_id)
@pytest.mark.parametrize(
    "deep_body",
    [b"[" * DEEP + b"]" * DEEP, b'{"a":' * DEEP + b"1" + b"}" * DEEP],
    ids=["arrays", "objects"],
)
def test_a_json_body_nested_100000_levels_deep_is_a_400_problem(
    editor_client, one_of_everything, operation, deep_body
):
    method, template, _ = operation

    response = send(
        editor_client, method, address(editor_client, template), deep_body, "application/json"
    )

    assert_problem(response, 400)
    assert "JSON parse error" in response.json()["detail"]


@pytest.mark.parametrize("operation", JSON_WRITES, ids=operation_id)
def test_a_json_body_deeper_than_the_setting_is_a_400_problem(
    editor_client, one_of_everything, operation, settings
):
    settings.API_JSON_MAX_DEPTH = 3
    method, template, _ = operation
    body = json.dumps({"name": [[["too deep"]]]}).encode()

    response = send(
        editor_client, method, address(editor_client, template), body, "application/json"
    )

    assert_problem(response, 400)
    assert response.json()["detail"] == "JSON parse error - nested deeper than 3 levels."


@pytest.mark.parametrize("operation", JSON_WRITES, ids=operation_id)
def test_a_json_body_over_the_upload_limit_is_a_413_problem(
    editor_client, one_of_everything, operation, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    method, template, _ = operation
    body = json.dumps({"name": "x" * 1_000}).encode()

    response = send(
        editor_client, method, address(editor_client, template), body, "application/json"
    )

    assert_problem(response, 413)


@pytest.mark.parametrize("operation", MULTIPART_WRITES, ids=operation_id)
def test_a_deep_json_body_to_a_file_upload_is_a_415_problem(
    editor_client, one_of_everything, operation
):
    method, template, _ = operation
    deep_body = b"[" * DEEP + b"]" * DEEP

    response = send(
        editor_client, method, address(editor_client, template), deep_body, "application/json"
    )

    assert_problem(response, 415)


@pytest.mark.parametrize("operation", MULTIPART_WRITES, ids=operation_id)
def test_multipart_fields_over_the_upload_limit_are_a_413_problem(
    editor_client, one_of_everything, operation, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    method, template, _ = operation
    body = encode_multipart(
        BOUNDARY, {"alt_text": "x" * 2_000, "image": SimpleUploadedFile("p.gif", b"GIF89a")}
    )

    response = send(
        editor_client, method, address(editor_client, template), body, MULTIPART_CONTENT
    )

    assert_problem(response, 413)


@pytest.mark.parametrize("operation", JSON_WRITES, ids=operation_id)
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"name=Khojaly", "application/x-www-form-urlencoded"),
        (b"--x--\r\n", "multipart/form-data; boundary=x"),
    ],
    ids=["form", "multipart"],
)
def test_json_writes_refuse_forms_with_a_415_problem(
    editor_client, one_of_everything, operation, body, content_type
):
    method, template, _ = operation

    response = send(editor_client, method, address(editor_client, template), body, content_type)

    assert_problem(response, 415)


def test_writes_are_documented_as_json_and_only_the_photo_file_as_multipart():
    media_types = {(method, path): media for method, path, media in WRITE_OPERATIONS}

    assert len(media_types) == len(WRITE_OPERATIONS)  # one media type per operation
    assert {op for op, media in media_types.items() if media != "application/json"} == {
        ("POST", "/api/v1/memorials/{memorial_slug}/photos/"),
        ("PUT", "/api/v1/memorials/{memorial_slug}/photos/{id}/"),
    }
    assert set(media_types.values()) == {"application/json", "multipart/form-data"}


def test_a_photo_is_changed_with_json(editor_client):
    photo = PhotoFactory(caption="Front")
    url = f"/api/v1/memorials/{photo.memorial.slug}/photos/{photo.pk}/"

    response = editor_client.patch(url, {"caption": "At dusk"}, format="json")

    assert response.status_code == 200, response.content
    photo.refresh_from_db()
    assert photo.caption == "At dusk"


def test_a_body_nested_as_deep_as_allowed_reaches_validation(editor_client, settings):
    settings.API_JSON_MAX_DEPTH = 3
    body = json.dumps({"name": [["two more levels"]]}).encode()

    response = send(editor_client, "POST", "/api/v1/organisations/", body, "application/json")

    assert_problem(response, 400)
    assert [e["field"] for e in response.json()["errors"]] == ["name"]


def test_json_the_standard_library_would_read_but_a_database_cannot_is_refused(editor_client):
    for body in (b'{"name": NaN}', b'{"name": "\\ud800"}', b'{"name": "\xff"}'):
        response = send(editor_client, "POST", "/api/v1/organisations/", body, "application/json")

        assert_problem(response, 400)


@pytest.mark.parametrize(
    ("body", "deeper_than_two"),
    [
        (b'{"a": "[[[[[[{{{{"}', False),
        (b'{"a": "\\"[[[["}', False),
        (b"[[1]]", False),
        (b"[[[1]]]", True),
        (b'{"a": {"b": {"c": 1}}}', True),
        (b"[[], [], [[]]]", True),
    ],
)
def test_nesting_depth_counts_brackets_outside_strings(body, deeper_than_two):
    assert nesting_depth_exceeds(body, 2) is deeper_than_two
