"""Every public page a resident can reach, in Chromium, checked with axe (WCAG 2.1 A and AA)."""

import pytest

from initiatives.models import Initiative
from tests.initiatives.factories import InitiativeFactory, ReflectionFactory


@pytest.fixture
def demo(transactional_db):
    initiative = InitiativeFactory(title="Buurtmoestuin <De Kansel>")
    ReflectionFactory(initiative=initiative)
    return initiative


@pytest.mark.django_db(transaction=True)
def test_public_pages_pass_axe_and_forms_keep_input(demo, page, axe_violations, screenshot):
    initiative = Initiative.objects.filter(is_public=True).select_related("neighbourhood").first()
    pages = {
        "home": "/",
        "initiatives": "/initiatieven/",
        "initiative": f"/initiatieven/{initiative.slug}/",
        "signup": f"/initiatieven/{initiative.slug}/aanmelden/",
        "neighbourhood": f"/wijken/{initiative.neighbourhood.slug}/",
        "idea": "/idee/",
        "privacy": "/privacy/",
        "login": "/inloggen/",
    }
    found = {}
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, url
        screenshot(page, f"public-{name}")
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    assert found == {}

    # A form with an error keeps what was typed and stays accessible.
    page.goto(f"/initiatieven/{initiative.slug}/aanmelden/")
    page.get_by_label("Je naam").fill("Fatima el Amrani")
    page.get_by_label("Je e-mailadres").fill("geen-adres")
    page.get_by_role("button", name="Aanmelden").click()
    assert page.get_by_label("Je naam").input_value() == "Fatima el Amrani"
    # The browser holds the form back and points at the address (server-side
    # validation answers the same in the HTTP tests).
    assert page.locator("input[type=email]:invalid").count() == 1
    assert axe_violations(page) == []
