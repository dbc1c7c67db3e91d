"""An organiser uses the admin in a real browser and sees only their own events."""

import pytest

from events.models import AnniversaryEvent
from tests.factories import AnniversaryEventFactory, OrganisationFactory, OrganiserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "a-long-test-password"


def test_organiser_logs_in_and_sees_own_event_but_not_other_org(page, admin_login):
    own_org, other_org = OrganisationFactory(name="Own org"), OrganisationFactory()
    OrganiserFactory(username="olga", organisations=[own_org])
    AnniversaryEventFactory(
        organisation=own_org, title="Olga's wreath laying", status=AnniversaryEvent.Status.DRAFT
    )
    AnniversaryEventFactory(
        organisation=other_org, title="Someone else's vigil", status=AnniversaryEvent.Status.DRAFT
    )

    admin_login("olga", PASSWORD)
    page.goto("/admin/events/anniversaryevent/")

    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert "Olga's wreath laying" in rows.first.inner_text()
    assert "Someone else's vigil" not in page.content()


def test_wrong_password_keeps_the_organiser_out(page, admin_login):
    OrganiserFactory(username="olga")

    admin_login("olga", "not-the-password")

    assert "/admin/login/" in page.url
    assert page.locator(".errornote").is_visible()
