"""The Editors and Organisers groups and `is_editor`."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.management import call_command

from core.roles import EDITORS, ORGANISERS, is_editor, setup_roles
from tests.factories import EditorFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db


def permission_names(group: Group) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_setup_roles_is_idempotent_and_restores_the_permissions():
    editors, organisers = setup_roles()
    before = (permission_names(editors), permission_names(organisers))
    organisers.permissions.add(Permission.objects.get(codename="publish_anniversaryevent"))

    setup_roles()
    setup_roles()

    assert Group.objects.filter(name__in=[EDITORS, ORGANISERS]).count() == 2
    assert (permission_names(editors), permission_names(organisers)) == before


def test_setup_roles_command_reports_the_groups():
    from io import StringIO

    out = StringIO()
    call_command("setup_roles", stdout=out)

    assert "Editors:" in out.getvalue()
    assert "Organisers:" in out.getvalue()
    assert Group.objects.filter(name=EDITORS).exists()


def test_editors_may_do_everything_including_publish_and_history():
    editors, _ = setup_roles()
    names = permission_names(editors)

    assert "events.publish_anniversaryevent" in names
    assert "memorials.change_memorial" in names
    assert "events.delete_article" in names
    assert "core.add_apitoken" in names
    assert "memorials.view_historicalmemorial" in names
    assert "events.change_historicalanniversaryevent" in names


def test_organisers_may_only_view_the_directory_and_cannot_publish():
    _, organisers = setup_roles()
    names = permission_names(organisers)

    assert {"memorials.view_memorial", "events.view_article"} <= names
    assert "events.change_anniversaryevent" in names
    assert "events.publish_anniversaryevent" not in names
    assert not {n for n in names if n.startswith("memorials.") and ".view_" not in n}
    assert "events.change_article" not in names


def test_is_editor_for_superuser_editor_organiser_and_anonymous():
    assert is_editor(UserFactory(is_superuser=True))
    assert is_editor(EditorFactory())
    assert not is_editor(OrganiserFactory())
    assert not is_editor(UserFactory())
    assert not is_editor(AnonymousUser())
    assert not is_editor(EditorFactory(is_active=False))
