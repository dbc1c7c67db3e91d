"""A Python client generated from /api/schema/ by openapi-python-client imports and
drives the API against a live server: the schema is good enough to build on.

The client is generated once per test session into a temporary folder.
"""

import datetime
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

from core.models import ApiToken
from events.models import AnniversaryEvent
from tests.factories import EditorFactory, HistoricalEventFactory, OrganisationFactory

PACKAGE = "commemorate_client"
GENERATOR = Path(sys.executable).with_name("openapi-python-client")


@pytest.fixture(scope="session")
def api(tmp_path_factory):
    """The generated package's API modules (`api.v1_events_list`, ...) and models."""
    folder = tmp_path_factory.mktemp("generated_client")
    schema = SchemaGenerator().get_schema(request=None, public=True)
    (folder / "schema.json").write_bytes(OpenApiJsonRenderer().render(schema, renderer_context={}))
    # No post hooks: formatting the generated code is not what is tested.
    (folder / "config.json").write_text(
        json.dumps({"package_name_override": PACKAGE, "post_hooks": []})
    )
    generated = subprocess.run(
        [
            GENERATOR,
            "generate",
            "--meta=none",
            f"--path={folder / 'schema.json'}",
            f"--output-path={folder / PACKAGE}",
            f"--config={folder / 'config.json'}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    assert "Warning" not in generated.stdout, generated.stdout
    sys.path.insert(0, str(folder))
    try:
        package = importlib.import_module(PACKAGE)
        modules = {
            name: importlib.import_module(f"{PACKAGE}.api.events.{name}")
            for name in (
                "v1_events_list",
                "v1_events_create",
                "v1_events_retrieve",
                "v1_events_partial_update",
                "v1_events_destroy",
            )
        }
        yield package, modules, importlib.import_module(f"{PACKAGE}.models")
    finally:
        sys.path.remove(str(folder))


@pytest.fixture
def editor_key(transactional_db):
    return ApiToken.issue(user=EditorFactory(), name="generated client")[1]


def test_the_generated_client_lists_searches_creates_changes_and_deletes_events(
    api, live_server, editor_key
):
    package, calls, models = api
    client = package.AuthenticatedClient(base_url=live_server.url, token=editor_key)
    HistoricalEventFactory(slug="khojaly-massacre")
    OrganisationFactory(slug="memory-foundation")
    starts_at = datetime.datetime(2030, 2, 26, 10, tzinfo=datetime.UTC)

    empty = calls["v1_events_list"].sync_detailed(client=client)
    created = calls["v1_events_create"].sync_detailed(
        client=client,
        body=models.AnniversaryEventWriteRequest(
            title="Wreath laying at the memorial",
            historical_event="khojaly-massacre",
            organisation="memory-foundation",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=1),
            time_zone="Asia/Baku",
        ),
    )
    slug = created.parsed.slug
    found = calls["v1_events_list"].sync_detailed(client=client, search="wreath")
    missed = calls["v1_events_list"].sync_detailed(client=client, search="concert")
    changed = calls["v1_events_partial_update"].sync_detailed(
        slug,
        client=client,
        body=models.PatchedAnniversaryEventWriteRequest(title="Wreath laying and a concert"),
    )
    unchanged = calls["v1_events_retrieve"].sync_detailed(
        slug, client=client, if_none_match=changed.headers["ETag"]
    )
    deleted = calls["v1_events_destroy"].sync_detailed(slug, client=client)

    assert (empty.status_code, empty.parsed.count) == (200, 0)
    assert created.status_code == 201, created.content
    assert isinstance(created.parsed, models.AnniversaryEvent)
    assert created.parsed.starts_at == starts_at
    assert created.headers["Location"] == created.parsed.url
    assert [event.slug for event in found.parsed.results] == [slug]
    assert missed.parsed.count == 0
    assert changed.status_code == 200, changed.content
    assert changed.parsed.title == "Wreath laying and a concert"
    assert unchanged.status_code == 304
    assert deleted.status_code == 204
    assert not AnniversaryEvent.objects.exists()


def test_the_generated_client_reads_problems(api, live_server, editor_key):
    package, calls, models = api
    client = package.AuthenticatedClient(base_url=live_server.url, token=editor_key)

    missing = calls["v1_events_retrieve"].sync_detailed("no-such-event", client=client)
    invalid = calls["v1_events_create"].sync_detailed(
        client=client,
        body=models.AnniversaryEventWriteRequest(
            title="No such history",
            historical_event="unknown",
            organisation="unknown",
            starts_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
            ends_at=datetime.datetime(2030, 1, 1, 1, tzinfo=datetime.UTC),
        ),
    )

    assert missing.status_code == 404
    assert isinstance(missing.parsed, models.Problem)
    assert invalid.status_code == 400
    assert {error.field for error in invalid.parsed.errors} == {"historical_event", "organisation"}
