"""Back-office roles: groups whose permissions the apps declare.

Each app says what every role gets on its own `AppConfig.roles`: a mapping from a group
name to the permissions the group holds (`"app_label.codename"`), or `ALL` for every
permission of that app. `setup_roles()` collects the declarations of every installed app
and puts each group back to exactly what they add up to; core itself names no model.

**Editor** has one meaning everywhere: an active superuser, or an active member of the
`Editors` group. `is_editor()` is what the access policies (`core.access`) ask.
"""

# Apps import ALL and EDITORS from their AppConfig modules, before models are ready:
# model imports stay inside the functions.
from django.apps import apps
from django.db import transaction
from django.db.models import Q

EDITORS = "Editors"

# In an app's `roles`: every permission of that app (its history models' included).
ALL = "__all__"


def declared_roles() -> dict[str, Q]:
    """{group name: a filter for the permissions it holds}, from every app's `roles`."""
    wanted: dict[str, Q] = {}
    for config in apps.get_app_configs():
        for group, permissions in getattr(config, "roles", {}).items():
            if permissions == ALL:
                query = Q(content_type__app_label=config.label)
            else:
                query = Q(pk__in=[])
                for name in permissions:
                    app_label, codename = name.split(".")
                    query |= Q(content_type__app_label=app_label, codename=codename)
            wanted[group] = wanted.get(group, Q(pk__in=[])) | query
    return wanted


def _declared_names(config) -> list[str]:
    return [
        name
        for permissions in getattr(config, "roles", {}).values()
        if permissions != ALL
        for name in permissions
    ]


@transaction.atomic
def setup_roles() -> dict:
    """Create or update every declared group; returns them by name.

    Idempotent: permissions added to a group by hand are removed again. Makes the
    permission rows first, so it also works before `post_migrate` has run (in a fresh
    test database). Raises LookupError naming any declared permission that does not exist.
    """
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    for config in apps.get_app_configs():
        if config.models_module is not None:
            create_permissions(config, verbosity=0)
    declared = {name for config in apps.get_app_configs() for name in _declared_names(config)}
    known = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }
    if missing := sorted(declared - known):
        raise LookupError(f"Unknown permissions: {', '.join(missing)}")
    groups = {}
    for name, query in declared_roles().items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(query))
        groups[name] = group
    return groups


def is_editor(user) -> bool:
    """An active superuser or an active member of the Editors group.

    One query the first time for a user object, then remembered on it (as Django
    remembers permissions), so a request asks once however many rules consult it.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not hasattr(user, "_is_editor_cache"):
        user._is_editor_cache = user.is_superuser or user.groups.filter(name=EDITORS).exists()
    return user._is_editor_cache
