"""A password alone never binds a first authenticator app: enrolling needs a one-time,
expiring link that a superuser issues (admin action, or `reset_two_factor`), and the
owner is e-mailed when an app is added or removed."""

import datetime
import io
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import EnrolmentLink
from core.two_factor import services
from tests.security.conftest import code_for, enrol, log_in

pytestmark = pytest.mark.django_db

SETUP = reverse("two_factor:setup")


def path_of(link: str) -> str:
    return urlsplit(link).path


def test_a_password_alone_shows_no_secret_and_binds_no_app(client, manager, required):
    assert log_in(client, "petra").url.startswith(SETUP)
    page = client.get(SETUP)
    html = page.content.decode()
    assert page.status_code == 200
    assert "enrolment link" in html or "inschrijflink" in html
    assert "two-factor-secret" not in html and "<svg" not in html
    assert not TOTPDevice.objects.filter(user=manager).exists()
    # Posting a code anyway sets nothing up.
    client.post(SETUP, {"otp_token": "123456"})
    assert not services.has_device(manager)
    assert client.get("/dashboard/").url.startswith(SETUP)


def test_the_link_after_the_password_enrols_once_and_mails_the_owner(client, manager,
                                                                    required):
    link = path_of(services.issue_enrolment_link(user=manager))
    # Opened before logging in: the login leads back to it, then to the QR code.
    response = client.get(link)
    assert response.status_code == 302 and reverse("login") in response.url
    response = log_in(client, "petra", next=link)
    assert response.url == link
    assert client.get(link).url == SETUP
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    done = client.post(SETUP, {"otp_token": code_for(device)})
    assert "Uw reservecodes" in done.content.decode()
    assert client.get("/dashboard/").status_code == 200
    assert EnrolmentLink.objects.get().used_at is not None
    added = [m for m in mail.outbox if m.to == ["petra@gemeente.example.nl"]]
    assert len(added) == 1 and "toegevoegd" in added[0].subject
    # Used up: the same link cannot bind a second app after a reset.
    TOTPDevice.objects.filter(user=manager).delete()
    other = type(client)()
    log_in(other, "petra")
    assert other.get(link).status_code == 400


def test_an_expired_link_or_another_accounts_link_is_refused(client, manager, superuser,
                                                            required):
    mine = path_of(services.issue_enrolment_link(user=manager))
    theirs = path_of(services.issue_enrolment_link(user=superuser))
    log_in(client, "petra")
    assert client.get(theirs).status_code == 400
    EnrolmentLink.objects.filter(user=manager).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1))
    refused = client.get(mine)
    assert refused.status_code == 400 and "superuser" in refused.content.decode()
    assert "two-factor-secret" not in client.get(SETUP).content.decode()


def test_a_new_link_replaces_the_old_one(client, manager, required):
    old = path_of(services.issue_enrolment_link(user=manager))
    new = path_of(services.issue_enrolment_link(user=manager))
    log_in(client, "petra")
    assert client.get(old).status_code == 400
    assert client.get(new).url == SETUP


def test_a_superuser_issues_links_in_the_admin(admin_client, manager):
    response = admin_client.post(reverse("admin:auth_user_changelist"), {
        "action": "issue_enrolment_links", "_selected_action": [manager.pk]})
    html = response.content.decode()
    assert response.status_code == 200
    link = re.search(r'class="enrolment-link">(http[^<]+)<', html).group(1)
    assert services.enrolment_link(user=manager, token=path_of(link).rstrip("/").split("/")[-1])
    assert EnrolmentLink.objects.get().issued_by.is_superuser


def test_the_reset_command_prints_a_new_link(manager):
    enrol(manager)
    out = io.StringIO()
    call_command("reset_two_factor", "petra", stdout=out)
    link = re.search(r"(http\S+/inschrijven/\S+/)", out.getvalue()).group(1)
    assert services.enrolment_link(user=manager, token=path_of(link).split("/")[-2])


def test_the_owner_is_mailed_when_the_app_is_removed(admin_client, manager):
    device = enrol(manager)
    admin_client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]),
                      {"post": "yes"})
    removed = [m for m in mail.outbox if m.to == ["petra@gemeente.example.nl"]]
    assert len(removed) == 1 and "verwijderd" in removed[0].subject
    enrol(manager)
    call_command("reset_two_factor", "petra", stdout=io.StringIO())
    assert len([m for m in mail.outbox if m.to == ["petra@gemeente.example.nl"]]) == 2


def test_the_demo_login_of_make_run_stays_one_step(client, manager, settings):
    settings.TWO_FACTOR_REQUIRED = False
    response = log_in(client, "petra")
    assert response.status_code == 302 and response.url == reverse("dashboard:overview")
    assert client.get("/dashboard/").status_code == 200
