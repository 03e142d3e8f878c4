"""What the links in e-mails show and how long they hold.

Decided: a withdraw link holds as long as the sign-up is kept (withdrawing must stay as
easy as signing up, AVG art. 7(3)); it can only withdraw, asks first, and is kept
nowhere but in the resident's mailbox (core.mail). The withdraw pages show no name
or address: whoever holds a forwarded link learns only what it is for. (The confirm
page greets the resident by name; its link works once and for SIGNUP_CONFIRMATION_DAYS.)
"""

import time

import pytest
from django.core import mail
from django.urls import reverse

from initiatives import services
from initiatives.models import SignUp
from tests.initiatives.conftest import links_in
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

VALID = {"name": "Anja de Boer", "email": "anja@example.nl", "postcode": "7941 AB",
         "consent": "on"}


@pytest.fixture
def links(client):
    initiative = InitiativeFactory(title="Buurtkeuken")
    client.post(reverse("initiatives:signup", args=[initiative.slug]), VALID)
    return links_in(mail.outbox[-1])


def test_the_withdraw_pages_do_not_name_the_resident(client, links):
    page = client.get(links["withdraw"])
    html = page.content.decode()
    assert page.status_code == 200 and "Buurtkeuken" in html
    assert "Anja" not in html and "anja@example.nl" not in html
    client.post(links["confirm"])
    withdrawn = client.post(links["withdraw"]).content.decode()
    assert "Anja" not in withdrawn and "anja@example.nl" not in withdrawn


def test_a_withdraw_link_still_holds_years_later(client, monkeypatch):
    initiative = InitiativeFactory()
    signup = services.signup_submit(
        kind="join", initiative=initiative, neighbourhood=initiative.neighbourhood,
        name="Anja", email="anja@example.nl", language="nl", base_url="http://testserver")
    three_years_ago = time.time() - 3 * 365 * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: three_years_ago)
    token = services.withdraw_token(signup)
    monkeypatch.undo()
    url = reverse("initiatives:withdraw", args=[token])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200
    assert SignUp.objects.get().withdrawn_at is not None
