import pytest
from django.contrib.auth.models import AnonymousUser

from tests.roles.world import build_world


@pytest.fixture(autouse=True)
def _roles_only(settings):
    # What each role sees is the question here; the second login step has tests of its own
    # (tests/security), and a fast hasher keeps the nine accounts cheap.
    settings.TWO_FACTOR_REQUIRED = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        return build_world()


@pytest.fixture
def client_for(client, world):
    """A test client logged in as `role` ("anonymous": not logged in)."""

    def login(role):
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        return client

    return login


def user_of(world, role):
    return AnonymousUser() if role == "anonymous" else world.users[role]
