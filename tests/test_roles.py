"""The groups the apps declare (Editors, Organisers) and `is_editor`."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from core.roles import EDITORS, is_editor, setup_roles
from events.apps import ORGANISERS
from events.models import Organisation
from tests.factories import EditorFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db


def permission_names(group: Group) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_setup_roles_is_idempotent_and_restores_the_permissions():
    groups = setup_roles()
    editors, organisers = groups[EDITORS], groups[ORGANISERS]
    before = (permission_names(editors), permission_names(organisers))
    organisers.permissions.add(Permission.objects.get(codename="delete_memorial"))

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
    names = permission_names(setup_roles()[EDITORS])

    assert "memorials.change_memorial" in names
    assert "articles.delete_article" in names
    assert "events.delete_anniversaryevent" in names
    assert "core.add_apitoken" in names
    assert "memorials.view_historicalmemorial" in names
    assert "events.change_historicalanniversaryevent" in names


def test_organisers_may_only_view_the_directory_and_cannot_publish():
    names = permission_names(setup_roles()[ORGANISERS])

    assert {"memorials.view_memorial", "articles.view_article"} <= names
    assert "events.change_anniversaryevent" in names
    assert not {n for n in names if n.startswith("memorials.") and ".view_" not in n}
    assert "articles.change_article" not in names
    assert "events.change_organisation" not in names


def test_is_editor_for_superuser_editor_organiser_and_anonymous():
    assert is_editor(UserFactory(is_superuser=True))
    assert is_editor(EditorFactory())
    assert not is_editor(OrganiserFactory())
    assert not is_editor(UserFactory())
    assert not is_editor(AnonymousUser())
    assert not is_editor(EditorFactory(is_active=False))


def test_each_app_declares_its_roles_and_core_names_no_other_app():
    from django.apps import apps

    from core.roles import ALL

    declared = {config.label: getattr(config, "roles", {}) for config in apps.get_app_configs()}

    assert declared["core"] == {EDITORS: ALL}
    assert declared["memorials"] == {EDITORS: ALL}
    assert ORGANISERS in declared["events"]
    assert ORGANISERS in declared["articles"]


def test_setup_roles_refuses_a_declared_permission_that_does_not_exist(monkeypatch):
    from django.apps import apps

    config = apps.get_app_config("memorials")
    monkeypatch.setattr(config, "roles", {EDITORS: ("memorials.fly_memorial",)}, raising=False)

    with pytest.raises(LookupError, match=r"memorials\.fly_memorial"):
        setup_roles()


def test_is_editor_asks_the_database_once_per_user_object(django_assert_num_queries):
    editor = EditorFactory()
    fresh = type(editor).objects.get(pk=editor.pk)

    with django_assert_num_queries(1):
        assert is_editor(fresh)
        assert is_editor(fresh)


def test_no_user_is_not_an_editor():
    assert is_editor(None) is False


def test_a_declared_permission_is_taken_from_its_own_app_only():
    """Organisers may view memorials (`memorials.view_memorial`); a permission with the
    same codename in another app is not theirs."""
    lookalike = Permission.objects.create(
        codename="view_memorial",
        name="A lookalike in another app",
        content_type=ContentType.objects.get_for_model(Organisation),
    )

    organisers = setup_roles()[ORGANISERS]

    assert organisers.permissions.filter(codename="view_memorial").count() == 1
    assert not organisers.permissions.filter(pk=lookalike.pk).exists()
