"""What the services of a route share: dates in refusals, tokens, queueing mail."""

import datetime
import hashlib
import logging

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger("nieuweroute.services")

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def day_text(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def refuse_future(day: datetime.date, today: datetime.date) -> None:
    if day > today:
        raise ValidationError(
            _("The date %(date)s lies in the future; record what has happened."),
            code="future", params={"date": day_text(day)},
        )



def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def queue_mail(send) -> None:
    """Queue mail inside the caller's transaction. A message (or its attachment, written
    to MEDIA_ROOT) that cannot be stored refuses the whole action, so nothing is recorded
    as sent that was not queued."""
    try:
        send()
    except OSError:
        logger.exception("Queueing an e-mail failed; the action was refused.")
        raise ValidationError(
            _("The e-mail could not be stored, so nothing has been recorded. Please try "
              "again later; if it keeps failing, tell the site's administrator."),
            code="mail_not_stored",
        ) from None
