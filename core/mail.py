"""The mail queue (django-post-office) as the product uses it: one mailbox per recipient,
one message at a time, and no bearer link kept once a message is done with.

- Every recipient of every queued message is one plain mailbox
  (core.mailboxes): the queue joins recipients with commas and splits them
  again, so an address with a comma would become several.
- `deliver_queued()` (`manage.py send_queued_mail`, which this project's command
  replaces) sends one message and records its outcome before it takes the next, so a
  worker killed mid-run sends at most that one message again.
- A link whose URL pattern takes a `token` (confirm, withdraw, the answer to an
  invitation: whatever app adds one) works for whoever holds it. The recipient's mailbox
  keeps it; the queue's copy does not: when a message is delivered, or given up after
  its retries, the tokens in its text and HTML are replaced by "-", which opens the
  "link does not work" page. The privacy export shows messages the same way.
"""

import logging
import re
import secrets
from urllib.parse import urlsplit

from django.core.mail.message import EmailAlternative
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from post_office.backends import EmailBackend
from post_office.connections import connections
from post_office.mail import get_queued
from post_office.models import STATUS, Email, Log
from post_office.settings import (
    get_default_mailer,
    get_log_level,
    get_max_retries,
    get_retry_timedelta,
)

from core.mailboxes import is_single_mailbox

logger = logging.getLogger("post_office")

URL = re.compile(r"https?://[^\s\"'<>]+")
FORGOTTEN = "-"


# --- recipients -----------------------------------------------------------------------------

def refuse_unsafe_recipients(sender, instance, **kwargs):
    """pre_save of post_office's Email: a recipient that is not one mailbox stops the write
    (the forms and services refuse such an address first, with a message in Dutch)."""
    for field in ("to", "cc", "bcc"):
        for address in _addresses(getattr(instance, field)):
            if not is_single_mailbox(_bare(address)):
                raise ValueError(f"Refused to queue an e-mail: a {field} recipient is not "
                                 "one mailbox.")


def _addresses(value) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


def _bare(address: str) -> str:
    # "Name <mailbox>" is how a message names its sender; recipients here are bare.
    return address.strip()


# --- bearer links ---------------------------------------------------------------------------

def _token_in(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    token = match.kwargs.get("token")
    return token if token and token != FORGOTTEN else None


def forget_links(text: str) -> str:
    """`text` with the token of every bearer link of this site replaced by "-"."""
    if not text:
        return text

    def forget(found):
        url = found.group(0)
        token = _token_in(url)
        return url.replace(token, FORGOTTEN) if token else url

    return URL.sub(forget, text)


def forget_links_of(email) -> list[str]:
    """Scrub one queued message in memory; returns the fields that changed."""
    changed = []
    for field in ("message", "html_message"):
        before = getattr(email, field)
        after = forget_links(before)
        if after != before:
            setattr(email, field, after)
            changed.append(field)
    return changed


def forget_links_once_sent(sender, instance, update_fields=None, **kwargs):
    """post_save of Email: a message sent at once (EMAIL_SEND_NOW, development) saves its
    status alone; scrub it then, as the worker does."""
    if update_fields and set(update_fields) == {"status"} and instance.status == STATUS.sent:
        fields = forget_links_of(instance)
        if fields:
            type(instance).objects.filter(pk=instance.pk).update(
                **{field: getattr(instance, field) for field in fields})


def forget_delivered_links() -> int:
    """Scrub every message that is done with but still holds a link (from before this
    rule, or a worker that stopped between sending and scrubbing); run with retention."""
    scrubbed = 0
    done = Email.objects.filter(status__in=[STATUS.sent, STATUS.failed]).filter(
        message__contains="://").only("pk", "message", "html_message")
    for email in done.iterator(chunk_size=500):
        fields = forget_links_of(email)
        if fields:
            email.save(update_fields=fields)
            scrubbed += 1
    return scrubbed


# --- the worker -----------------------------------------------------------------------------

def deliver_one(email, *, log_level: int) -> bool:
    """Send one queued message and record the outcome (and the scrubbed text) in one write.

    Returns whether it was sent. A failure is retried after RETRY_INTERVAL until
    MAX_RETRIES, as post_office does.
    """
    try:
        # Opened (once, then kept for the next message) here: a server that is down
        # fails this message's attempt like any other error.
        connection = connections[email.backend_alias or get_default_mailer()]
        email.prepare_email_message()
        email.dispatch(commit=False, disconnect_after_delivery=False, connection=connection)
    except Exception as error:
        logger.exception("Failed to send email #%s", email.pk)
        retries = email.number_of_retries or 0
        if retries < get_max_retries():
            email.number_of_retries = retries + 1
            email.status = STATUS.requeued
            email.scheduled_time = timezone.now() + get_retry_timedelta()
            fields = []
        else:
            email.status = STATUS.failed
            fields = forget_links_of(email)  # given up: nobody will receive these links
        email.last_updated = timezone.now()
        with transaction.atomic():
            email.save(update_fields=[
                "status", "scheduled_time", "number_of_retries", "last_updated", *fields])
            if log_level >= 1:
                Log.objects.create(email=email, status=STATUS.failed, message=str(error),
                                   exception_type=type(error).__name__)
        return False
    email.status = STATUS.sent
    email.last_updated = timezone.now()
    fields = forget_links_of(email)
    with transaction.atomic():
        email.save(update_fields=["status", "last_updated", *fields])
        if log_level >= 2:
            Log.objects.create(email=email, status=STATUS.sent)
    return True


def deliver_queued(*, log_level: int | None = None) -> tuple[int, int]:
    """Send what is due, one message at a time, until nothing is; returns (sent, failed)."""
    log_level = get_log_level() if log_level is None else log_level
    sent = failed = 0
    try:
        while batch := list(get_queued()[:1]):
            if deliver_one(batch[0], log_level=log_level):
                sent += 1
            else:
                failed += 1
                # A broken connection (the server went away) is opened anew for the next.
                connections.close()
    finally:
        connections.close()
    logger.info("%s e-mails sent, %s attempts failed", sent, failed)
    return sent, failed


# --- text as written ------------------------------------------------------------------------

class QueueBackend(EmailBackend):
    """Django's mail into the queue, with every text kept exactly as it was written.

    django-post-office renders a queued message's subject, text and HTML as a Django
    template once more (`mail.create`), so whatever a resident typed into a form ("{% if
    %}", "{% debug %}") would be run as template code, or break the queueing. Each text
    goes in wrapped in a verbatim block with a name nobody can guess, which that second
    rendering gives back unchanged.
    """

    def send_messages(self, email_messages):
        for message in email_messages or ():
            message.subject = as_written(message.subject)
            message.body = as_written(message.body)
            if getattr(message, "alternatives", None):
                message.alternatives = [
                    EmailAlternative(as_written(content), mimetype)
                    for content, mimetype in message.alternatives
                ]
        return super().send_messages(email_messages)


def as_written(text):
    if not isinstance(text, str) or ("{%" not in text and "{{" not in text and "{#" not in text):
        return text
    block = f"wk{secrets.token_hex(8)}"
    return f"{{% verbatim {block} %}}{text}{{% endverbatim {block} %}}"
