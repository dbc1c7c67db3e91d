"""Editors see who changed a record and when, and restore an earlier version."""

import pytest
from django.urls import reverse

from memorials.models import Memorial
from tests.admin_forms import admin_form_data
from tests.factories import AnniversaryEventFactory, EditorFactory, MemorialFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return EditorFactory(username="editor-eva")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def memorial_url(name: str, *args) -> str:
    return reverse(f"admin:memorials_memorial_{name}", args=args)


def test_history_page_shows_who_changed_what(editor_client):
    memorial = MemorialFactory(name="First name")
    change_url = memorial_url("change", memorial.pk)
    editor_client.post(
        change_url, admin_form_data(editor_client.get(change_url), name="Second name")
    )

    response = editor_client.get(memorial_url("history", memorial.pk))

    assert response.status_code == 200
    assert "editor-eva" in response.text
    assert "First name" in response.text
    assert "Second name" in response.text


def test_editor_can_revert_a_change_via_history(editor_client, editor):
    memorial = MemorialFactory(name="Khojaly Memorial", city="The Hague")
    change_url = memorial_url("change", memorial.pk)
    editor_client.post(
        change_url,
        admin_form_data(editor_client.get(change_url), name="Vandalised", city="Nowhere"),
    )
    original = memorial.history.earliest()
    revert_url = memorial_url("simple_history", memorial.pk, original.history_id)

    page = editor_client.get(revert_url)
    assert page.status_code == 200
    assert page.context["adminform"].form["name"].value() == "Khojaly Memorial"
    response = editor_client.post(revert_url, admin_form_data(page))

    assert response.status_code == 302
    memorial = Memorial.objects.get(pk=memorial.pk)
    assert (memorial.name, memorial.city) == ("Khojaly Memorial", "The Hague")
    assert memorial.history.first().history_user == editor
    assert memorial.history.count() == 3


def test_editor_can_revert_an_anniversary_event(client):
    editor = EditorFactory()
    client.force_login(editor)
    event = AnniversaryEventFactory(title="Vigil")
    event.title = "Wrong title"
    event.save()
    original = event.history.earliest()
    revert_url = reverse(
        "admin:events_anniversaryevent_simple_history", args=[event.pk, original.history_id]
    )

    response = client.post(revert_url, admin_form_data(client.get(revert_url)))

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Vigil"


def test_revert_page_of_a_malformed_or_missing_record_is_not_found(editor_client):
    memorial = MemorialFactory()
    version = memorial.history.first().history_id

    assert editor_client.get(memorial_url("simple_history", "abc", version)).status_code == 404
    missing = memorial_url("simple_history", memorial.pk + 1000, version)
    assert editor_client.get(missing).status_code == 404
