"""One e-mail address is one mailbox: what the people's forms and services say when an
address is not (the rule itself is core.mailboxes, which the mail queue asks too)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.mailboxes import is_single_mailbox

NOT_ONE_MAILBOX = _(
    "Enter one e-mail address, such as naam@voorbeeld.nl, without quotation marks, "
    "commas, semicolons or angle brackets."
)


def validate_single_mailbox(value: str) -> None:
    if value and not is_single_mailbox(value):
        raise ValidationError(NOT_ONE_MAILBOX, code="not_one_mailbox")
