"""Bad input and abuse: each case changes nothing and never causes a server error."""

import datetime
import runpy
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from initiatives.models import Membership, SignUp
from participants.models import FlowEvent, Participant
from tests.initiatives.conftest import links_in
from tests.initiatives.factories import InitiativeFactory

VALID = {"name": "Anja", "email": "anja@example.nl", "postcode": "7941 AB", "consent": "on"}


@pytest.fixture
def initiative(db):
    return InitiativeFactory()


def signup_url(initiative):
    return reverse("initiatives:signup", args=[initiative.slug])


@pytest.mark.django_db
def test_honeypot_answers_as_usual_but_stores_and_sends_nothing(client, initiative):
    response = client.post(signup_url(initiative), {**VALID, "website": "http://spam.example"})
    assert response.status_code == 200
    assert "Controleer je mailbox" in response.content.decode()
    assert not SignUp.objects.exists() and not mail.outbox


@pytest.mark.django_db
def test_rate_limit_gives_a_friendly_429(client, initiative, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = "3/h"
    for _ in range(3):
        assert client.post(signup_url(initiative), VALID).status_code == 200
    response = client.post(signup_url(initiative), VALID)
    assert response.status_code == 429
    assert "Een moment geduld" in response.content.decode()
    assert SignUp.objects.count() == 3
    # Reading the page is never limited.
    assert client.get(signup_url(initiative)).status_code == 200


@pytest.mark.django_db
def test_the_default_rate_limit_bites(client, initiative, settings, monkeypatch):
    # The limit a deployment gets when its environment does not set one, read from
    # config/settings.py itself: the fixture in conftest.py widens it for the other
    # tests, and the load run (bench/load) widens it through the environment.
    monkeypatch.delenv("PUBLIC_FORM_RATE_LIMIT", raising=False)
    default = runpy.run_path(str(settings.BASE_DIR / "config" / "settings.py"))
    assert default["PUBLIC_FORM_RATE_LIMIT"] == "10/h"
    settings.PUBLIC_FORM_RATE_LIMIT = default["PUBLIC_FORM_RATE_LIMIT"]
    for _ in range(10):
        assert client.post(signup_url(initiative), VALID).status_code == 200
    assert client.post(signup_url(initiative), VALID).status_code == 429
    assert SignUp.objects.count() == 10
    # The count is per address: a neighbour on another connection still gets through.
    assert client.post(signup_url(initiative), VALID, REMOTE_ADDR="192.0.2.7").status_code == 200


@pytest.mark.django_db
def test_csrf_is_required(initiative):
    client = Client(enforce_csrf_checks=True)
    assert client.post(signup_url(initiative), VALID).status_code == 403
    assert not SignUp.objects.exists()


@pytest.mark.django_db
def test_over_long_and_bad_fields_get_dutch_errors_and_keep_what_was_typed(client, initiative):
    data = {**VALID, "name": "A" * 201, "postcode": "0123 XY", "email": "geen-adres",
            "message": "Mijn bericht", "phone": "bel me"}
    data.pop("consent")
    response = client.post(signup_url(initiative), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zorg dat deze waarde niet meer dan 200 tekens bevat" in html
    assert "Vul een Nederlandse postcode in" in html
    assert "Voer een geldig e-mailadres in" in html
    assert "Zonder je toestemming" in html
    assert "Vul een telefoonnummer in" in html
    assert "Mijn bericht" in html  # kept
    assert not SignUp.objects.exists()


@pytest.mark.django_db
def test_script_typed_by_a_resident_is_escaped_in_pages_and_mails(client, initiative, settings):
    script = "<script>alert(1)</script>"
    client.post(signup_url(initiative), {**VALID, "name": f"Eve {script}", "message": script})
    request_mail = mail.outbox[0]
    html = request_mail.alternatives[0][0]
    assert script not in html and "&lt;script&gt;" in html
    response = client.get(links_in(request_mail)["confirm"])
    assert script not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()
    initiative.process.managers.create(username="pm", email="pm@example.nl")
    client.post(links_in(request_mail)["confirm"])
    staff = next(m for m in mail.outbox if m.to == ["pm@example.nl"])
    assert script not in staff.alternatives[0][0]
    assert "\n" not in staff.subject


@pytest.mark.django_db
def test_escaped_in_the_admin(admin_client, initiative):
    client = Client()
    client.post(signup_url(initiative), {**VALID, "name": "<script>x</script>"})
    signup = SignUp.objects.get()
    for url in (reverse("admin:initiatives_signup_changelist"),
                reverse("admin:initiatives_signup_change", args=[signup.pk])):
        html = admin_client.get(url).content.decode()
        assert "<script>x</script>" not in html and "&lt;script&gt;x" in html


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["nonsense", "a:b:c", "x" * 300, "..%2f"])
def test_forged_tokens_get_a_clear_page(client, token):
    for name in ("initiatives:confirm", "initiatives:withdraw"):
        url = reverse(name, args=[token])
        assert client.get(url).status_code == 400
        response = client.post(url)
        assert response.status_code == 400
        assert "Deze link is niet geldig" in response.content.decode()


@pytest.mark.django_db
def test_expired_confirmation_link(client, initiative, settings, monkeypatch):
    settings.SIGNUP_CONFIRMATION_DAYS = 2
    client.post(signup_url(initiative), VALID)
    confirm = links_in(mail.outbox[0])["confirm"]
    import time as time_module

    real = time_module.time
    monkeypatch.setattr("django.core.signing.time.time",
                        lambda: real() + datetime.timedelta(days=3).total_seconds())
    response = client.post(confirm)
    assert response.status_code == 400
    assert "verlopen" in response.content.decode()
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_withdrawing_before_confirmation_cancels_the_sign_up(client, initiative):
    client.post(signup_url(initiative), VALID)
    links = links_in(mail.outbox[0])
    client.post(links["withdraw"])
    assert client.post(links["confirm"]).status_code == 400
    assert not Participant.objects.exists() and not FlowEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises all writes; the race needs PostgreSQL")
def test_concurrent_confirmations_create_one_of_each(initiative):
    Client().post(signup_url(initiative), VALID)
    confirm = links_in(mail.outbox[0])["confirm"]
    barrier = threading.Barrier(4)
    statuses = []

    def confirm_once():
        barrier.wait()
        statuses.append(Client().post(confirm).status_code)
        connection.close()

    threads = [threading.Thread(target=confirm_once) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 400, 400, 400]
    assert Participant.objects.count() == 1
    assert Membership.objects.count() == 1
    assert FlowEvent.objects.count() == 1
