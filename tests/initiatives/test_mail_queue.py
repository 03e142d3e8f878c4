"""E-mail through the real django-post-office queue (the test runner's locmem
EMAIL_BACKEND is put back to the project's post_office backend here)."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.urls import reverse
from post_office.models import STATUS, Email

from initiatives.models import SignUp
from tests.initiatives.factories import InitiativeFactory

# The worker closes its database connection between batches, as it should in
# production; that needs real transactions rather than one test transaction.
pytestmark = pytest.mark.django_db(transaction=True)

VALID = {"name": "Anja", "email": "anja@example.nl", "postcode": "7941 AB", "consent": "on"}
FAILING_ONCE = {"left": 0}


class FlakyBackend(LocmemBackend):
    """A mail server that is down for the first attempt(s), then delivers."""

    def send_messages(self, messages):
        if FAILING_ONCE["left"] > 0:
            FAILING_ONCE["left"] -= 1
            raise ConnectionRefusedError("mail server down")
        return super().send_messages(messages)


@pytest.fixture
def queued(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # post_office stores attachments as files
    settings.EMAIL_BACKEND = "core.mail.QueueBackend"
    settings.POST_OFFICE = {
        "BACKENDS": {"default": "tests.initiatives.test_mail_queue.FlakyBackend"},
        "MAX_RETRIES": 3,
        "RETRY_INTERVAL": datetime.timedelta(seconds=0),
        "DEFAULT_PRIORITY": "medium",
        "LOG_LEVEL": 1,
    }
    # post_office keeps its connections per thread; start clean.
    from post_office.connections import connections

    connections.close()
    return settings


def run_worker(tmp_path):
    call_command("send_queued_mail", lockfile=str(tmp_path / "post_office"))


def test_sign_up_mail_is_queued_in_the_database_then_sent_by_the_worker(
    client, queued, tmp_path
):
    initiative = InitiativeFactory()
    client.post(reverse("initiatives:signup", args=[initiative.slug]), VALID)
    # Written with the sign-up, not sent yet.
    email = Email.objects.get()
    assert email.status == STATUS.queued and email.to == ["anja@example.nl"]
    assert email.html_message and "bevestigen" in email.message
    assert not mail.outbox
    run_worker(tmp_path)
    email.refresh_from_db()
    assert email.status == STATUS.sent
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["anja@example.nl"]
    # A second worker run sends nothing twice.
    run_worker(tmp_path)
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_loses_nothing_and_is_retried(client, queued, tmp_path):
    FAILING_ONCE["left"] = 1
    initiative = InitiativeFactory()
    client.post(reverse("initiatives:signup", args=[initiative.slug]), VALID)
    from post_office.mail import send_queued

    send_queued()  # one pass: the server is down
    email = Email.objects.get()
    assert email.status == STATUS.requeued and email.number_of_retries == 1
    assert not mail.outbox
    run_worker(tmp_path)  # the next run delivers
    email.refresh_from_db()
    assert email.status == STATUS.sent
    assert len(mail.outbox) == 1


def test_mail_is_not_queued_when_the_sign_up_is_rolled_back(queued):
    from django.db import transaction

    from initiatives import services

    initiative = InitiativeFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.signup_submit(
            kind="join", initiative=initiative, neighbourhood=initiative.neighbourhood,
            name="Anja", email="anja@example.nl", language="nl", base_url="http://testserver",
        )
        raise RuntimeError("something later in the same request failed")
    assert not SignUp.objects.exists() and not Email.objects.exists()


def test_other_apps_mail_with_attachments_goes_through_the_queue(queued, tmp_path):
    message = mail.EmailMessage("Plan", "Zie bijlage", to=["a@example.nl"])
    message.attach("plan.ics", "BEGIN:VCALENDAR", "text/calendar")
    message.send()
    email = Email.objects.get()
    assert email.attachments.count() == 1
    run_worker(tmp_path)
    assert mail.outbox[0].attachments[0][0] == "plan.ics"
