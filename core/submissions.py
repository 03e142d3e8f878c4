"""A form that creates rows creates them once, however often or quickly it is sent.

The form carries a random token in a hidden field (`SubmissionField`, issued when the
form is shown, kept when a refused form is shown again), so a double click, a reload of
the answer, or back and send again all send the same token. (A page that Back loads
afresh is rendered with a new token; static/js/submission.js lets the browser put the
first one back, as it does with what was typed. Without script, only a page that Back
shows from the browser's memory keeps it.) The service that does the writing is
wrapped in `submitted_once`: inside its transaction it first claims the token
(an insert into `Submission`, unique per purpose and token), then does its work and
remembers what it did as a little JSON. A second sending of the same token answers with
what the first one did, rebuilt from that JSON, and writes nothing.

Two sendings at the same moment (PostgreSQL): the second insert waits on the first's
unclaimed unique key until the first transaction ends; committed, the second collides,
reads the committed row and answers with its result; refused (rolled back), the claim
is gone with it and the second one runs as if it were the first. SQLite serialises
every write, which gives the same outcome.

A missing or garbled token is a new submission, not a refusal: a page opened before
this field existed, or a client that leaves hidden fields out, still works as it did,
and a resident never loses what they typed to a 400 about something they cannot see.
Only the protection against doubles is lost for that one sending.

The rows hold ids and counts, never personal data, and are removed after
`KEPT_DAYS` by the retention command (core/privacy.py).
"""

import datetime
import functools
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db import IntegrityError, transaction

FIELD = "submission"
# What secrets.token_urlsafe gives, with room: anything else is not one of ours.
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
KEPT_DAYS = 7  # far longer than anyone goes back to a page to send it again


def issue() -> str:
    return secrets.token_urlsafe(24)


def token_or_empty(value) -> str:
    """The posted token when it is one of ours, otherwise "" (a new submission)."""
    value = value if isinstance(value, str) else ""
    return value if TOKEN.fullmatch(value) else ""


class TokenInput(forms.TextInput):
    """A text input hidden from sight and from assistive technology (the `hidden`
    attribute), not an `<input type="hidden">`: on a page that Back loads afresh, a
    browser puts back what a text input held when it differs from the value the page
    came with (static/js/submission.js makes it differ), but renders a hidden input
    anew; only the first token makes "back and send again" the same sending."""

    is_hidden = True  # rendered with the hidden fields: no label, no wrapper

    def __init__(self, attrs=None):
        super().__init__({"hidden": True, **(attrs or {})})


class SubmissionField(forms.CharField):
    """The hidden field with the form's token: a new one when the form is shown, the
    same one when a refused form is shown again or the page is shown again with Back.
    Never an error: a missing or garbled token cleans to "" (see the module's
    docstring)."""

    widget = TokenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", issue)
        kwargs.setdefault("label", "")
        super().__init__(**kwargs)

    def to_python(self, value):
        return token_or_empty(value)

    def bound_data(self, data, initial):
        # A form shown again keeps its token; one sent without a usable token gets a
        # fresh one, so that sending it again is protected.
        return token_or_empty(data) or initial

    def has_changed(self, initial, data):
        return False  # a token is no input: an otherwise empty form stays empty


def _model():
    from core.models import Submission  # the models are ready when a service runs

    return Submission


@dataclass
class Claim:
    """A token claimed for this transaction (`first`), or found sent before (`result`)."""

    first: bool
    row: object | None = None
    result: dict | None = None

    def remember(self, result: dict) -> None:
        if self.row is not None:
            self.row.result = result
            self.row.save(update_fields=["result"])


def claim(token: str, *, purpose: str) -> Claim:
    """Claim `token` for `purpose` within the caller's transaction (see the module's
    docstring for what happens under concurrent sending)."""
    token = token_or_empty(token)
    if not token:
        return Claim(first=True)
    Submission = _model()
    try:
        with transaction.atomic():
            return Claim(first=True, row=Submission.objects.create(purpose=purpose, token=token))
    except IntegrityError:
        row = Submission.objects.get(purpose=purpose, token=token)
        return Claim(first=False, row=row, result=row.result)


def answered(token: str, *, purpose: str) -> dict | None:
    """What the first sending of `token` did, if it was sent already: for a page that
    cannot take the same form twice (its choices are used up, or it is kept in the
    session until it is sent)."""
    token = token_or_empty(token)
    if not token:
        return None
    row = _model().objects.filter(purpose=purpose, token=token).exclude(result=None).first()
    return row.result if row is not None else None


def submitted_once(purpose: str, *, remember: Callable, recall: Callable):
    """Make a service answer a second sending of the same form with the first one's result.

    The service gains a keyword argument `submission` (the form's token; empty: always
    run). `remember(result)` turns its result into a JSON-able dict; `recall(dict)`
    rebuilds a result like it for the second sending. The wrapped service also has
    `.answered(token)`: the rebuilt result if the token was sent already, else None.
    """
    def decorate(service):
        @functools.wraps(service)
        def wrapper(*args, submission: str = "", **kwargs):
            with transaction.atomic():
                claimed = claim(submission, purpose=purpose)
                if not claimed.first:
                    return recall(claimed.result or {})
                result = service(*args, **kwargs)
                claimed.remember(remember(result))
                return result

        def answered_before(token: str):
            result = answered(token, purpose=purpose)
            return None if result is None else recall(result)

        wrapper.answered = answered_before
        return wrapper

    return decorate


def expire_before(moment: datetime.datetime, *, batch_size: int) -> int:
    """Remove the claims older than `moment`, in batches; returns how many."""
    Submission = _model()
    removed = 0
    while True:
        batch = list(Submission.objects.filter(created_at__lt=moment).order_by("pk")
                     .values_list("pk", flat=True)[:batch_size])
        if not batch:
            return removed
        removed += Submission.objects.filter(pk__in=batch).delete()[0]
