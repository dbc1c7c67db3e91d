"""The default access policy (`core.access`) that memorials and historical events follow,
and the questions every policy answers asked of anniversary events' own.

Everyone reads what is public, editors read and change everything, nobody else changes
anything. Anniversary events have their own policy (tests/test_api_events_*.py).
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from core.roles import is_editor
from events.models import AnniversaryEvent, Organisation
from memorials.models import HistoricalEvent, Memorial, Photo
from tests.factories import (
    AnniversaryEventFactory,
    EditorFactory,
    HistoricalEventFactory,
    MemorialFactory,
    OrganisationFactory,
    OrganiserFactory,
    PhotoFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "anonymous": AnonymousUser(),
        "signed-in": UserFactory(),
        "organiser": OrganiserFactory(organisations=[OrganisationFactory()]),
        "editor": EditorFactory(),
        "superuser": UserFactory(is_superuser=True),
    }


@pytest.fixture
def memorials():
    return MemorialFactory(is_published=True), MemorialFactory(is_published=False)


EDITORS = {"editor", "superuser"}
OTHERS = {"anonymous", "signed-in", "organiser"}


def test_only_editors_see_unpublished_memorials(people, memorials):
    published, unpublished = memorials

    for who, user in people.items():
        expected = {published, unpublished} if who in EDITORS else {published}
        assert set(Memorial.objects.visible_to(user)) == expected, who


def test_everyone_sees_every_historical_event(people):
    events = set(HistoricalEventFactory.create_batch(2))

    for who, user in people.items():
        assert set(HistoricalEvent.objects.visible_to(user)) == events, who


def test_visibility_through_a_relation_is_visible_to(people, memorials):
    """`visible_condition(user, through=...)` is `visible_to(user)` asked of a joined
    row: events at a memorial, photos of a memorial."""
    events = [AnniversaryEventFactory(memorial=memorial) for memorial in memorials]
    photos = [PhotoFactory(memorial=memorial) for memorial in memorials]

    for who, user in people.items():
        visible = set(Memorial.objects.visible_to(user))
        condition = Memorial.objects.visible_condition(user, through="memorial")
        at_visible = {event for event in events if event.memorial in visible}
        assert set(AnniversaryEvent.objects.filter(condition)) == at_visible, who
        of_visible = {photo for photo in photos if photo.memorial in visible}
        assert set(Photo.objects.visible_to(user)) == of_visible, who


def test_only_editors_may_change_memorials_and_historical_events(people, memorials):
    historical_event = HistoricalEventFactory()

    for who, user in people.items():
        may = who in EDITORS
        assert set(Memorial.objects.editable_by(user)) == (set(memorials) if may else set()), who
        assert list(HistoricalEvent.objects.editable_by(user)) == ([historical_event] * may), who
        assert memorials[0].is_editable_by(user) is may, who
        assert historical_event.is_editable_by(user) is may, who


def test_only_editors_may_create_and_publish(people):
    for who, user in people.items():
        may = who in EDITORS
        assert Memorial.can_create(user) is may, who
        assert Memorial.can_publish(user) is may, who
        assert HistoricalEvent.can_create(user) is may, who


def test_an_editor_may_change_a_record_without_a_query(django_assert_num_queries, memorials):
    editor = EditorFactory()
    is_editor(editor)  # asked once per user object, then remembered

    with django_assert_num_queries(0):
        assert memorials[1].is_editable_by(editor) is True


def test_under_the_default_policy_refusing_someone_else_costs_no_query(
    django_assert_num_queries, memorials
):
    organiser = OrganiserFactory()
    is_editor(organiser)

    with django_assert_num_queries(0):  # editable_by() is none(): nothing to ask
        assert memorials[0].is_editable_by(organiser) is False


# --- anniversary events: the same questions, their own policy ------------------------
def test_no_user_is_treated_as_anonymous():
    published = AnniversaryEventFactory()
    AnniversaryEventFactory(status=AnniversaryEvent.Status.DRAFT)

    assert list(AnniversaryEvent.objects.visible_to(None)) == [published]
    assert list(AnniversaryEvent.objects.editable_by(None)) == []
    assert list(Organisation.objects.choosable_by(None)) == []
    assert AnniversaryEvent.can_create(None) is False


def test_editors_may_change_every_anniversary_event():
    events = [
        AnniversaryEventFactory(status=status, cancellation_note="Storm")
        for status in AnniversaryEvent.Status.values
    ]

    assert set(AnniversaryEvent.objects.editable_by(EditorFactory())) == set(events)


def test_an_editor_may_create_events_before_any_organisation_exists():
    assert not Organisation.objects.exists()

    assert AnniversaryEvent.can_create(EditorFactory()) is True
    assert AnniversaryEvent.can_create(OrganiserFactory()) is False


def test_an_editor_sees_the_unpublished_memorial_of_an_event(api_client):
    event = AnniversaryEventFactory(memorial=MemorialFactory(is_published=False))

    anonymous = api_client.get(f"/api/v1/events/{event.slug}/").json()
    api_client.force_authenticate(EditorFactory())
    editor = api_client.get(f"/api/v1/events/{event.slug}/").json()

    assert anonymous["memorial"] is None
    assert editor["memorial"]["slug"] == event.memorial.slug
