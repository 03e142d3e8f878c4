import re

import pytest
from django.core import mail

LINK = re.compile(r"https?://[^\s\"<>]+")


@pytest.fixture(autouse=True)
def _fresh_rate_limit(settings):
    # Each test starts with an empty rate-limit count (also in a shared Redis).
    from django.core.cache import cache

    cache.clear()
    settings.PUBLIC_FORM_RATE_LIMIT = "100/h"


def links_in(message) -> dict[str, str]:
    """The confirm and withdraw paths in an e-mail's plain text."""
    found = {}
    for url in LINK.findall(message.body):
        path = "/" + url.split("/", 3)[3]
        if "/bevestigen/" in path:
            found["confirm"] = path
        elif "/afmelden/" in path:
            found["withdraw"] = path
    return found


@pytest.fixture
def outbox():
    return mail.outbox
