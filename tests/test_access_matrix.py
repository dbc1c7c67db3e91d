"""Who may do what, stated once and checked against both the back office and the API.

The tables below state the access policy (`core.access`, and the anniversary events' own
policy in `events.models`) as outcomes. Every cell runs as its own test against each
interface, so the admin and the API cannot drift apart unnoticed.

Roles: `anonymous`; `organiser_a` and `organiser_b`, staff in the Organisers group and
members of organisation A or B; `editor`, staff in the Editors group. The event belongs
to organisation A; `create` makes a new event of organisation A in the column's status.

How each interface answers an outcome:

- `allowed`: API 200 (204 for a delete, 201 for a create); admin 200 for a page, a redirect
  (302) after a write. The record changed as asked, and nothing else did.
- `forbidden`: API 401 for anonymous clients, 403 otherwise; admin 403 for the write, and a
  page the user may see is shown read-only.
- `not-found`: 404 from both.
- `refused(fields)`: the user may write the record, but not these values (a status they
  may not choose, an organisation they do not belong to). API 400 naming the fields; admin
  the form again (200) with errors on those fields.

Three rules of the interfaces, not of the policy:

- A role that may not write a kind of record at all is refused before the record is
  looked up (API 401/403, admin 403), so such a write is `forbidden` even where reading is
  `not-found`: the answer does not say whether the record exists.
- The admin is for signed-in staff: it sends every anonymous request to its login page,
  whatever the table says (anonymous visitors read public records through the API).
- The admin publishes with the "Publish" action (`admin_action`), offered to editors only:
  for every other outcome the action is not offered and a forged POST changes nothing.
  Publishing through the change form's status field (`admin_form`) answers like a change.

After every write that is not `allowed`, the stored row and its history are exactly as
they were.
"""

import dataclasses
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from events.admin import AnniversaryEventAdminForm
from events.models import AnniversaryEvent
from memorials.models import Memorial
from tests.admin_forms import admin_form_data
from tests.factories import (
    AnniversaryEventFactory,
    ArticleFactory,
    EditorFactory,
    HistoricalEventFactory,
    MemorialFactory,
    OrganisationFactory,
    OrganiserFactory,
)

pytestmark = pytest.mark.django_db
Status = AnniversaryEvent.Status


@dataclasses.dataclass(frozen=True)
class Refused:
    """The user may write the record, but not these values: the answer names `fields`."""

    fields: tuple[str, ...]

    def __str__(self):
        return f"refused({','.join(self.fields)})"


ALLOWED = A = "allowed"
FORBIDDEN = F = "forbidden"
NOT_FOUND = N = "not-found"
STATUS = Refused(("status",))
ORG = Refused(("organisation",))
ORG_STATUS = Refused(("organisation", "status"))

# fmt: off
EVENT_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.PUBLISHED, Status.CANCELLED)
EVENT_MATRIX = {
    #                            draft   submitted  published   cancelled
    "see":     {"anonymous":    (N,      N,         A,          A),
                "organiser_a":  (A,      A,         A,          A),
                "organiser_b":  (N,      N,         A,          A),
                "editor":       (A,      A,         A,          A)},
    "create":  {"anonymous":    (F,      F,         F,          F),
                "organiser_a":  (A,      A,         STATUS,     STATUS),
                "organiser_b":  (ORG,    ORG,       ORG_STATUS, ORG_STATUS),
                "editor":       (A,      A,         A,          A)},
    "change":  {"anonymous":    (F,      F,         F,          F),
                "organiser_a":  (A,      A,         F,          F),
                "organiser_b":  (N,      N,         F,          F),
                "editor":       (A,      A,         A,          A)},
    "publish": {"anonymous":    (F,      F,         F,          F),
                "organiser_a":  (STATUS, STATUS,    F,          F),
                "organiser_b":  (N,      N,         F,          F),
                "editor":       (A,      A,         A,          A)},
    "delete":  {"anonymous":    (F,      F,         F,          F),
                "organiser_a":  (A,      A,         F,          F),
                "organiser_b":  (N,      N,         F,          F),
                "editor":       (A,      A,         A,          A)},
}

# Memorials and articles follow the `core.access` defaults.
CATALOGUE_STATES = ("unpublished", "published")
CATALOGUE_MATRIX = {
    #                            unpublished  published
    "see":     {"anonymous":    (N,           A),
                "organiser_a":  (N,           A),
                "editor":       (A,           A)},
    "change":  {"anonymous":    (F,           F),
                "organiser_a":  (F,           F),
                "editor":       (A,           A)},
}
# fmt: on

