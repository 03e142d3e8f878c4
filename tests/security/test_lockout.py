"""Login lockout (django-axes): wrong passwords and wrong codes count alike."""

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory

from core.client_ip import client_ip
from tests.security.conftest import code_for, enrol, log_in

pytestmark = pytest.mark.django_db

TOKEN = "/inloggen/code/"


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


def test_after_the_limit_even_the_right_password_is_refused(client, manager):
    for _ in range(2):
        response = log_in(client, "petra", "fout")
        assert response.status_code == 200
        assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
    locked = log_in(client, "petra", "fout")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Te veel pogingen" in html and "Probeer het over 15 minuten opnieuw" in html
    assert log_in(client, "petra").status_code == 429
    assert not client.get("/").context["user"].is_authenticated


def test_the_account_is_locked_from_another_address_too(manager):
    for _ in range(3):
        log_in(Client(REMOTE_ADDR="192.0.2.1"), "petra", "fout")
    assert log_in(Client(REMOTE_ADDR="198.51.100.7"), "petra").status_code == 429


def test_an_address_trying_many_accounts_is_locked(manager, db):
    attacker = Client(REMOTE_ADDR="192.0.2.1")
    for name in ("anna", "bert", "carla"):
        log_in(attacker, name, "fout")
    assert log_in(attacker, "petra").status_code == 429
    assert log_in(Client(REMOTE_ADDR="198.51.100.7"), "petra").status_code == 302


def test_wrong_codes_count_as_failed_logins(client, manager, required):
    device = enrol(manager)
    log_in(client, "petra")
    for _ in range(2):
        assert client.post(TOKEN, {"otp_token": "000000"}).status_code == 200
    locked = client.post(TOKEN, {"otp_token": "000000"})
    assert locked.status_code == 429
    assert "Te veel pogingen" in locked.content.decode()
    # Starting again with the password does not help while the lockout lasts.
    assert log_in(client, "petra").status_code == 429
    assert client.post(TOKEN, {"otp_token": code_for(device)}).status_code != 302


def test_a_superuser_lifts_the_lockout(client, manager):
    for _ in range(3):
        log_in(client, "petra", "fout")
    call_command("axes_reset_username", "petra", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert log_in(client, "petra").status_code == 302


def test_the_lockout_log_holds_no_password(client, manager):
    from axes.models import AccessAttempt

    log_in(client, "petra", "mijn-geheime-poging")
    attempt = AccessAttempt.objects.get()
    assert "mijn-geheime-poging" not in attempt.post_data


@pytest.mark.parametrize(("proxies", "forwarded", "expected"), [
    (0, "203.0.113.9", "10.0.0.2"),  # no proxy configured: the header is ignored
    (1, "203.0.113.9", "203.0.113.9"),
    (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the left entry was typed by the client
    (2, "6.6.6.6, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
    (2, "203.0.113.9", "10.0.0.2"),  # did not pass both proxies
    (1, "niet-een-adres", "10.0.0.2"),
    (1, "", "10.0.0.2"),
])
def test_client_address_behind_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_no_address_is_stored_as_unknown(settings):
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) is None


def test_resetting_the_second_factor_lifts_the_lockout_too(client, manager):
    for _ in range(3):
        log_in(client, "petra", "fout")
    call_command("reset_two_factor", "petra", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert log_in(client, "petra").status_code == 302


def test_logging_in_to_an_own_account_does_not_wipe_the_count(manager):
    from django.contrib.auth.models import User

    User.objects.create_user("mallory", password="mallory-heeft-een-account")
    attacker = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(2):
        log_in(attacker, "petra", "gok")
    assert log_in(attacker, "mallory", "mallory-heeft-een-account").status_code == 302
    attacker.post("/uitloggen/")
    assert log_in(attacker, "petra", "gok").status_code == 429
