"""Personal data never appears in logs or URLs."""

import datetime
import io
import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from participants.logfilters import RedactPersonalData
from tests.initiatives.conftest import links_in
from tests.initiatives.factories import InitiativeFactory, UserFactory

NAME, EMAIL, PHONE = "Anja de Boer", "anja.deboer@example.nl", "06 12345678"
SIGN_UP = {"name": NAME, "email": EMAIL, "phone": PHONE, "postcode": "7941 AB",
           "contribution": "Ik kan goed koken.", "consent": "on"}
PERSONAL = ("email", "e_mail", "name", "naam", "phone", "postcode", "address")


@pytest.fixture
def console():
    """The configured console handler, writing into a string for the test."""
    handler = next(h for h in logging.getLogger().handlers
                   if any(isinstance(f, RedactPersonalData) for f in h.filters))
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


def test_every_configured_handler_masks_personal_data(settings):
    for name, handler in settings.LOGGING["handlers"].items():
        assert "no_personal_data" in handler.get("filters", []), name
    # django-post-office logs through the filtered handler, not a handler of its own.
    # (The test runner adds capture handlers of its own beside it.)
    streams = [h for h in logging.getLogger("post_office").handlers
               if type(h) is logging.StreamHandler]
    assert streams and all(any(isinstance(f, RedactPersonalData) for f in h.filters)
                           for h in streams)


def test_the_filter_masks_addresses_in_messages_arguments_and_tracebacks(console):
    logger = logging.getLogger("wijkkompas.test")
    logger.warning("Refused: %s", EMAIL)
    try:
        raise smtplib.SMTPRecipientsRefused({EMAIL: (550, b"5.1.1 unknown user")})
    except smtplib.SMTPRecipientsRefused:
        logger.exception("Failed to send email #%d", 7)
    output = console.getvalue()
    assert EMAIL not in output and "anja.deboer" not in output
    assert "Refused: [e-mail]" in output and "Failed to send email #7" in output
    assert "SMTPRecipientsRefused" in output  # the cause stays readable


@pytest.mark.django_db
def test_a_sign_up_its_confirmation_and_withdrawal_log_no_name_or_address(client, caplog,
                                                                         console, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = "100/h"
    caplog.set_level(logging.DEBUG)
    initiative = InitiativeFactory(title="Buurtkeuken")
    initiative.process.managers.add(UserFactory(email="petra@gemeente.example.nl"))
    client.post(reverse("initiatives:signup", args=[initiative.slug]), SIGN_UP)
    links = links_in(mail.outbox[0])
    client.get(links["confirm"])
    client.post(links["confirm"])
    client.post(links["confirm"])  # used twice: a 400 page, logged by Django
    withdraw = links_in(mail.outbox[1])["withdraw"]
    client.post(withdraw)
    logged = caplog.text + console.getvalue()
    assert caplog.records  # something was logged (the 400 at least)
    for trace in (NAME, "Anja", EMAIL, "anja.deboer", PHONE, "petra@"):
        assert trace not in logged


class RefusingBackend(LocmemBackend):
    def send_messages(self, messages):
        recipients = {address: (550, b"5.1.1 no such user") for m in messages for address in m.to}
        raise smtplib.SMTPRecipientsRefused(recipients)


@pytest.mark.django_db(transaction=True)
def test_a_refused_recipient_is_not_named_in_the_mail_queues_log(client, settings, console,
                                                                  tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PUBLIC_FORM_RATE_LIMIT = "100/h"
    settings.EMAIL_BACKEND = "core.mail.QueueBackend"
    settings.POST_OFFICE = {
        "BACKENDS": {"default": "tests.privacy.test_logs_and_urls.RefusingBackend"},
        "MAX_RETRIES": 0, "RETRY_INTERVAL": datetime.timedelta(seconds=0),
        "DEFAULT_PRIORITY": "medium", "LOG_LEVEL": 2,
    }
    from post_office.connections import connections
    from post_office.mail import send_queued

    connections.close()
    initiative = InitiativeFactory()
    client.post(reverse("initiatives:signup", args=[initiative.slug]), SIGN_UP)
    send_queued()
    output = console.getvalue()
    assert "Failed to send email" in output and "SMTPRecipientsRefused" in output
    assert EMAIL not in output and NAME not in output


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.pattern.converters


def test_no_url_carries_personal_data():
    for route, converters in _patterns(get_resolver()):
        for parameter in converters:
            assert not any(word in parameter.lower() for word in PERSONAL), route


@pytest.mark.django_db
def test_the_links_in_e_mails_carry_tokens_not_addresses(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = "100/h"
    initiative = InitiativeFactory()
    client.post(reverse("initiatives:signup", args=[initiative.slug]), SIGN_UP)
    links = links_in(mail.outbox[0])
    assert set(links) == {"confirm", "withdraw"}
    for link in links.values():
        for trace in ("@", "%40", "anja", "Anja", "Boer", "7941"):
            assert trace not in link
