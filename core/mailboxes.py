"""One e-mail address is one mailbox.

Django's EmailField accepts what RFC 5322 allows, such as a quoted local part:
`"x,victim@evil.example,y"@example.org` is one valid address to Django, but the mail
queue stores recipients joined by commas and splits them again, and a mail server
reads such a string as several recipients. Public forms and the services accept only
a plain `name@domain` with none of the characters that separate or quote addresses
(participants.mailboxes says so to the person who typed it).
"""

import re

# Quotes, separators, brackets, comments, escapes, spaces and control characters.
NOT_IN_A_MAILBOX = re.compile(r'[\s"\',;:<>()\[\]\\\x00-\x1f\x7f]')


def is_single_mailbox(value: str) -> bool:
    local, at, domain = (value or "").rpartition("@")
    return bool(at and local and domain) and "@" not in local and not NOT_IN_A_MAILBOX.search(
        value)
