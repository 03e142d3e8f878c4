"""The Content-Security-Policy in a real browser: the pages satisfy it, the admin
included, and the two-factor login works end to end under it."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.e2e.helpers import log_in
from tests.initiatives.factories import InitiativeFactory
from tests.security.conftest import code_for

ADMIN = "/" + settings.ADMIN_URL
PASSWORD = "wijkkompas-e2e"

# Registered before any page script runs; the browser reports every blocked
# script, style, image or frame to this listener.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} `
    + `(${event.sourceFile || ''}:${event.lineNumber || ''})`);
});
"""


@pytest.fixture
def recorded(page):
    """The page, recording CSP violations from events and from the console."""
    console = []
    page.on("console", lambda message: console.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.add_init_script(RECORD_VIOLATIONS)

    def violations():
        return page.evaluate("window.__cspViolations || []") + console

    page.csp_violations = violations
    return page


def visit(page, url) -> list[str]:
    response = page.goto(url)
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    return page.csp_violations()


@pytest.mark.django_db(transaction=True)
def test_pages_and_admin_record_no_csp_violations(recorded, screenshot):
    page = recorded
    initiative = InitiativeFactory(title="Buurtmoestuin De Kansel")
    User.objects.create_superuser("beheerder", "beheer@example.org", PASSWORD)
    found = {}
    for url in ("/", f"/initiatieven/{initiative.slug}/",
                f"/initiatieven/{initiative.slug}/aanmelden/", "/inloggen/"):
        violations = visit(page, url)
        if violations:
            found[url] = violations

    log_in(page, "beheerder", PASSWORD)
    for url in (ADMIN, f"{ADMIN}initiatives/initiative/",
                f"{ADMIN}initiatives/initiative/{initiative.pk}/change/",
                f"{ADMIN}initiatives/initiative/add/", f"{ADMIN}auth/user/",
                "/account/tweestapsverificatie/"):
        violations = visit(page, url)
        if violations:
            found[url] = violations
    screenshot(page, "two-factor-setup")
    assert found == {}


@pytest.mark.django_db(transaction=True)
def test_two_factor_enrolment_and_login_in_the_browser(recorded, axe_violations, screenshot,
                                                       settings):
    settings.TWO_FACTOR_REQUIRED = True
    page = recorded
    user = User.objects.create_superuser("beheerder", "beheer@example.org", PASSWORD)
    # The first app needs the one-time enrolment link a superuser hands over.
    from urllib.parse import urlsplit

    from core.two_factor.services import issue_enrolment_link

    link = urlsplit(issue_enrolment_link(user=user)).path
    log_in(page, "beheerder", PASSWORD, next_url=link)
    assert page.url.split("?")[0].endswith("/account/tweestapsverificatie/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tweestapsverificatie instellen"
    assert page.get_by_role("img", name="QR-code voor uw authenticator-app").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "two-factor-enrol")

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_role("textbox", name="Code").fill(code_for(device))
    page.get_by_role("button", name="Tweestapsverificatie aanzetten").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Uw reservecodes"
    codes = re.findall(r"\b[a-z2-7]{8}\b", page.locator(".backup-codes").inner_text())
    assert len(codes) == 10
    assert axe_violations(page) == []
    screenshot(page, "two-factor-backup-codes")

    page.goto(ADMIN)
    assert page.locator("#site-name").is_visible()
    page.get_by_role("button", name="Uitloggen").first.click()
    page.wait_for_load_state()

    # The next login asks for the code; a backup code does as well.
    page.goto(f"/inloggen/?next={ADMIN}")
    page.get_by_label("Gebruikersnaam").fill("beheerder")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Voer uw code in"
    assert axe_violations(page) == []
    screenshot(page, "two-factor-code")
    page.get_by_role("textbox", name="Code").fill(codes[0])
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    assert page.url.endswith(ADMIN)
    assert page.csp_violations() == []
