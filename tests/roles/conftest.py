import copy

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.roles.world import build_world


@pytest.fixture(autouse=True)
def _roles_only(settings):
    # What each role sees is the question here; the second login step has tests of its own
    # (tests/security). The accounts are cheap through the tests' own hashers (tests/hashers.py).
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture(scope="module")
def _world_of_the_module(django_db_setup, django_db_blocker):
    """The world, built once per test module in a transaction that is rolled back when the
    module is done; each test runs in a savepoint inside it (pytest-django's `db`), so what
    a test writes is gone before the next one, as if the world had been built for it alone.
    Returns the world and the e-mail its building sent."""
    from django.core import mail
    from django.db import transaction
    from django.test import TestCase, override_settings

    # As a test would build it: Dutch, one login step, its on-commit work never run.
    with (django_db_blocker.unblock(),
          override_settings(LANGUAGE_CODE="nl", TWO_FACTOR_REQUIRED=False)):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            outbox, mail.outbox = getattr(mail, "outbox", None), []
            with TestCase.captureOnCommitCallbacks(execute=False):
                built = build_world()
            sent = list(mail.outbox)
            mail.outbox = outbox
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield built, sent
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(request, _world_of_the_module, db):
    """A copy of the module's world for this test, which may change its rows and objects."""
    from django.core import mail

    assert not {"transactional_db", "live_server"} & set(request.fixturenames), (
        "The shared world lives in a transaction: a transactional test cannot use it.")
    built, sent = _world_of_the_module
    mail.outbox[:] = sent  # what a freshly built world would have left there
    return copy.deepcopy(built)


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
