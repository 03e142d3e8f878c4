"""The public forms' rate limit (core.ratelimit, django-ratelimit): per client address
as core.client_ip reads it (the same as the login lockout), and open while the
cache is down."""

import logging

import pytest
from django.urls import reverse

from initiatives.models import SignUp
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

VALID = {"name": "Anja", "email": "anja@example.nl", "postcode": "7941 AB", "consent": "on"}
PROXY = "10.0.0.2"
# Nothing listens here: every cache call fails as when Redis is down.
DEAD_REDIS = "redis://127.0.0.1:9/0"


@pytest.fixture
def signup_url():
    return reverse("initiatives:signup", args=[InitiativeFactory().slug])


def post_from(client, url, resident, **extra):
    return client.post(url, VALID, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=resident, **extra)


def test_behind_the_proxy_each_resident_has_a_count_of_their_own(client, settings, signup_url):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.PUBLIC_FORM_RATE_LIMIT = "3/h"
    # Eleven neighbours behind the same proxy: none of them is refused.
    for n in range(11):
        assert post_from(client, signup_url, f"203.0.113.{n + 1}").status_code == 200, n
    # One of them posting again and again is refused; the others are not.
    for _ in range(2):
        assert post_from(client, signup_url, "203.0.113.1").status_code == 200
    assert post_from(client, signup_url, "203.0.113.1").status_code == 429
    assert post_from(client, signup_url, "203.0.113.2").status_code == 200
    # An address typed by the client to the left of the proxy's entry changes nothing.
    spoofed = post_from(client, signup_url, "6.6.6.6, 203.0.113.1")
    assert spoofed.status_code == 429


def test_without_a_proxy_a_forwarded_header_is_ignored(client, settings, signup_url):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.PUBLIC_FORM_RATE_LIMIT = "3/h"
    for n in range(3):
        assert post_from(client, signup_url, f"203.0.113.{n + 1}").status_code == 200
    # A made-up header for every post: still the same connection, so refused.
    response = post_from(client, signup_url, "198.51.100.77")
    assert response.status_code == 429
    assert "Een moment geduld" in response.content.decode()


def test_the_lockout_and_the_limit_read_the_same_address(settings):
    from django.utils.module_loading import import_string

    from core.client_ip import client_ip
    from core.ratelimit import address

    assert import_string(settings.AXES_CLIENT_IP_CALLABLE) is client_ip
    assert import_string(settings.RATELIMIT_IP_META_KEY) is address
    settings.TRUSTED_PROXY_COUNT = 1
    from django.test import RequestFactory

    request = RequestFactory().post("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert address(request) == client_ip(request) == "203.0.113.9"


def test_the_forms_work_while_redis_is_down(client, settings, signup_url, caplog):
    # The whole cache is gone, the default one included, as in production.
    dead = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_REDIS}
    settings.CACHES = {
        "default": dead,
        "ratelimit": {**dead, "BACKEND": "core.ratelimit.FailOpenRedisCache",
                      "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}},
    }
    settings.PUBLIC_FORM_RATE_LIMIT = "2/h"
    with caplog.at_level(logging.WARNING, logger="core.ratelimit"):
        for _ in range(3):  # more than the limit: there is nothing to count with
            response = client.post(signup_url, VALID)
            assert response.status_code == 200
            assert "Controleer je mailbox" in response.content.decode()
        idea = client.post(reverse("initiatives:idea"), {})
        assert idea.status_code == 200  # the form with its errors, not a server error
    assert SignUp.objects.count() == 3
    assert "rate limit's cache cannot be reached" in caplog.text


def test_a_bad_rate_in_the_environment_stops_the_start(monkeypatch):
    import runpy

    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("PUBLIC_FORM_RATE_LIMIT", "tien per uur")
    with pytest.raises(ImproperlyConfigured, match="PUBLIC_FORM_RATE_LIMIT"):
        runpy.run_path(str(settings.BASE_DIR / "config" / "settings.py"))