# The ways each interface does an action.
WAYS = {
    "see": ("api", "admin"),
    "create": ("api", "admin"),
    "change": ("api", "admin"),
    "publish": ("api", "admin_action", "admin_form"),
    "delete": ("api", "admin"),
}


def event_cells(*actions: str) -> list:
    return [
        pytest.param(
            way, action, role, status, expected, id=f"{way}-{action}-{role}-{status}-{expected}"
        )
        for action in actions
        for way in WAYS[action]
        for role, outcomes in EVENT_MATRIX[action].items()
        for status, expected in zip(EVENT_STATUSES, outcomes, strict=True)
    ]


def catalogue_cells() -> list:
    return [
        pytest.param(
            way, model, action, role, state, expected,
            id=f"{way}-{model._meta.model_name}-{action}-{role}-{state}-{expected}",
        )
        for model in (Memorial, Article)
        for action, by_role in CATALOGUE_MATRIX.items()
        for way in WAYS[action]
        for role, outcomes in by_role.items()
        for state, expected in zip(CATALOGUE_STATES, outcomes, strict=True)
    ]  # fmt: skip


# --- the people and the records --------------------------------------------------------


@pytest.fixture
def org_a():
    return OrganisationFactory(name="Organisation A", slug="org-a")


@pytest.fixture
def org_b():
    return OrganisationFactory(name="Organisation B", slug="org-b")


@pytest.fixture
def historical_event():
    return HistoricalEventFactory(slug="khojaly", start_date=datetime.date(1992, 2, 26))


@pytest.fixture
def as_role(client, api_client, org_a, org_b):
    """`as_role(role, way)`: the user acting as `role` (None for anonymous) and the
    interface's test client, signed in as them."""

    def sign_in(role: str, way: str):
        user = {
            "anonymous": lambda: None,
            "organiser_a": lambda: OrganiserFactory(organisations=[org_a]),
            "organiser_b": lambda: OrganiserFactory(organisations=[org_b]),
            "editor": EditorFactory,
        }[role]()
        http = api_client if way == "api" else client
        if user is not None:
            http.force_login(user)
        return user, http

    return sign_in


def stored(record) -> dict:
    """The record's row as the database holds it (None once deleted), and its history."""
    return {
        "row": type(record).objects.filter(pk=record.pk).values().first(),
        "history": record.history.count(),
    }


def changed_columns(before: dict, after: dict) -> set[str]:
    return {name for name, value in after["row"].items() if before["row"][name] != value}


def admin_url(model, name: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}", args=args)


# --- how each interface answers what is not allowed ----------------------------------------


def assert_api_answers(response, expected, user) -> None:
    """The API's answer to an outcome other than `allowed`."""
    if isinstance(expected, Refused):
        assert response.status_code == 400, response.content
        named = {error["field"] for error in response.json()["errors"]}
        assert set(expected.fields) <= named
    elif expected == NOT_FOUND:
        assert response.status_code == 404, response.content
    else:
        assert response.status_code == (401 if user is None else 403), response.content


def assert_sent_to_login(response) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def assert_admin_answers(http, response, expected, page_url=None) -> None:
    """The admin's answer to a write whose outcome is not `allowed` (signed in)."""
    if isinstance(expected, Refused):
        assert response.status_code == 200
        assert set(expected.fields) <= set(response.context["adminform"].form.errors)
    elif expected == NOT_FOUND:
        assert response.status_code == 404
    else:
        assert response.status_code == 403
        page = http.get(page_url) if page_url is not None else None
        if page is not None and page.status_code == 200:  # a page the user may see
            assert page.context["has_change_permission"] is False


# --- anniversary events: see, change, publish, delete ---------------------------------------


@pytest.mark.parametrize(
    ("way", "action", "role", "status", "expected"),
    event_cells("see", "change", "publish", "delete"),
)
def test_anniversary_event(as_role, org_a, historical_event, way, action, role, status, expected):
    event = AnniversaryEventFactory(
        title="Vigil",
        organisation=org_a,
        historical_event=historical_event,
        memorial=None,
        venue_city="The Hague",
        status=status,
        cancellation_note="Storm warning." if status == Status.CANCELLED else "",
    )
    before = stored(event)
    user, http = as_role(role, way)

    EVENT_CHECKS[way, action](http, user, event, expected)

    after = stored(event)
    if action == "see" or expected != ALLOWED:
        assert after == before
    elif action == "delete":
        assert after["row"] is None
    elif action == "change":
        assert changed_columns(before, after) == {"title", "search_document", "updated"}
        assert after["row"]["title"] == "Renamed vigil"
        assert event.history.latest().history_user == user
    elif action == "publish":
        # is_public is the database's own reading of the status.
        assert changed_columns(before, after) <= {
            "status",
            "is_public",
            "cancellation_note",
            "updated",
        }
        assert (after["row"]["status"], after["row"]["cancellation_note"]) == ("published", "")
        if status != Status.PUBLISHED:
            assert event.history.latest().history_user == user


