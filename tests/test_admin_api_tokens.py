"""API tokens in the admin: the key is shown once, only a digest is kept.

Editors issue tokens for any user; organisers see and issue only their own.
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from core.models import ApiToken
from tests.factories import EditorFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    return reverse(f"admin:core_apitoken_{name}", args=args)


@pytest.fixture
def editor_client(client):
    client.force_login(EditorFactory())
    return client


def test_editor_creates_a_token_and_sees_the_key_once(client):
    editor = EditorFactory()
    client.force_login(editor)
    editor_client = client
    owner = UserFactory(username="guide-app-owner")

    response = editor_client.post(
        url("add"), {"user": owner.pk, "name": "guide app", "_save": "Save"}, follow=True
    )

    token = ApiToken.objects.get()
    (key_message,) = [m for m in response.context["messages"] if "new key" in str(m)]
    key = str(key_message).split(" is ", 1)[1].split(" ", 1)[0]
    assert (token.user, token.name, token.created_by) == (owner, "guide app", editor)
    assert key.startswith(f"cmm_{token.prefix}_")
    assert ApiToken.find(key) == token
    assert token.digest == ApiToken.hash_key(key)
    assert key not in token.digest
    # The next page no longer shows it, and the token's own page never does.
    assert key not in editor_client.get(url("changelist")).text
    detail = editor_client.get(url("change", token.pk)).text
    assert key not in detail
    assert token.digest not in detail


def test_token_list_shows_prefix_owner_and_dates_but_never_the_digest(editor_client):
    token, _ = ApiToken.issue(user=UserFactory(), name="feed reader")

    response = editor_client.get(url("changelist"))

    assert token.prefix in response.text
    assert token.digest not in response.text
    assert list(response.context["cl"].list_display)[1:] == [
        "name",
        "prefix",
        "user",
        "created",
        "last_used",
        "revoked_at",
    ]


def test_revoke_action_revokes_and_keeps_the_record(editor_client):
    token, key = ApiToken.issue(user=UserFactory(), name="old app")

    editor_client.post(url("changelist"), {"action": "revoke", "_selected_action": [token.pk]})

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiToken.find(key) is None


def test_tokens_cannot_be_deleted(editor_client):
    token, _ = ApiToken.issue(user=UserFactory(), name="kept")

    assert editor_client.post(url("delete", token.pk), {"post": "yes"}).status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_organiser_issues_a_token_only_for_themselves(client):
    organiser = OrganiserFactory()
    someone_else = UserFactory()
    client.force_login(organiser)

    response = client.post(
        url("add"), {"user": someone_else.pk, "name": "my script", "_save": "Save"}
    )

    assert response.status_code == 302
    assert ApiToken.objects.get().user == organiser
    assert any("new key" in str(m) for m in get_messages(response.wsgi_request))


def test_organiser_sees_only_own_tokens(client):
    organiser = OrganiserFactory()
    own, _ = ApiToken.issue(user=organiser, name="mine")
    other, _ = ApiToken.issue(user=UserFactory(), name="theirs")
    client.force_login(organiser)

    response = client.get(url("changelist"))

    assert list(response.context["cl"].queryset) == [own]
    assert client.get(url("change", other.pk)).status_code == 404


def test_organiser_cannot_revoke_another_users_token(client):
    organiser = OrganiserFactory()
    other, _ = ApiToken.issue(user=UserFactory(), name="theirs")
    client.force_login(organiser)

    client.post(url("changelist"), {"action": "revoke", "_selected_action": [other.pk]})

    other.refresh_from_db()
    assert other.revoked_at is None
