"""A per-IP limit on the public forms' posts, counted in Django's cache (Redis in
production, so it holds across workers and hosts).

Written here rather than taken from django-ratelimit: that package answers with a
403 through PermissionDenied and needs a project-wide handler to give a 429 page;
the twenty lines below give the friendly 429 page directly, count only posts,
and read their limit from one setting.
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    try:
        count, period = rate.split("/")
        return int(count), PERIODS[period.strip()]
    except (ValueError, KeyError):
        raise ImproperlyConfigured(
            f"PUBLIC_FORM_RATE_LIMIT must look like '10/h', not {rate!r}."
        ) from None


def client_ip(request) -> str:
    # REMOTE_ADDR as the server saw it; behind a proxy the proxy must set it
    # (e.g. gunicorn --forwarded-allow-ips), never trust a header sent by the client.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limited(group: str):
    """Refuse a POST with HTTP 429 once this IP has made too many in the current window."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                limit, period = parse_rate(settings.PUBLIC_FORM_RATE_LIMIT)
                window = int(time.time() // period)
                key = f"ratelimit:{group}:{client_ip(request)}:{window}"
                cache.add(key, 0, timeout=period + 5)
                try:
                    count = cache.incr(key)  # atomic in Redis and in the local memory cache
                except ValueError:  # expired between add and incr
                    cache.set(key, 1, timeout=period + 5)
                    count = 1
                if count > limit:
                    return render(request, "initiatives/rate_limited.html",
                                  {"minutes": max(1, period // 60)}, status=429)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
