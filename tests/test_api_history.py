"""Writes through the API leave the same change history as the back office."""

import pytest

from core.models import ApiToken
from events.models import AnniversaryEvent
from tests.factories import AnniversaryEventFactory, MembershipFactory, OrganiserFactory

pytestmark = pytest.mark.django_db


def test_an_event_changed_with_a_token_records_who_changed_it(api_client):
    organiser = OrganiserFactory()
    membership = MembershipFactory(user=organiser)
    event = AnniversaryEventFactory(
        organisation=membership.organisation, status=AnniversaryEvent.Status.DRAFT
    )
    _, key = ApiToken.issue(user=organiser, name="organiser app")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")

    response = api_client.patch(
        f"/api/v1/events/{event.slug}/", {"title": "Renamed"}, format="json"
    )

    assert response.status_code == 200
    latest = event.history.latest()
    assert (latest.title, latest.history_user) == ("Renamed", organiser)


def test_a_status_change_through_the_api_says_so_in_the_history(api_client):
    organiser = OrganiserFactory()
    membership = MembershipFactory(user=organiser)
    event = AnniversaryEventFactory(
        organisation=membership.organisation, status=AnniversaryEvent.Status.DRAFT
    )
    api_client.force_authenticate(organiser)

    response = api_client.patch(
        f"/api/v1/events/{event.slug}/", {"status": "submitted"}, format="json"
    )

    assert response.status_code == 200
    assert event.history.latest().history_change_reason == (
        "Status changed from Draft to Submitted for review (API)"
    )
