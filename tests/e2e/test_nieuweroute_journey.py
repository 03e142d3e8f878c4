"""A facilitator takes a Nieuwe Route from its first preparatory conversation to an
accepted plan sent to every participant, in Chromium, with axe on every page."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from nieuweroute.models import InformationRequest, Invitation, KaderStatus, PlanSending, Verdict
from tests.e2e.helpers import link_in, log_in, mail_to, staff_user
from tests.nieuweroute.factories import (
    KaderFactory,
    OrganisationFactory,
    ParticipantFactory,
    RouteFactory,
)
from wei.roles import FACILITATOR


def no_violations(page, axe_violations, screenshot=None, name=""):
    if screenshot:
        screenshot(page, name)
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_facilitator_takes_a_route_from_first_conversation_to_a_sent_plan(
    migration_data, page, axe_violations, screenshot
):
    today = datetime.date.today()
    facilitator = staff_user("anke", groups=[FACILITATOR], first_name="Anke",
                             last_name="Siegers")
    route = RouteFactory(facilitator=facilitator, title="Samen voor de uitvoering van WDW",
                         meeting_date=None, meeting_start=None, meeting_end=None,
                         meeting_place="")
    municipality = OrganisationFactory(name="Gemeente Meppel")
    route.steering_organisations.add(municipality)
    route.participants.add(ParticipantFactory(name="Jan Bakker", email="jan@example.org"))
    # A kader still in draft: the plan cannot be checked against it.
    KaderFactory(route=route, number=2, organisation=municipality, status=KaderStatus.CONCEPT,
                 fixed_at=None, text="Een concept dat nog wordt aangescherpt.")

    log_in(page, "anke", next_url="/nieuwe-route/")
    main = page.get_by_role("main")
    no_violations(page, axe_violations, screenshot, "nieuweroute-0-routes")
    page.get_by_role("link", name="Een Nieuwe Route starten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Een Nieuwe Route starten")
    no_violations(page, axe_violations)
    page.goto("/nieuwe-route/")
    page.get_by_role("link", name=route.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(route.title)
    no_violations(page, axe_violations, screenshot, "nieuweroute-1-route")

    # The municipality's kader, drafted and then fixed.
    page.get_by_role("link", name="Kader toevoegen").click()
    no_violations(page, axe_violations)
    page.get_by_label("Nummer").fill("1")
    page.get_by_label("Kaderstellende partij").select_option(label="Gemeente Meppel")
    page.locator("#id_text").fill("Het plan past binnen de formatie en het budget.")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("button", name="Kader 1 vaststellen").click()
    expect(main).to_contain_text("Kader 1 is nu vastgesteld.")

    # The decision meeting is today (the journey runs in one day).
    page.get_by_role("link", name="Besluitvormingsbijeenkomst vastleggen").click()
    no_violations(page, axe_violations)
    page.get_by_label("Datum van de besluitvormingsbijeenkomst").fill(today.isoformat())
    page.get_by_label("Begintijd").fill("19:30")
    page.get_by_label("Eindtijd").fill("21:30")
    page.get_by_label("Plaats").fill("Het Wijkhuis, Meppel")
    page.get_by_role("button", name="Opslaan").click()

    # The first preparatory conversation: a new name and an information need come from it.
    page.get_by_role("link", name="Gesprek vastleggen").click()
    no_violations(page, axe_violations, screenshot, "nieuweroute-2-conversation")
    page.get_by_label("Deelnemer").select_option(label="Jan Bakker")
    page.get_by_label("Datum").fill(today.isoformat())
    page.get_by_label("Wie zou er nog meer deel moeten nemen?").fill("Mia de Boer")
    page.get_by_label("Welke informatie is nodig om goed mee te kunnen besluiten?").fill(
        "Hoeveel uren heeft het wijkteam per week?")
    page.get_by_label("E-mailadres voor de uitnodiging en het plan").fill("jan@example.org")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(main).to_contain_text("Mia de Boer, voorgesteld door Jan Bakker")
    page.get_by_role("button", name="Mia de Boer toevoegen als deelnemer").click()
    expect(main).to_contain_text("Mia de Boer is nu deelnemer van de route.")

    page.get_by_role("link", name="Antwoord vastleggen").click()
    no_violations(page, axe_violations)
    page.locator("#id_answer").fill("Twaalf uur per week, over drie mensen.")
    page.get_by_label("Informant (organisatie)").select_option(label="Gemeente Meppel")
    page.get_by_role("button", name="Antwoord opslaan").click()
    assert InformationRequest.objects.get().answered_on == today
    page.get_by_role("link", name="Informatiepakket om te printen").click()
    expect(main).to_contain_text("Twaalf uur per week")
    no_violations(page, axe_violations, screenshot, "nieuweroute-3-information-pack")
    page.go_back()

    # Only someone spoken to can be invited; Jan answers from the e-mail.
    page.get_by_role("link", name="Deelnemers uitnodigen").click()
    no_violations(page, axe_violations)
    expect(page.get_by_role("checkbox", name="Jan Bakker")).to_be_checked()
    page.get_by_role("button", name="Uitnodigingen versturen").click()
    expect(main).to_contain_text("De uitnodigingen zijn verstuurd.")
    [invitation_mail] = mail_to("jan@example.org")
    route_url = page.url
    page.goto(link_in(invitation_mail, "Ja, ik kom"))
    no_violations(page, axe_violations, screenshot, "nieuweroute-4-invitation-answer")
    page.get_by_role("button", name="Ja, ik kom").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dank voor je antwoord")
    assert Invitation.objects.get().response == "yes"
    no_violations(page, axe_violations)

    page.goto(route_url)
    # The button's name tells whose attendance it records.
    page.get_by_role("button", name=re.compile(r"^Aanwezig\s*: Jan Bakker$")).click()
    expect(main).to_contain_text("De aanwezigheid is vastgelegd.")
    no_violations(page, axe_violations, screenshot, "nieuweroute-5-after-meeting")

    # The plan, made together at the meeting, checked against the fixed kader.
    page.get_by_role("link", name="Versie van het plan vastleggen").click()
    no_violations(page, axe_violations)
    page.get_by_label("Samenvatting").fill("Het wijkteam krijgt één aanspreekpunt per partner.")
    page.get_by_role("button", name="Plan vastleggen").click()
    expect(main).to_contain_text("Het plan is vastgelegd.")
    no_violations(page, axe_violations)

    page.get_by_label("Wat").fill("Een rooster van aanspreekpunten maken")
    page.get_by_label("Wie (persoon)").select_option(label="Jan Bakker")
    page.get_by_label("Wanneer klaar").fill((today + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Afspraak toevoegen").click()
    expect(main).to_contain_text("Een rooster van aanspreekpunten maken")

    # Checking against the draft is refused, and the refusal is read out (role=alert).
    page.locator("#id_kader").select_option(label="2. Een concept dat nog wordt aangescherpt.")
    page.get_by_label("Ja, het voldoet aan het kader").check()
    page.get_by_label("Toelichting").fill("Te vroeg.")
    page.get_by_role("button", name="Toetsing opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Kader 2 is nog een concept")
    no_violations(page, axe_violations, screenshot, "nieuweroute-6-refused-check")
    # The plan page again, with what was typed.
    expect(page.get_by_label("Toelichting")).to_have_value("Te vroeg.")

    page.locator("#id_kader").select_option(index=1)
    page.get_by_label("Ja, het voldoet aan het kader").check()
    page.get_by_label("Toelichting").fill("Het rooster vraagt geen extra uren.")
    page.get_by_role("button", name="Toetsing opslaan").click()
    expect(main).to_contain_text("De toetsing is opgeslagen.")

    # What the check did not cover is said before the confirmation.
    page.locator("input[name='confirm']").check()
    page.get_by_role("button", name="Plan accepteren").click()
    expect(main).to_contain_text("Het plan voldoet aan alle kaders en is geaccepteerd.")
    no_violations(page, axe_violations, screenshot, "nieuweroute-7-plan-accepted")

    mail.outbox.clear()
    expect(page.locator(".workspace-consequences")).to_contain_text("@")  # to whom
    page.locator("input[name='confirm']").check()
    page.get_by_role("button", name="Plan naar iedere deelnemer versturen").click()
    expect(main).to_contain_text("Het plan is naar 1 deelnemers verstuurd.")
    # Sent: the button stays, disabled, and says why.
    expect(page.get_by_role("button", name="Plan naar iedere deelnemer versturen")).to_be_disabled()
    expect(main).to_contain_text("Het plan is al verstuurd naar iedereen met een bevestigd "
                                 "e-mailadres.")
    no_violations(page, axe_violations, screenshot, "nieuweroute-8-plan-sent")
    [plan_mail] = mail.outbox
    assert plan_mail.to == ["jan@example.org"]
    assert "Een rooster van aanspreekpunten maken" in plan_mail.body
    plan = PlanSending.objects.select_related("plan").get().plan
    assert plan.verdict == Verdict.ACCEPTED
