"""What production gets: each case reads the settings in a fresh interpreter."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {"DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
              "ALLOWED_HOSTS": "wijk.example.org", "SITE_URL": "https://wijk.example.org"}
CLEARED = ("DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "REDIS_URL",
           "TWO_FACTOR_REQUIRED", "SESSION_IDLE_MINUTES", "LOGIN_FAILURE_LIMIT",
           "LOGIN_LOCKOUT_MINUTES", "TRUSTED_PROXY_COUNT",
           # Set by the browser tests for their own process; production never has it.
           "DJANGO_ALLOW_ASYNC_UNSAFE")
NAMES = ["TWO_FACTOR_REQUIRED", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
         "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "LANGUAGE_COOKIE_SECURE",
         "LANGUAGE_COOKIE_HTTPONLY", "SESSION_COOKIE_AGE", "AXES_FAILURE_LIMIT",
         "TRUSTED_PROXY_COUNT"]
PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    f"print(json.dumps({{n: getattr(s, n, None) for n in {NAMES!r}}}))"
)


def environment(**env):
    environ = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environ.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return environ


def loaded(**env):
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=BASE_DIR,
                            env=environment(**env), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def deploy_check(**env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR, env=environment(**env), capture_output=True, text=True)


def test_production_cookies_are_secure_and_http_only_and_two_factor_is_required():
    settings = loaded(**PRODUCTION)
    assert settings["TWO_FACTOR_REQUIRED"] is True
    for name in ("SESSION", "CSRF", "LANGUAGE"):
        assert settings[f"{name}_COOKIE_SECURE"] is True, name
        assert settings[f"{name}_COOKIE_HTTPONLY"] is True, name
    assert settings["SESSION_COOKIE_AGE"] == 30 * 60
    assert settings["AXES_FAILURE_LIMIT"] == 5


def test_the_demo_logs_in_in_one_step():
    assert loaded()["TWO_FACTOR_REQUIRED"] is False


def test_the_environment_sets_the_limits():
    settings = loaded(**PRODUCTION, SESSION_IDLE_MINUTES="15", LOGIN_FAILURE_LIMIT="10",
                      TRUSTED_PROXY_COUNT="1", TWO_FACTOR_REQUIRED="true")
    assert settings["SESSION_COOKIE_AGE"] == 15 * 60
    assert settings["AXES_FAILURE_LIMIT"] == 10
    assert settings["TRUSTED_PROXY_COUNT"] == 1


def test_check_deploy_is_clean_under_production_settings():
    result = deploy_check(**PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_the_public_address_is_not_set_or_not_this_site():
    for site_url in (None, "http://wijk.example.org", "https://elders.example.org"):
        env = {**PRODUCTION, "SITE_URL": site_url} if site_url else {
            k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
        result = deploy_check(**env)
        assert result.returncode != 0, site_url
        assert "wijkkompas.W003" in result.stdout + result.stderr, site_url


def test_check_deploy_warns_when_two_factor_is_switched_off():
    result = deploy_check(**PRODUCTION, TWO_FACTOR_REQUIRED="false")
    assert result.returncode != 0
    assert "wijkkompas.W001" in result.stdout + result.stderr
