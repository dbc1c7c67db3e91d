"""The two back-office roles and the permissions each one carries.

Editors look after the whole directory: every model permission of the core, memorials
and events apps (history records included) and the right to publish anniversary events.
Organisers are staff members of one or more organisations (through
`events.Membership`); the admin limits them to their own organisations' events, which
they may draft and submit for review, and lets them read the rest of the directory.

The groups are made by `setup_roles()`, which `manage.py setup_roles`, the demo loader
and the tests call; running it again puts each group back to exactly these permissions.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

EDITORS = "Editors"
ORGANISERS = "Organisers"

EDITOR_APPS = ("core", "memorials", "events")

ORGANISER_PERMISSIONS = (
    # Their own organisations' events; the admin narrows the rows and the statuses.
    "events.view_anniversaryevent",
    "events.add_anniversaryevent",
    "events.change_anniversaryevent",
    "events.delete_anniversaryevent",
    # The rest of the directory is for reading only.
    "memorials.view_historicalevent",
    "memorials.view_memorial",
    "memorials.view_photo",
    "events.view_article",
    "events.view_articleauthor",
    # Their own API tokens (the admin shows each organiser only the tokens they own).
    "core.view_apitoken",
    "core.add_apitoken",
    "core.change_apitoken",
)


def _permissions(names: tuple[str, ...]) -> list[Permission]:
    query = Q()
    for name in names:
        app_label, codename = name.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query).select_related("content_type"))
    if len(found) != len(names):
        known = {f"{p.content_type.app_label}.{p.codename}" for p in found}
        missing = sorted(set(names) - known)
        raise LookupError(f"Unknown permissions: {', '.join(missing)}")
    return found


@transaction.atomic
def setup_roles() -> tuple[Group, Group]:
    """Create or update the Editors and Organisers groups; returns (editors, organisers).

    Idempotent: permissions added to a group by hand are removed again. Makes the
    permission rows first, so it also works before `post_migrate` has run (in a data
    migration or a fresh test database). A handful of queries.
    """
    for app_label in EDITOR_APPS:
        create_permissions(apps.get_app_config(app_label), verbosity=0)

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(Permission.objects.filter(content_type__app_label__in=EDITOR_APPS))

    organisers, _ = Group.objects.get_or_create(name=ORGANISERS)
    organisers.permissions.set(_permissions(ORGANISER_PERMISSIONS))
    return editors, organisers


def is_editor(user) -> bool:
    """A superuser or an active member of the Editors group. One query unless superuser."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=EDITORS).exists()
