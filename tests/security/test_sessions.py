"""A logged-in session ends after SESSION_IDLE_MINUTES without activity."""

import datetime
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.sessions import LAST_ACTIVITY
from tests.security.conftest import log_in

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"


def stored(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_thirty_minutes_by_default():
    assert settings.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_a_login_lasts_thirty_minutes_and_its_cookie_is_http_only(client, manager):
    response = log_in(client, "petra")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["max-age"] == 30 * 60
    left = stored(client).expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)


def test_activity_moves_the_end_on(client, manager):
    log_in(client, "petra")
    session = client.session
    session[LAST_ACTIVITY] = int(time.time()) - 29 * 60  # idle for 29 minutes
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=1))

    assert client.get(DASHBOARD).status_code == 200
    left = stored(client).expire_date - timezone.now()
    assert left > datetime.timedelta(minutes=29)


def test_pages_within_a_minute_do_not_write_the_session(client, manager):
    log_in(client, "petra")
    client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as context:
        client.get(DASHBOARD)
    writes = [q["sql"] for q in context.captured_queries
              if "django_session" in q["sql"] and not q["sql"].lstrip().startswith("SELECT")]
    assert writes == []


def test_an_idle_session_has_ended(client, manager):
    log_in(client, "petra")
    assert client.get(DASHBOARD).status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and response.url.startswith("/inloggen/")
