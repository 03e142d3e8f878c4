"""The address a request came from: the one function that the login lockout
(django-axes) and the public forms' rate limit (core.ratelimit) both ask.

Without a proxy it is REMOTE_ADDR. Behind TRUSTED_PROXY_COUNT proxies that each
append to X-Forwarded-For, it is the entry that many places from the right: the
entries further left were written by the client and prove nothing.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    # None, not a made-up word, when unknown: django-axes stores it in an address column.
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        # The request did not pass every proxy: trust only what the socket says.
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:  # a misconfigured proxy; never store a made-up address
        return remote
