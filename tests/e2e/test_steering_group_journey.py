"""A steering-group member fixes their organisation's kader in the admin, in Chromium,
with axe on every admin page on the way."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from nieuweroute.models import KaderStatus
from tests.e2e.helpers import log_in, staff_user
from tests.nieuweroute.factories import KaderFactory, OrganisationFactory, RouteFactory
from wei.roles import STEERING_MEMBER


@pytest.mark.django_db(transaction=True)
def test_a_steering_group_member_explains_and_fixes_a_kader_in_the_admin(
    migration_data, page, axe_violations, screenshot
):
    route = RouteFactory(title="Samen voor de uitvoering van WDW")
    housing = OrganisationFactory(name="Woonconcept")
    municipality = OrganisationFactory(name="Gemeente Meppel")
    route.steering_organisations.add(housing, municipality)
    own = KaderFactory(route=route, number=4, organisation=housing, status=KaderStatus.CONCEPT,
                       fixed_at=None, text="Huurders houden één vast aanspreekpunt.")
    KaderFactory(route=route, number=1, organisation=municipality, status=KaderStatus.CONCEPT,
                 fixed_at=None, text="Een concept van de gemeente")
    member = staff_user("stuurgroep-woonconcept", groups=[STEERING_MEMBER], first_name="Wim",
                        last_name="de Groot")
    housing.members.add(member)

    log_in(page, member.username, next_url="/" + settings.ADMIN_URL)
    assert page.get_by_role("heading", level=1).is_visible()
    assert axe_violations(page) == []
    screenshot(page, "steering-1-admin-index")

    page.get_by_role("link", name="Kaders", exact=True).first.click()
    rows = page.locator("#result_list tbody tr")
    # Their own concept only: another organisation's concept stays out of sight.
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Huurders houden één vast aanspreekpunt")
    assert axe_violations(page) == []
    screenshot(page, "steering-2-kaders")

    # Explain the kader before the plan meeting, then fix it.
    page.get_by_role("link", name="4", exact=True).click()
    assert axe_violations(page) == []
    page.get_by_label("Toelichting").fill("Zo weet iedere huurder bij wie hij terecht kan.")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    assert axe_violations(page) == []

    expect(page.locator(".messagelist")).to_contain_text("gewijzigd")
    page.get_by_role("checkbox", name=re.compile("Huurders houden")).check()
    action = page.get_by_role("combobox", name="Actie")
    action.select_option(label="Geselecteerde kaders vaststellen")
    page.get_by_role("button", name="Uitvoeren").click()
    expect(page.locator(".messagelist")).to_contain_text("1 kader(s) vastgesteld.")
    assert axe_violations(page) == []
    screenshot(page, "steering-3-fixed")

    own.refresh_from_db()
    assert own.status == KaderStatus.FIXED and own.fixed_by == member
    assert own.explanation == "Zo weet iedere huurder bij wie hij terecht kan."
    # A fixed kader no longer changes: its page only shows it.
    page.get_by_role("link", name="4", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("weergeven")
    expect(page.get_by_role("button", name="Opslaan", exact=True)).to_have_count(0)
    assert axe_violations(page) == []
