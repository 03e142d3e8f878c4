"""The mail queue against a real SMTP server (aiosmtpd in this process): one recipient
per sign-up in the SMTP envelope, no usable link left in the queue after delivery, and
a worker killed mid-run that sends at most one message twice."""

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import connection
from django.urls import reverse
from post_office.models import STATUS, Email

from core.mail import forget_links
from initiatives.models import SignUp
from tests.initiatives.factories import InitiativeFactory

BASE_DIR = Path(__file__).resolve().parents[2]
VALID = {"name": "Anja", "email": "anja@example.nl", "postcode": "7941 AB", "consent": "on"}
EVIL = '"x,victim-one@evil.example,victim-two@evil.example,y"@example.org'
TOKEN_LINK = re.compile(r"https?://[^\s\"<>]+/(?:bevestigen|afmelden|uitnodiging)/[^/\s\"<>]+/")


class Recorder:
    """Keeps every envelope; `delay` makes each message take a while (to kill mid-run)."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.envelopes = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.envelopes.append(envelope)
        return "250 OK"

    def subjects(self) -> list[str]:
        with self.lock:
            return [re.search(rb"^Subject: (.*?)\r?$", e.original_content, re.M).group(1).decode()
                    for e in self.envelopes]


@pytest.fixture
def smtp():
    recorder = Recorder()
    with socket.socket() as probe:  # a free port (aiosmtpd checks its own by connecting)
        probe.bind(("127.0.0.1", 0))
        recorder.port = probe.getsockname()[1]
    controller = Controller(recorder, hostname="127.0.0.1", port=recorder.port)
    controller.start()
    yield recorder
    controller.stop()


@pytest.fixture
def queue_to(settings, smtp, tmp_path):
    """The project's queue, delivered over SMTP to the recorder."""
    from post_office.connections import connections

    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "core.mail.QueueBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
    settings.EMAIL_USE_TLS = False
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.smtp.EmailBackend"},
        "DEFAULT_PRIORITY": "medium",
    }
    connections.close()
    yield smtp
    connections.close()


def run_worker(tmp_path):
    from django.core.management import call_command

    call_command("send_queued_mail", lockfile=str(tmp_path / "mail-worker"))


def signup_url():
    return reverse("initiatives:signup", args=[InitiativeFactory().slug])


# --- one sign-up, one recipient -------------------------------------------------------------

@pytest.mark.django_db
def test_a_quoted_list_of_addresses_is_refused_and_mails_nobody(client, queue_to, tmp_path):
    response = client.post(signup_url(), {**VALID, "email": EVIL})
    html = response.content.decode()
    assert response.status_code == 200
    assert "aanhalingstekens" in html and 'aria-invalid="true"' in html
    assert not SignUp.objects.exists() and not Email.objects.exists()
    run_worker(tmp_path)
    assert queue_to.envelopes == []


@pytest.mark.parametrize("address", [
    EVIL, "a@example.org,b@example.org", "a@example.org;b@example.org",
    "Anja <anja@example.org>", '"anja"@example.org', "anja@example.org>",
])
@pytest.mark.django_db
def test_every_public_form_refuses_anything_but_one_mailbox(client, address):
    for url, extra in [
        (signup_url(), {}),
        (reverse("initiatives:neighbourhood", args=[InitiativeFactory().neighbourhood.slug]), {}),
    ]:
        response = client.post(url, {**VALID, **extra, "email": address})
        assert response.status_code == 200
        assert 'aria-invalid="true"' in response.content.decode(), (url, address)
    assert not SignUp.objects.exists()


@pytest.mark.django_db
def test_each_queued_mail_goes_to_exactly_its_one_recipient(client, queue_to, tmp_path):
    for n in range(3):
        client.post(signup_url(), {**VALID, "email": f"bewoner{n}@example.nl"})
    run_worker(tmp_path)
    envelopes = queue_to.envelopes
    assert sorted(tuple(e.rcpt_tos) for e in envelopes) == [
        (f"bewoner{n}@example.nl",) for n in range(3)]


@pytest.mark.django_db
def test_the_queue_itself_refuses_a_recipient_that_is_not_one_mailbox(queue_to):
    message = mail.EmailMessage("Hallo", "Tekst", to=[EVIL])
    with pytest.raises(ValueError, match="not one mailbox"):
        message.send()
    assert not Email.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["{% if %}", "{% debug %} {{ settings.SECRET_KEY }}",
                                   "{% include 'home.html' %}", "{% endverbatim %}{% if %}"])
def test_what_a_resident_typed_reaches_the_mailbox_as_written(client, queue_to, tmp_path,
                                                                typed):
    # The queue renders a message once more as a template: template code in a name must
    # neither run nor break the sign-up.
    response = client.post(signup_url(), {**VALID, "name": f"Anja {typed}"})
    assert response.status_code == 200
    run_worker(tmp_path)
    delivered = queue_to.envelopes[0].original_content.decode()
    assert f"Anja {typed}".replace("'", "&#x27;") in delivered or f"Anja {typed}" in delivered
    assert "verbatim" not in delivered.replace(typed, "")
    assert "sys.modules" not in delivered and "<html" not in delivered.split("Anja", 1)[1][:200]


