import time

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from wei.roles import PROCESS_MANAGER

PASSWORD = "een-lang-wachtwoord-42"


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    # An empty rate-limit count (also in a shared Redis) and room for many posts.
    cache.clear()
    settings.PUBLIC_FORM_RATE_LIMIT = "10000/h"


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True
    return settings


@pytest.fixture
def manager(db):
    user = User.objects.create_user("petra", "petra@gemeente.example.nl", PASSWORD,
                                    is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=PROCESS_MANAGER)[0])
    return user


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("beheerder", "beheer@gemeente.example.nl", PASSWORD)


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the authenticator app would show now (or `steps_ahead` steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def log_in(client, username, password=PASSWORD, **extra):
    return client.post("/inloggen/", {"username": username, "password": password, **extra})


@pytest.fixture
def invitation_link(db, django_capture_on_commit_callbacks):
    """The 'yes or no' page of a real invitation to a decision meeting."""
    import datetime
    import re

    from django.core import mail

    from nieuweroute import services
    from tests.nieuweroute.factories import ConversationFactory, ParticipantFactory, RouteFactory

    route = RouteFactory(meeting_date=datetime.date.today() + datetime.timedelta(days=20))
    conversation = ConversationFactory(route=route, participant=ParticipantFactory(),
                                       confirmed_email="jan@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_send(route=route, participant=conversation.participant,
                                 base_url="http://testserver/")
    return re.search(r"http://testserver(/nieuwe-route/uitnodiging/[^/\s]+/)",
                     mail.outbox[-1].body).group(1)
