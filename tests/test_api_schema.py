"""The OpenAPI schema: valid, warning-free, and true to what the API answers.

The property-based test asks schemathesis to generate requests for every operation in
the schema (whatever the apps register) and runs all of its checks on every answer: no
5xx, documented status, content type, headers and body shape, schema-violating requests
refused, schema-valid requests accepted, authentication enforced where documented.

One check is refined, not dropped: a schema-valid request may still be refused with a
400 for a rule no JSON Schema can state, and only for such a rule (see
`positive_data_acceptance_beyond_schema`).
"""

import json
import os

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.api import router
from core.models import ApiToken
from memorials.models import Memorial
from tests.factories import EditorFactory, MemorialFactory, PhotoFactory


def test_schema_validates_without_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )

    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


@pytest.mark.django_db
def test_memorial_list_documents_json_and_geojson(client):
    schema = client.get("/api/schema/?format=json").json()

    list_operation = schema["paths"]["/api/v1/memorials/"]["get"]
    media_types = set(list_operation["responses"]["200"]["content"])
    parameters = {p["name"] for p in list_operation["parameters"]}

    assert media_types == {"application/json", "application/geo+json"}
    assert {"bbox", "near", "radius", "search", "cursor", "format", "ordering"} <= parameters
    assert all(p.get("examples") for p in list_operation["parameters"])


@pytest.mark.django_db
def test_operations_are_grouped_by_resource(client):
    schema = client.get("/api/schema/?format=json").json()

    resources = [
        "memorials",
        "historical events",
        "events",
        "articles",
        "organisations",
        "anniversaries",
    ]
    operations = [operation for item in schema["paths"].values() for operation in item.values()]
    photos = schema["paths"]["/api/v1/memorials/{memorial_slug}/photos/"]["get"]

    assert [tag["name"] for tag in schema["tags"]] == resources
    assert all(len(operation["tags"]) == 1 for operation in operations)
    assert {operation["tags"][0] for operation in operations} == set(resources)
    assert photos["tags"] == ["memorials"]


@pytest.mark.django_db
def test_list_parameters_are_documented_by_their_filters(client):
    schema = client.get("/api/schema/?format=json").json()

    for prefix, viewset, _ in router.registry:
        filterset_class = getattr(viewset, "filterset_class", None)
        if filterset_class is None:
            continue
        operation = schema["paths"][f"/api/v1/{prefix}/"]["get"]
        parameters = {p["name"]: p for p in operation["parameters"]}
        for name, filter_ in filterset_class.base_filters.items():
            documented = parameters[name]
            help_text = filter_.extra.get("help_text")
            assert documented.get("description"), (prefix, name)
            assert documented["description"].startswith(str(help_text or "* `")), (prefix, name)
            if hasattr(filter_, "example"):
                assert documented["examples"], (prefix, name)


@pytest.mark.django_db
def test_choice_filters_document_their_choices_as_enums(client):
    schema = client.get("/api/schema/?format=json").json()

    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/memorials/"]["get"]["parameters"]}

    # The empty value is accepted too (`?kind=` filters nothing), so it is documented.
    assert parameters["kind"]["schema"]["enum"] == [*sorted(Memorial.Kind.values), ""]
    assert parameters["status"]["schema"]["enum"] == [*sorted(Memorial.Status.values), ""]
    assert "distance" in parameters["ordering"]["schema"]["items"]["enum"]


def project_schema() -> schemathesis.BaseSchema:
    """The schema as /api/schema/ serves it, bound to the project's WSGI application.

    Built when the module is collected (schemathesis makes one test per operation from
    it); generating it reads no database.
    """
    generated = SchemaGenerator().get_schema(request=None, public=True)
    as_json = json.loads(OpenApiJsonRenderer().render(generated, renderer_context={}))
    # Fuzzing only: the coverage phase's exhaustive boundary cases take minutes.
    config = schemathesis.Config.from_str("[phases.coverage]\nenabled = false\n")
    loaded = schemathesis.openapi.from_dict(as_json, config=config)
    loaded.app = get_wsgi_application()
    return loaded


@pytest.fixture
def _wsgi_inside_the_test_transaction():
    """Like Django's test client: the WSGI handler must not close the connection that
    holds the test's transaction at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def editor_key(db, monkeypatch, _wsgi_inside_the_test_transaction):
    # Many generated requests per test: the throttle is not what is tested here.
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request, view: True)
    PhotoFactory(memorial=MemorialFactory(name="Khojaly Memorial"))
    return ApiToken.issue(user=EditorFactory(), name="schemathesis")[1]


schema = project_schema()

# CI explores the same 25 examples per operation every run (derandomized), so a red
# build is a real regression, never the luck of the draw. API_FUZZ_EXAMPLES=200 explores
# that many fresh random examples per operation instead.
EXPLORE_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES") or 0)


# Refusals of schema-valid data a JSON Schema cannot state, by error code: a slug that
# names no record, or a value another record already holds.
BEYOND_SCHEMA_CODES = {"does_not_exist", "unique"}
# ... and by field, for rules between values: an end before its start, an anniversary
# starting before the event it commemorates, `cursor` with GeoJSON or `page` (which the
# cursor refuses under either name), `radius` or `ordering=distance` without `near`;
# coordinates in range inside one `near` or `bbox` string; latitude and longitude given
# together, and with no more decimals than stored (the schema's numbers cannot say how
# many digits); IANA time zones, which change with tzdata (the model keeps them out of
# `choices` for the same reason; the anniversaries' `tz` is one too); an author is a
# person or an organisation, not both.
# Matched on the last part of the field's path (`venue.latitude`).
BEYOND_SCHEMA_FIELDS = {
    "tz",
    "end_date",
    "ends_at",
    "starts_at",
    "cursor",
    "page",
    "radius",
    "near",
    "bbox",
    "ordering",
    "non_field_errors",
    "latitude",
    "longitude",
    "time_zone",
    "unveiled",
    "remembered_on",
    "given_name",
    "family_name",
    "organisation_name",
}


def refused_beyond_schema(response) -> bool:
    """Whether a 400 names only rules a JSON Schema cannot state."""
    if response.status_code != 400:
        return False
    errors = response.json().get("errors") or []
    return bool(errors) and all(
        e["code"] in BEYOND_SCHEMA_CODES or e["field"].split(".")[-1] in BEYOND_SCHEMA_FIELDS
        for e in errors
    )


@schemathesis.check
def positive_data_acceptance_beyond_schema(ctx, response, case):
    """schemathesis's positive_data_acceptance, but for `refused_beyond_schema`."""
    if refused_beyond_schema(response):
        return None
    return positive_data_acceptance(ctx, response, case)


@schema.parametrize()
@settings(
    max_examples=EXPLORE_EXAMPLES or 25,
    derandomize=not EXPLORE_EXAMPLES,
    # Derandomized runs replay no failures saved by earlier runs: CI sees the same cases.
    database=None if not EXPLORE_EXAMPLES else settings.default.database,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_generated_requests_get_documented_answers(case, editor_key):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {editor_key}"},
        excluded_checks=[positive_data_acceptance],
        additional_checks=[positive_data_acceptance_beyond_schema],
    )
