"""The limit on the public forms' posts: django-ratelimit, counted in the cache
(Redis in production, so it holds across workers and hosts), keyed on the client's
address as `core.client_ip` reads it (the same address the login lockout counts).

Any public form takes part with one line:

    @limit_public_posts("signup")
    def initiative_signup(request, slug): ...

POSTs beyond PUBLIC_FORM_RATE_LIMIT ("10/h") from one address raise django-ratelimit's
`Ratelimited`, which its middleware hands to `rate_limited` (RATELIMIT_VIEW): the Dutch
"one moment, please" page with HTTP 429. Reading a page is never limited.

When the cache cannot be reached the limit is not applied (RATELIMIT_FAIL_OPEN) and a
warning is logged: a resident's sign-up matters more than a count that is briefly
missing, and CSRF and the honeypot still guard the forms.
"""

import logging
import re

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from django_ratelimit.core import _split_rate
from django_ratelimit.decorators import ratelimit
from redis.exceptions import RedisError

from core.client_ip import client_ip

logger = logging.getLogger(__name__)

RATE = re.compile(r"^[0-9]+/[smhd]$")


def check_rate(rate: str) -> str:
    """A rate like "10/h" (per second, minute, hour or day), or ImproperlyConfigured."""
    if not RATE.match(rate or ""):
        raise ImproperlyConfigured(
            f"PUBLIC_FORM_RATE_LIMIT must look like '10/h', not {rate!r}."
        )
    return rate


def public_form_rate(group, request) -> str:
    # Read per request, so a test or a deployment's setting is the one in force.
    return check_rate(settings.PUBLIC_FORM_RATE_LIMIT)


def address(request) -> str:
    """RATELIMIT_IP_META_KEY: the client's address; an unknown one counts as one client."""
    return client_ip(request) or "0.0.0.0"


def limit_public_posts(group: str):
    """Limit the POSTs of a public form to PUBLIC_FORM_RATE_LIMIT per client address.

    `group` names the form; each form has a count of its own.
    """
    return ratelimit(group=f"public-form:{group}", key="ip", rate=public_form_rate,
                     method="POST", block=True)


def rate_limited(request, exception=None):
    """RATELIMIT_VIEW: the friendly page, with 429 Too Many Requests."""
    _count, period = _split_rate(check_rate(settings.PUBLIC_FORM_RATE_LIMIT))
    return render(request, "rate_limited.html", {"minutes": max(1, period // 60)}, status=429)


class FailOpenRedisCache(RedisCache):
    """The rate limit's cache: Redis, answering "no count" instead of raising when
    Redis is unreachable, so django-ratelimit fails open (it only catches its own
    kinds of cache errors)."""

    def add(self, *args, **kwargs):
        try:
            return super().add(*args, **kwargs)
        except RedisError as error:
            _warn(error)
            return False

    def incr(self, *args, **kwargs):
        try:
            return super().incr(*args, **kwargs)
        except RedisError as error:
            _warn(error)
            return None

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _warn(error)
            return None


def _warn(error) -> None:
    logger.warning("The rate limit's cache cannot be reached (%s: %s); the public forms "
                   "are not limited until it is back.", type(error).__name__, error)
