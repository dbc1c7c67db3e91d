"""API authentication: per-user tokens, session with CSRF, and throttling."""

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from core.models import ApiToken
from events.models import AnniversaryEvent
from tests.factories import (
    AnniversaryEventFactory,
    HistoricalEventFactory,
    OrganisationFactory,
    OrganiserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/events/"


@pytest.fixture
def organisation():
    return OrganisationFactory(slug="own-org")


@pytest.fixture
def organiser(organisation):
    return OrganiserFactory(organisations=[organisation])


@pytest.fixture
def new_event(organisation):
    HistoricalEventFactory(slug="khojaly")
    return {
        "title": "Wreath laying",
        "historical_event": "khojaly",
        "organisation": "own-org",
        "starts_at": "2030-02-26T10:00:00Z",
        "ends_at": "2030-02-26T11:00:00Z",
    }


def test_organiser_creates_an_event_with_a_bearer_token(api_client, organiser, new_event):
    _, key = ApiToken.issue(user=organiser, name="calendar app")

    response = api_client.post(LIST_URL, new_event, headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 201, response.content
    assert AnniversaryEvent.objects.get().created_by == organiser


def test_token_reads_own_organisation_drafts(api_client, organiser, organisation):
    draft = AnniversaryEventFactory(organisation=organisation, status="draft")
    _, key = ApiToken.issue(user=organiser, name="calendar app")

    response = api_client.get(
        f"/api/v1/events/{draft.slug}/", headers={"Authorization": f"Bearer {key}"}
    )

    assert response.status_code == 200


def test_revoked_token_answers_401_problem_json(api_client, organiser, new_event):
    token, key = ApiToken.issue(user=organiser, name="old app")
    token.revoke()

    response = api_client.post(LIST_URL, new_event, headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Invalid or revoked token."
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert not AnniversaryEvent.objects.exists()


def test_revoked_token_cannot_even_read(api_client, organiser):
    token, key = ApiToken.issue(user=organiser, name="old app")
    token.revoke()

    response = api_client.get(LIST_URL, headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer cmm_abc_def extra", "Bearer not-a-token", "Bearer cmm_000000000000_x"],
)
def test_malformed_authorization_answers_401(api_client, organiser, new_event, header):
    response = api_client.post(LIST_URL, new_event, headers={"Authorization": header})

    assert response.status_code == 401
    assert response.json()["status"] == 401
    assert not AnniversaryEvent.objects.exists()


def test_session_writes_need_the_csrf_token(organiser, new_event):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(organiser)

    response = client.post(LIST_URL, new_event)

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not AnniversaryEvent.objects.exists()


def test_token_writes_need_no_csrf_token(organiser, new_event):
    client = APIClient(enforce_csrf_checks=True)
    _, key = ApiToken.issue(user=organiser, name="calendar app")

    response = client.post(LIST_URL, new_event, headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 201, response.content


def test_anonymous_clients_are_throttled_with_retry_after(api_client, monkeypatch):
    # DRF reads the rates once into the class attribute; patch it there.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": None})

    answers = [api_client.get(LIST_URL) for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[2]["Retry-After"]) > 0
    assert answers[2]["Content-Type"] == "application/problem+json"
    assert answers[2].json()["status"] == 429