# --- no usable link left behind -------------------------------------------------------------

@pytest.mark.django_db
def test_after_delivery_the_queue_keeps_the_message_without_its_links(client, queue_to,
                                                                      tmp_path):
    client.post(signup_url(), VALID)
    email = Email.objects.get()
    assert TOKEN_LINK.search(email.message)  # queued: the link waits to be delivered
    run_worker(tmp_path)
    delivered = queue_to.envelopes[0].original_content.decode()
    confirm = re.search(r"https?://testserver(/bevestigen/[^/\s]+/)", delivered).group(1)
    email.refresh_from_db()
    assert email.status == STATUS.sent
    assert "/bevestigen/-/" in email.message and "/afmelden/-/" in email.message
    assert "/bevestigen/-/" in email.html_message
    assert not TOKEN_LINK.search(email.message.replace("/-/", "/"))
    assert confirm.split("/")[2] not in email.message + email.html_message
    # The link in the resident's own mailbox still works; the queue's copy leads nowhere.
    assert client.get(confirm).status_code == 200
    assert client.get("/bevestigen/-/").status_code == 400


@pytest.mark.django_db
def test_a_message_given_up_after_its_retries_keeps_no_link(client, queue_to, tmp_path,
                                                           settings):
    settings.POST_OFFICE = {**settings.POST_OFFICE, "MAX_RETRIES": 0}
    settings.EMAIL_PORT = 9  # nothing listens: the server is down
    client.post(signup_url(), VALID)
    run_worker(tmp_path)
    email = Email.objects.get()
    assert email.status == STATUS.failed
    assert "/bevestigen/-/" in email.message


def test_only_links_of_this_site_with_a_token_are_forgotten():
    text = ("Bevestig: https://wijk.example.org/bevestigen/abc:1x:sig/ of lees "
            "https://wijk.example.org/privacy/ en https://elders.example/afmelden/\n"
            '<a href="https://wijk.example.org/nieuwe-route/uitnodiging/t0ken/ja/">Ja</a>')
    assert forget_links(text) == (
        "Bevestig: https://wijk.example.org/bevestigen/-/ of lees "
        "https://wijk.example.org/privacy/ en https://elders.example/afmelden/\n"
        '<a href="https://wijk.example.org/nieuwe-route/uitnodiging/-/ja/">Ja</a>')


@pytest.mark.django_db
def test_retention_scrubs_links_left_in_delivered_mail(db):
    from participants.privacy import apply_retention

    email = Email.objects.create(
        from_email="noreply@example.nl", to=["anja@example.nl"], subject="Oud",
        message="Afmelden: https://wijk.example.org/afmelden/oud-token/", status=STATUS.sent)
    counts = apply_retention()
    email.refresh_from_db()
    assert email.message == "Afmelden: https://wijk.example.org/afmelden/-/"
    assert counts["links removed from delivered e-mail"] == 1


# --- a worker killed mid-run ----------------------------------------------------------------

QUEUE_MAILS = """
from django.core.mail import EmailMessage
for n in range({count}):
    EmailMessage(f"Bericht {{n:03d}}", "Tekst", to=[f"bewoner{{n}}@example.nl"]).send()
"""


def _database_url(scratch_sqlite) -> str:
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return f"sqlite:///{scratch_sqlite()}"


def _env(database_url, smtp_port) -> dict:
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "EMAIL_BACKEND")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL=database_url,
               EMAIL_BACKEND="smtp", EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_port),
               EMAIL_SEND_NOW="false", PYTHONUNBUFFERED="1")
    return env


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_sends_at_most_one_message_twice(smtp, tmp_path, scratch_sqlite):
    count = 30
    smtp.delay = 0.05
    env = _env(_database_url(scratch_sqlite), smtp.port)
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "shell", "-c", QUEUE_MAILS.format(count=count)], env=env,
                   check=True, cwd=BASE_DIR, capture_output=True)
    lockfile = str(tmp_path / "mail-worker")
    worker = subprocess.Popen([*manage, "send_queued_mail", "-L", lockfile], env=env,
                              cwd=BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(smtp.subjects()) < 10 and worker.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(worker.pid, signal.SIGKILL)  # mid-run, as a crash or an OOM kill would
    worker.wait()
    before = len(smtp.subjects())
    assert 10 <= before < count, "the worker was not killed in the middle of its run"
    # The lock file of the dead worker is stale; the next run takes over and finishes.
    subprocess.run([*manage, "send_queued_mail", "-L", lockfile], env=env, check=True,
                   cwd=BASE_DIR, capture_output=True, timeout=120)
    subjects = smtp.subjects()
    assert set(subjects) == {f"Bericht {n:03d}" for n in range(count)}  # none lost
    assert len(subjects) - count <= 1, f"{len(subjects) - count} sent twice"

