"""A steering-group member fixes their organisation's kader in the admin, in Chromium,
with axe on every admin page on the way: from the login to the admin index, through the
route's page with its kaders and the plan's checks, to a new kader fixed with its button.
No link in the header or the navigation of any page on the way answers 403."""

import datetime
import re
from urllib.parse import urljoin

import pytest
from django.conf import settings
from playwright.sync_api import expect

from nieuweroute.models import Kader, KaderStatus
from tests.e2e.helpers import log_in, staff_user
from tests.nieuweroute.factories import (
    KaderFactory,
    OrganisationFactory,
    PlanVersionFactory,
    RouteFactory,
    UserFactory,
)
from wei.roles import STEERING_MEMBER

# The site's header, the admin's header, its navigation and the breadcrumbs.
NAVIGATION = "header a[href], #header a[href], nav a[href], .breadcrumbs a[href]"


def refused_links(page) -> list[str]:
    """The links of this page's header and navigation that do not open for this user."""
    hrefs = set(page.eval_on_selector_all(
        NAVIGATION, "links => links.map(link => link.getAttribute('href'))"))
    assert hrefs, f"no navigation on {page.url}"
    refused = []
    for href in sorted(hrefs):
        if href.startswith("#"):
            continue
        response = page.request.get(urljoin(page.url, href))  # the browser's own session
        if response.status >= 400:
            refused.append(f"{href}: {response.status}")
    return refused


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

    # No address to go to: the login lands on the admin, where they work.
    log_in(page, member.username)
    expect(page).to_have_url(re.compile(f"/{settings.ADMIN_URL}$"))
    assert page.get_by_role("heading", level=1).is_visible()
    assert axe_violations(page) == []
    assert refused_links(page) == []
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
    assert refused_links(page) == []

    # Meanwhile the plan was decided and checked against the fixed kaders.
    checker = UserFactory(first_name="Anke", last_name="Siegers")
    fixed = KaderFactory(route=route, number=2, organisation=municipality,
                         text="Binnen formatie en budget")
    fixed_own = KaderFactory(route=route, number=5, organisation=housing,
                             text="Passend binnen de woningwet")
    plan = PlanVersionFactory(route=route, summary="Eén aanspreekpunt per straat.")
    plan.checks.create(kader=fixed, meets=True, explanation="Past binnen het budget van 2023.",
                       checked_on=datetime.date(2023, 4, 20), checked_by=checker)
    plan.checks.create(kader=fixed_own, meets=False, checked_by=checker,
                       explanation="Een buurtbus valt buiten de woningwet.",
                       checked_on=datetime.date(2023, 4, 20))

    # The route's page: its kaders, and the plan with its checks in words.
    page.get_by_role("link", name="Nieuwe Route-processen").first.click()
    page.get_by_role("link", name="Samen voor de uitvoering van WDW").click()
    kaders = page.locator(".inline-group")
    expect(kaders).to_contain_text("Huurders houden één vast aanspreekpunt")
    expect(kaders).to_contain_text("Binnen formatie en budget")
    expect(kaders).not_to_contain_text("Een concept van de gemeente")
    checks = page.get_by_role("table", name="Hoe planversie 1 aan de kaders is getoetst")
    expect(checks.get_by_role("row", name=re.compile("Binnen formatie"))).to_contain_text(
        re.compile(r"Voldoet\s+Past binnen het budget van 2023\.\s+Anke Siegers"))
    expect(checks.get_by_role("row", name=re.compile("Passend binnen"))).to_contain_text(
        re.compile(r"Voldoet niet\s+Een buurtbus valt buiten de woningwet\.\s+Anke Siegers"))
    # Their route pages are not theirs to open: no "view on site" that answers 404.
    expect(page.get_by_role("link", name="Weergeven op website")).to_have_count(0)
    assert axe_violations(page) == []
    assert refused_links(page) == []
    screenshot(page, "steering-4-route")

    # A new kader: the route and their one organisation are chosen already.
    page.get_by_role("link", name="Een kader aan deze route toevoegen").click()
    expect(page.get_by_label("Kaderstellende partij")).to_have_value(str(housing.pk))
    expect(page.locator("#id_route")).to_have_value(str(route.pk))
    assert axe_violations(page) == []
    assert refused_links(page) == []
    page.locator("#id_number").fill("6")
    page.locator("#id_text").fill("Activiteiten dicht bij de woningen.")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("toegevoegd")

    # Fixed with the button on its own page, after a confirmation.
    page.get_by_role("link", name="6", exact=True).click()
    page.get_by_role("link", name="Dit kader vaststellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kader 6 vaststellen?")
    expect(page.get_by_role("main")).to_contain_text("Activiteiten dicht bij de woningen.")
    assert axe_violations(page) == []
    assert refused_links(page) == []
    screenshot(page, "steering-5-fix-confirmation")
    page.get_by_role("button", name="Ja, stel dit kader vast").click()
    expect(page.locator(".messagelist")).to_contain_text("Kader 6 is vastgesteld")
    expect(page.get_by_role("link", name="Dit kader vaststellen")).to_have_count(0)
    expect(page.get_by_role("button", name="Opslaan", exact=True)).to_have_count(0)
    assert axe_violations(page) == []
    assert refused_links(page) == []
    added = Kader.objects.get(route=route, number=6)
    assert (added.organisation, added.status, added.fixed_by) == (
        housing, KaderStatus.FIXED, member)
