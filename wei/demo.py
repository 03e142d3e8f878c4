from django.contrib.auth.models import Group, User

from wei.roles import PROCESS_MANAGER

DEMO_USERNAME = "procesmanager"
DEMO_PASSWORD = "wijkkompas-demo"


def demo_process_manager() -> User:
    user, created = User.objects.get_or_create(
        username=DEMO_USERNAME,
        defaults={"first_name": "Petra", "last_name": "de Vries", "is_staff": True,
                  "email": "procesmanager@example.org"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=PROCESS_MANAGER))
    return user


def seed(*, scale: int, out) -> None:
    demo_process_manager()
    out.write(f"Demo login (process manager): {DEMO_USERNAME} / {DEMO_PASSWORD}")
