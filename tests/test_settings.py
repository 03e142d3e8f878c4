"""Settings are read once per process, so each case starts a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "db = s.DATABASES['default']; "
    "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']), 'host': db.get('HOST'), "
    "'debug': s.DEBUG, 'queue': s.EMAIL_BACKEND, 'email': s.POST_OFFICE['BACKENDS']['default'], "
    "'cache': s.CACHES['default']['BACKEND'], "
    "'language': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE, 'use_tz': s.USE_TZ}))"
)
CLEARED = ("DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_BACKEND", "REDIS_URL")


def run_settings(**env):
    environ = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environ.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=BASE_DIR, env=environ, capture_output=True, text=True
    )


def loaded(**env):
    result = run_settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_environment_it_runs_on_sqlite_beside_manage_py():
    settings = loaded()
    assert settings["engine"] == "django.db.backends.sqlite3"
    assert settings["name"] == str(BASE_DIR / "db.sqlite3")
    assert settings["debug"] is True
    assert settings["email"] == "django.core.mail.backends.console.EmailBackend"
    assert settings["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def test_dutch_first_in_the_amsterdam_time_zone():
    settings = loaded()
    assert settings["language"] == "nl"
    assert settings["tz"] == "Europe/Amsterdam"
    assert settings["use_tz"] is True


def test_database_url_selects_postgresql():
    settings = loaded(DATABASE_URL="postgres://wijk:geheim@db.example.org:5433/wijkkompas")
    assert settings["engine"] == "django.db.backends.postgresql"
    assert settings["name"] == "wijkkompas"
    assert settings["host"] == "db.example.org"


def test_redis_url_selects_the_shared_cache():
    settings = loaded(REDIS_URL="redis://127.0.0.1:6379/1")
    assert settings["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_debug_off_without_secret_key_refuses_to_start():
    result = run_settings(DEBUG="false", ALLOWED_HOSTS="wijk.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_debug_off_without_allowed_hosts_refuses_to_start():
    result = run_settings(DEBUG="false", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set when DEBUG is off" in result.stderr


def test_all_mail_goes_through_the_durable_queue():
    assert loaded()["queue"] == "core.mail.QueueBackend"


def test_production_sends_mail_over_smtp():
    settings = loaded(DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="wijk.example.org")
    assert settings["debug"] is False
    assert settings["email"] == "django.core.mail.backends.smtp.EmailBackend"


def test_file_backend_for_local_end_to_end_checks():
    settings = loaded(EMAIL_BACKEND="file")
    assert settings["email"] == "django.core.mail.backends.filebased.EmailBackend"


def test_a_misspelt_boolean_stops_the_start():
    result = run_settings(DEBUG="nee")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


@pytest.mark.django_db
def test_postgresql_does_not_compile_the_pages_queries_first():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite compiles nothing")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
