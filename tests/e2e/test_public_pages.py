"""Every page a resident can reach, in Chromium: no axe violations (WCAG 2.1 A and AA),
and usable on a 320-pixel screen and at 200 % zoom. A screenshot of each is saved."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from initiatives import services as signups
from initiatives.models import SignUpKind
from nieuweroute import services as routes
from tests.e2e.helpers import NARROW, ZOOMED, reflow_problems
from tests.initiatives.factories import InitiativeFactory, ReflectionFactory
from tests.nieuweroute.factories import ConversationFactory, ParticipantFactory, RouteFactory
from tests.wei.factories import ActivityFactory

LINK = re.compile(r"https?://\S+?(/[^\s\"<>]*)")


def paths_in(message):
    return LINK.findall(message.body)


@pytest.fixture
def public_pages(transactional_db, live_server, settings):
    """The path of every kind of public page, with the status it answers with."""
    cache.clear()
    settings.PUBLIC_FORM_RATE_LIMIT = "100/h"
    initiative = InitiativeFactory(title="Buurtmoestuin <De Kansel>", slug="buurtmoestuin")
    ReflectionFactory(initiative=initiative)
    evening = ActivityFactory(process=initiative.process, is_public=True,
                              title="Informatieavond <in het buurthuis>",
                              date=timezone.localdate() + datetime.timedelta(days=5),
                              start_time=datetime.time(19, 30), location="Buurthuis De Kansel")
    initiative.activities.add(evening)
    signups.signup_submit(kind=SignUpKind.JOIN, initiative=initiative,
                          neighbourhood=initiative.neighbourhood, name="Fatima el Amrani",
                          email="fatima@example.org", postcode="7941 AB", language="nl",
                          base_url=live_server.url)
    confirm, withdraw = paths_in(mail.outbox[-1])
    route = RouteFactory(title="Samen voor de uitvoering van WDW")
    conversation = ConversationFactory(route=route, participant=ParticipantFactory(name="Jan"))
    routes.invitation_send(route=route, participant=conversation.participant,
                           base_url=live_server.url)
    answer = next(p for p in paths_in(mail.outbox[-1]) if p.endswith("/ja/"))
    return {
        "home": ("/", 200),
        "initiatives": ("/initiatieven/", 200),
        "initiatives-search": ("/initiatieven/?q=moestuin&fase=emergence", 200),
        "initiative": (f"/initiatieven/{initiative.slug}/", 200),
        "signup": (f"/initiatieven/{initiative.slug}/aanmelden/", 200),
        "neighbourhoods": ("/wijken/", 200),
        "neighbourhood": (f"/wijken/{initiative.neighbourhood.slug}/", 200),
        "idea": ("/idee/", 200),
        "confirm": (confirm, 200),
        "withdraw": (withdraw, 200),
        "bad-link": ("/bevestigen/niet-geldig/", 400),
        "invitation-answer": (answer, 200),
        "invitation-bad-link": ("/nieuwe-route/uitnodiging/niet-geldig/", 404),
        "privacy": ("/privacy/", 200),
        "accessibility": ("/toegankelijkheid/", 200),
        "login": ("/inloggen/", 200),
    }


@pytest.mark.django_db(transaction=True)
def test_every_public_page_passes_axe(public_pages, page, axe_violations, screenshot):
    found = {}
    for name, (url, status) in public_pages.items():
        response = page.goto(url)
        assert response.status == status, url
        assert page.locator("html").get_attribute("lang") == "nl"
        screenshot(page, f"public-{name}")
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    assert found == {}


@pytest.mark.django_db(transaction=True)
def test_the_answers_to_a_form_pass_axe(public_pages, page, axe_violations, settings):
    page.goto(public_pages["neighbourhood"][0])
    page.get_by_label("Je naam").fill("Fatima el Amrani")
    page.get_by_label("Je e-mailadres").fill("fatima@example.org")
    page.get_by_label("Ik geef toestemming").check()
    page.get_by_role("button", name="Houd me op de hoogte").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Controleer je mailbox"
    assert axe_violations(page) == []

    settings.PUBLIC_FORM_RATE_LIMIT = "0/h"
    page.go_back()
    page.get_by_role("button", name="Houd me op de hoogte").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Een moment geduld"
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", ["320px", "zoom-200"])
def test_every_public_page_works_on_a_small_screen_and_zoomed_in(
    public_pages, open_page, screenshot, screen
):
    page = open_page(**(NARROW if screen == "320px" else ZOOMED))
    found = {}
    for name, (url, _status) in public_pages.items():
        page.goto(url)
        if name in ("home", "initiative", "signup"):
            screenshot(page, f"public-{name}-{screen}")
        problems = reflow_problems(page)
        if problems:
            found[url] = problems
    assert found == {}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("form", ["signup", "neighbourhood", "idea"])
def test_every_public_form_tells_a_screen_reader_what_is_wrong(
    public_pages, page, axe_violations, form
):
    page.goto(public_pages[form][0])
    fields = page.locator("main form[method=post] :is(input, select, textarea):visible")
    for index in range(fields.count()):
        field = fields.nth(index)
        if field.get_attribute("type") != "submit":
            # Every field has a label (or it would have no accessible name).
            assert field.evaluate("el => el.labels.length") == 1, field.get_attribute("name")
    if form == "idea":
        page.locator("#id_neighbourhood").select_option(index=1)
        page.get_by_label("Je idee in een paar woorden").fill("Een ruilkast")
        page.get_by_label("Vertel er meer over").fill("Boeken ruilen.")
    page.get_by_label("Je naam").fill("Fatima el Amrani")
    page.get_by_label("Je e-mailadres").fill("fatima@example.org")
    page.locator("#id_postcode").fill("0000")  # the browser lets it through; the server not
    page.get_by_label("Ik geef toestemming").check()
    page.locator("main form[method=post] [type=submit]").click()

    postcode = page.locator("#id_postcode")
    expect(postcode).to_have_attribute("aria-invalid", "true")
    described_by = postcode.get_attribute("aria-describedby").split()
    description = " ".join(page.locator(f"#{id_}").inner_text() for id_ in described_by)
    assert "Vul een Nederlandse postcode in" in description
    assert page.get_by_label("Je naam").input_value() == "Fatima el Amrani"
    assert axe_violations(page) == []
