"""A resident's journeys in Chromium: finding an initiative, signing up, confirming
from the e-mail and withdrawing again with the keyboard alone; proposing an idea.

The e-mail goes the way it goes in production: a row in django-post-office's queue,
delivered by `send_queued_mail` (to Django's test outbox), and read from the HTML
part as a mail program shows it.
"""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from initiatives.models import Initiative, InitiativePhase, Membership, SignUp
from participants.models import FlowEvent, FlowKind
from tests.e2e.helpers import (
    assert_focus_visible,
    focused,
    link_in,
    mail_to,
    tab_to,
    tab_to_field,
)
from tests.initiatives.factories import InitiativeFactory, ProcessFactory


@pytest.fixture
def queued_mail(settings, tmp_path):
    """All mail through the durable queue, as configured for production."""
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "core.mail.QueueBackend"
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"},
        "DEFAULT_PRIORITY": "medium",
    }
    from post_office.connections import connections

    connections.close()

    def deliver():
        call_command("send_queued_mail", lockfile=str(tmp_path / "post_office"))

    return deliver


@pytest.fixture
def open_forms(settings):
    # Every journey starts with an empty rate-limit count.
    cache.clear()
    settings.PUBLIC_FORM_RATE_LIMIT = "100/h"


def press(page, key):
    """Press a key on the focused element and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def type_into(page, element_id, text):
    tab_to_field(page, element_id)
    page.keyboard.type(text)


@pytest.mark.django_db(transaction=True)
def test_a_resident_finds_signs_up_confirms_and_withdraws_with_the_keyboard_only(
    page, axe_violations, screenshot, queued_mail, open_forms
):
    InitiativeFactory(title="Repair Café De Kansel", slug="repair-cafe-de-kansel",
                      description="Samen spullen repareren.")
    garden = InitiativeFactory(title="Buurtmoestuin Haveltermade",
                               slug="buurtmoestuin-haveltermade",
                               description="Samen groente kweken op het braakliggende veld.")

    page.goto("/")
    tab_to(page, "Initiatieven", tag="a")
    press(page, "Enter")
    assert page.url.endswith("/initiatieven/")

    # Search: type in the search field, Enter submits the filter form.
    type_into(page, "id_q", "moestuin")
    press(page, "Enter")
    assert "q=moestuin" in page.url
    assert page.get_by_role("heading", name="1 initiatief gevonden").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "journey-resident-1-search")

    tab_to(page, "Buurtmoestuin Haveltermade", tag="a")
    press(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(garden.title)
    tab_to(page, "Doe mee", tag="a")
    press(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Doe mee met {garden.title}")
    assert axe_violations(page) == []

    type_into(page, "id_name", "Fatima el Amrani")
    type_into(page, "id_email", "fatima@example.org")
    type_into(page, "id_postcode", "7942 AB")
    type_into(page, "id_contribution", "Ik kan goed zaaien.")
    tab_to_field(page, "id_consent")
    page.keyboard.press("Space")
    assert page.locator("#id_consent").is_checked()
    screenshot(page, "journey-resident-2-signup")
    tab_to(page, "Aanmelden", tag="input")
    press(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer je mailbox")
    assert axe_violations(page) == []

    # The mail waits in the queue until the worker sends it.
    assert mail_to("fatima@example.org") == []
    queued_mail()
    [request] = mail_to("fatima@example.org")
    assert "Bevestig" in request.subject
    page.goto(link_in(request, "Bevestig mijn aanmelding"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevestig je aanmelding")
    assert axe_violations(page) == []
    tab_to(page, "Bevestig mijn aanmelding", tag="button")
    press(page, "Space")
    expect(page.get_by_role("heading", level=1)).to_have_text("Je aanmelding is bevestigd")
    assert axe_violations(page) == []
    screenshot(page, "journey-resident-3-confirmed")
    membership = Membership.objects.get(initiative=garden)
    assert membership.participant.name == "Fatima el Amrani"

    queued_mail()
    confirmed = mail_to("fatima@example.org")[-1]
    page.goto(link_in(confirmed, "Afmelden"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Afmelden")
    assert axe_violations(page) == []
    tab_to(page, "Ja, meld me af", tag="button")
    press(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Je bent afgemeld")
    assert axe_violations(page) == []
    screenshot(page, "journey-resident-4-withdrawn")
    membership.refresh_from_db()
    assert membership.ended_on == datetime.date.today()
    assert FlowEvent.objects.filter(participant=membership.participant,
                                    kind=FlowKind.OUTFLOW).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_resident_proposes_an_idea_and_hears_what_was_wrong(
    page, axe_violations, screenshot, queued_mail, open_forms
):
    process = ProcessFactory(neighbourhood__name="Koedijkslanden")
    page.goto("/initiatieven/")
    page.get_by_role("link", name="Stel een idee voor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stel je eigen idee voor")
    page.get_by_label("Wijk").select_option(label="Koedijkslanden (Meppel)")
    page.get_by_label("Je idee in een paar woorden").fill("Een ruilkast bij de school")
    page.get_by_label("Vertel er meer over").fill("Boeken en speelgoed ruilen met de buren.")
    page.get_by_label("Je naam").fill("Henk Jansen")
    page.get_by_label("Je e-mailadres").fill("henk@example.org")
    page.get_by_label("Postcode (niet verplicht)").fill("12")
    page.get_by_label("Ik geef toestemming").check()
    page.get_by_role("button", name="Verstuur mijn idee").click()

    # The server refuses the postcode: the field says so, and a screen reader hears it
    # when it reaches the field (aria-invalid, and the error as its description).
    field = page.get_by_label("Postcode (niet verplicht)")
    assert field.get_attribute("aria-invalid") == "true"
    described_by = field.get_attribute("aria-describedby").split()
    errors = " ".join(page.locator(f"#{id_}").inner_text() for id_ in described_by)
    assert "Vul een Nederlandse postcode in" in errors
    assert page.get_by_label("Je naam").input_value() == "Henk Jansen"
    assert axe_violations(page) == []
    screenshot(page, "journey-idea-1-error")

    field.fill("7941 AB")
    field.focus()
    assert_focus_visible(page)
    page.get_by_role("button", name="Verstuur mijn idee").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer je mailbox")

    queued_mail()
    [request] = mail_to("henk@example.org")
    page.goto(link_in(request, "Bevestig mijn idee"))
    page.get_by_role("button", name="Bevestig mijn idee").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je idee is bevestigd")
    assert axe_violations(page) == []
    screenshot(page, "journey-idea-2-confirmed")

    idea = SignUp.objects.get(email="henk@example.org").created_initiative
    assert idea.title == "Een ruilkast bij de school"
    assert idea.phase == InitiativePhase.IDEA and not idea.is_public
    assert idea.process == process
    assert Initiative.objects.count() == 1
    assert focused(page)["tag"] == "body"  # a fresh page starts at the top
