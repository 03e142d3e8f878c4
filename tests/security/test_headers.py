"""Security headers on every kind of page, and templates the CSP can live with."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.initiatives.factories import InitiativeFactory
from tests.security.conftest import log_in

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)
ADMIN = "/" + settings.ADMIN_URL


def directives(response) -> dict[str, set[str]]:
    header = response["Content-Security-Policy"]
    found = {}
    for part in header.split(";"):
        name, *values = part.split()
        found[name] = set(values)
    return found


def assert_secure_headers(response):
    csp = directives(response)
    assert csp["default-src"] == {"'self'"}
    assert csp["script-src"] == {"'self'"}
    assert csp["style-src"] == {"'self'"}
    assert csp["object-src"] == {"'none'"}
    assert csp["frame-ancestors"] == {"'none'"}
    assert csp["base-uri"] == {"'none'"}
    assert csp["form-action"] == {"'self'"}
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_public_pages_send_the_policy(client):
    initiative = InitiativeFactory()
    for url in ("/", "/initiatieven/", f"/initiatieven/{initiative.slug}/",
                f"/initiatieven/{initiative.slug}/aanmelden/", "/idee/", "/privacy/",
                reverse("login"), "/bestaat-niet/"):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_secure_headers(response)


def test_staff_pages_and_the_admin_send_the_policy(client, superuser):
    log_in(client, "beheerder")
    for url in ("/dashboard/", ADMIN, f"{ADMIN}initiatives/initiative/",
                reverse("two_factor:setup")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_secure_headers(response)


def template_dirs() -> list[Path]:
    dirs = [BASE_DIR / "templates"]
    dirs += [path for path in BASE_DIR.glob("*/templates") if ".venv" not in path.parts]
    return sorted(set(dirs))


INLINE = {
    "inline style attribute": re.compile(r"""\sstyle\s*=""", re.I),
    "style element": re.compile(r"<style[\s>]", re.I),
    "inline script": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I),
    "event handler attribute": re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def test_no_template_has_inline_script_or_style():
    found = []
    for directory in template_dirs():
        for template in directory.rglob("*.html"):
            # E-mails are not pages: mail clients ignore the site's CSP.
            if {"mail", "email"} & set(template.relative_to(directory).parts):
                continue
            text = template.read_text(encoding="utf-8")
            for what, pattern in INLINE.items():
                if pattern.search(text):
                    found.append(f"{template.relative_to(BASE_DIR)}: {what}")
    assert found == []


def test_a_refused_form_gets_a_dutch_page_without_inline_style(manager):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        reverse("login"), {"username": "petra", "password": "een-lang-wachtwoord-42"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Dit formulier is verlopen" in html and "<main" in html
    assert "<style" not in html and "style=" not in html