def api_see(http, user, event, expected):
    item = http.get(f"/api/v1/events/{event.slug}/")
    listed = [row["slug"] for row in http.get("/api/v1/events/").json()["results"]]

    if expected == ALLOWED:
        assert item.status_code == 200
        assert item.json()["status"] == event.status
    else:
        assert_api_answers(item, expected, user)
    assert (event.slug in listed) == (expected == ALLOWED)


def api_patch(http, user, event, expected, changes: dict):
    response = http.patch(f"/api/v1/events/{event.slug}/", changes, format="json")

    if expected == ALLOWED:
        assert response.status_code == 200, response.content
        assert response.json().items() >= changes.items()
    else:
        assert_api_answers(response, expected, user)


def api_delete(http, user, event, expected):
    response = http.delete(f"/api/v1/events/{event.slug}/")

    if expected == ALLOWED:
        assert response.status_code == 204, response.content
    else:
        assert_api_answers(response, expected, user)


def admin_see(http, user, event, expected):
    page = http.get(admin_url(AnniversaryEvent, "change", event.pk))
    changelist = http.get(admin_url(AnniversaryEvent, "changelist"))

    if user is None:
        assert_sent_to_login(page)
        assert_sent_to_login(changelist)
        return
    assert page.status_code == (200 if expected == ALLOWED else 404)
    assert (event in changelist.context["cl"].queryset) == (expected == ALLOWED)


def event_form_data(event, **changes) -> dict:
    """The admin change form of `event` as a browser posts it, with `changes`. Made from
    the stored event, not from a page, so it is the same for every role (a read-only page
    has no form to copy)."""
    data = {}
    for name in AnniversaryEventAdminForm.Meta.fields:
        value = getattr(event, event._meta.get_field(name).attname)
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value)
            data[f"{name}_0"] = local.date().isoformat()
            data[f"{name}_1"] = local.time().isoformat()
        elif value is not None:
            data[name] = str(value)
    return {**data, **changes}


def admin_change_form(http, user, event, expected, changes: dict):
    change_url = admin_url(AnniversaryEvent, "change", event.pk)
    response = http.post(change_url, event_form_data(event, **changes))

    if user is None:
        assert_sent_to_login(response)
    elif expected == ALLOWED:
        assert response.status_code == 302, response.context["adminform"].form.errors
    else:
        assert_admin_answers(http, response, expected, change_url)


def admin_publish_action(http, user, event, expected):
    changelist_url = admin_url(AnniversaryEvent, "changelist")
    forged = {"action": "publish_events", "_selected_action": [event.pk]}

    if user is None:
        assert_sent_to_login(http.post(changelist_url, forged))
        return
    offered = http.get(changelist_url).context["action_form"].fields["action"].choices
    assert ("publish_events" in dict(offered)) == (expected == ALLOWED)
    assert http.post(changelist_url, forged).status_code == 302


def admin_delete(http, user, event, expected):
    delete_url = admin_url(AnniversaryEvent, "delete", event.pk)
    page = http.get(delete_url)

    response = http.post(delete_url, {"post": "yes"})

    if user is None:
        assert_sent_to_login(page)
        assert_sent_to_login(response)
    elif expected == ALLOWED:
        assert page.status_code == 200
        assert response.status_code == 302
    else:
        assert page.status_code == response.status_code  # the confirmation page answers alike
        assert_admin_answers(http, response, expected)


RENAME = {"title": "Renamed vigil"}
PUBLISH = {"status": "published"}
EVENT_CHECKS = {
    ("api", "see"): api_see,
    ("api", "change"): lambda *args: api_patch(*args, RENAME),
    ("api", "publish"): lambda *args: api_patch(*args, PUBLISH),
    ("api", "delete"): api_delete,
    ("admin", "see"): admin_see,
    ("admin", "change"): lambda *args: admin_change_form(*args, RENAME),
    ("admin_action", "publish"): admin_publish_action,
    ("admin_form", "publish"): lambda *args: admin_change_form(*args, PUBLISH),
    ("admin", "delete"): admin_delete,
}


# --- anniversary events: create ---------------------------------------------------------


