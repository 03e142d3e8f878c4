"""Keep personal data out of the logs.

The product's own code never logs names or addresses; this filter is the net under
that rule for what other code logs: an SMTP server refusing a recipient, for
instance, names the address in the exception that django-post-office logs. Every
e-mail address in a message, a traceback or a stack is replaced by "[e-mail]".

Loaded by the LOGGING setting before the apps, so it imports nothing of Django's models.
"""

import logging
import re

EMAIL_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
REDACTED = "[e-mail]"


def redact(text: str) -> str:
    return EMAIL_ADDRESS.sub(REDACTED, text)


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
