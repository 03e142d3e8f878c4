"""The staff roles, as Django groups, and the model permissions each one holds.

Each app grants its own models to the roles in a data migration of its own, so
the grants stay beside the models they are about.
"""

from django.contrib.auth.management import create_permissions

PROCESS_MANAGER = "Procesmanager"
FACILITATOR = "Begeleider"
STEERING_MEMBER = "Stuurgroeplid"
ROLES = (PROCESS_MANAGER, FACILITATOR, STEERING_MEMBER)


def ensure_permissions(apps):
    """Create the permission rows now rather than after the whole migrate run.

    Django adds permissions in a post_migrate signal; a data migration that
    hands them to groups would otherwise find none on a fresh database.
    """
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, app_label: str, grants: dict[str, list[str]]):
    """Give each role in `grants` the permissions named there ("view_process", …)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ensure_permissions(apps)
    for role, codenames in grants.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise LookupError(f"Unknown permissions for {app_label}: {sorted(missing)}")
        group.permissions.add(*permissions)


def roles_of(user) -> frozenset[str]:
    """The role groups this user holds; asked once per request (kept on the user object,
    which lives as long as the request), however many links and checks need it."""
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    cached = getattr(user, "_wijkkompas_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._wijkkompas_roles = cached
    return cached


def works_in_product(user) -> bool:
    """Process managers and facilitators work in the product's own pages (and superusers)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or bool(roles_of(user) & {PROCESS_MANAGER, FACILITATOR})


def works_in_admin(user) -> bool:
    """Steering-group members (and superusers) work in the Django admin."""
    if not (user and user.is_authenticated and user.is_active and user.is_staff):
        return False
    return user.is_superuser or STEERING_MEMBER in roles_of(user)
