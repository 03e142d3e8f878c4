"""The admin pages staff work in, on the demo data, checked with axe (WCAG 2.1 A and AA):
the index, and the list, a change page and the add page of the main models."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from initiatives.models import Initiative
from nieuweroute.models import Kader, Route
from participants.models import FlowEvent, Participant
from tests.e2e.helpers import log_in, staff_user
from wei.models import PhaseTransition, Process

ADMIN = "/" + settings.ADMIN_URL
MODELS = [Process, PhaseTransition, Participant, FlowEvent, Initiative, Route, Kader]


@pytest.fixture
def demo(migration_data):
    call_command("seed_demo", stdout=io.StringIO())
    staff_user("beheerder", superuser=True)


def admin_pages():
    pages = {"admin-index": ADMIN}
    for model in MODELS:
        meta = model._meta
        base = f"{ADMIN}{meta.app_label}/{meta.model_name}/"
        first = model.objects.order_by("pk").values_list("pk", flat=True).first()
        pages[f"admin-{meta.model_name}-list"] = base
        pages[f"admin-{meta.model_name}-change"] = f"{base}{first}/change/"
        pages[f"admin-{meta.model_name}-add"] = f"{base}add/"
    return pages


@pytest.mark.django_db(transaction=True)
def test_main_admin_pages_have_no_axe_violations(demo, page, axe_violations, screenshot):
    log_in(page, "beheerder")
    found = {}
    for name, url in admin_pages().items():
        response = page.goto(url)
        if response.status != 200:
            found[url] = [f"HTTP {response.status}"]
            continue
        # The admin speaks the site's language, under the site's name.
        assert page.locator("html").get_attribute("lang") == "nl"
        assert "Wijkkompas" in page.title()
        screenshot(page, name)
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    assert found == {}