@pytest.mark.parametrize(("way", "action", "role", "status", "expected"), event_cells("create"))
def test_anniversary_event_creation(
    as_role, org_a, historical_event, way, action, role, status, expected
):
    user, http = as_role(role, way)
    note = "Storm warning." if status == Status.CANCELLED else ""

    CREATE_CHECKS[way](http, user, org_a, historical_event, status, note, expected)

    if expected == ALLOWED:
        event = AnniversaryEvent.objects.get()
        assert (event.title, event.organisation, event.status, event.cancellation_note) == (
            "New vigil",
            org_a,
            status,
            note,
        )
        assert event.created_by == user
        assert event.history.get().history_user == user
    else:
        assert not AnniversaryEvent.objects.exists()


def api_create(http, user, org_a, historical_event, status, note, expected):
    payload = {
        "title": "New vigil",
        "historical_event": historical_event.slug,
        "organisation": org_a.slug,
        "starts_at": "2031-02-26T10:00:00Z",
        "ends_at": "2031-02-26T12:00:00Z",
        "time_zone": "Europe/Amsterdam",
        "status": status,
        **({"cancellation_note": note} if note else {}),
    }

    response = http.post("/api/v1/events/", payload, format="json")

    if expected == ALLOWED:
        assert response.status_code == 201, response.content
    else:
        assert_api_answers(response, expected, user)


def admin_create(http, user, org_a, historical_event, status, note, expected):
    add_url = admin_url(AnniversaryEvent, "add")
    page = http.get(add_url)

    response = http.post(
        add_url,
        {
            "title": "New vigil",
            "organisation": org_a.pk,
            "status": status,
            "cancellation_note": note,
            "historical_event": historical_event.pk,
            "starts_at_0": "2031-02-26",
            "starts_at_1": "10:00:00",
            "ends_at_0": "2031-02-26",
            "ends_at_1": "12:00:00",
            "time_zone": "Europe/Amsterdam",
        },
    )

    if user is None:
        assert_sent_to_login(page)
        assert_sent_to_login(response)
        return
    # Organisers open the add page: they create events for their own organisations.
    assert page.status_code == (403 if expected == FORBIDDEN else 200)
    if expected == ALLOWED:
        assert response.status_code == 302, response.context["adminform"].form.errors
    else:
        assert_admin_answers(http, response, expected)


CREATE_CHECKS = {"api": api_create, "admin": admin_create}


# --- memorials and articles -----------------------------------------------------------------

CATALOGUE = {
    # `derived`: what save() derives from the name (core.models.DerivedFieldsModel).
    Memorial: {
        "factory": MemorialFactory,
        "path": "/api/v1/memorials/",
        "name": "name",
        "derived": {"search_document", "sort_name"},
    },
    Article: {
        "factory": ArticleFactory,
        "path": "/api/v1/articles/",
        "name": "title",
        "derived": {"search_document"},
    },
}


@pytest.mark.parametrize(("way", "model", "action", "role", "state", "expected"), catalogue_cells())
def test_memorial_and_article(as_role, way, model, action, role, state, expected):
    spec = CATALOGUE[model]
    record = spec["factory"](is_published=state == "published")
    before = stored(record)
    user, http = as_role(role, way)

    check = catalogue_api if way == "api" else catalogue_admin
    check(http, user, record, action, {spec["name"]: "Renamed"}, expected)

    after = stored(record)
    if action == "change" and expected == ALLOWED:
        assert changed_columns(before, after) == {spec["name"], *spec["derived"], "updated"}
        assert record.history.latest().history_user == user
    else:
        assert after == before


def catalogue_api(http, user, record, action, rename, expected):
    url = f"{CATALOGUE[type(record)]['path']}{record.slug}/"

    response = http.get(url) if action == "see" else http.patch(url, rename, format="json")

    if expected == ALLOWED:
        assert response.status_code == 200, response.content
    else:
        assert_api_answers(response, expected, user)


def catalogue_admin(http, user, record, action, rename, expected):
    change_url = admin_url(type(record), "change", record.pk)

    if action == "see":
        response = http.get(change_url)
    elif expected == ALLOWED:
        response = http.post(change_url, admin_form_data(http.get(change_url), **rename))
    else:
        response = http.post(change_url, rename)  # refused before the form is read

    if user is None:
        assert_sent_to_login(response)
    elif action == "see":
        assert response.status_code == (200 if expected == ALLOWED else 404)
    elif expected == ALLOWED:
        assert response.status_code == 302, response.context["adminform"].form.errors
    else:
        assert_admin_answers(http, response, expected, change_url)
