"""A facilitator runs a route end to end in Chromium: starts it in a neighbourhood, puts
three people on it (one new), records their conversations, invites all three at once,
moves the meeting (everyone gets an update of their calendar event), records who came,
decides the plan at the meeting (not before it), removes a wrong agreement, checks the
kader, accepts and sends. axe on every new page; page loads and submits counted."""

import datetime
import re

import icalendar
import pytest
from django.core import mail
from playwright.sync_api import expect

from nieuweroute.models import Invitation, PlanSending, Route, Verdict
from participants.models import ConsentPurpose, Participant
from tests.e2e.helpers import Counted, log_in, mail_to, staff_user
from tests.nieuweroute.factories import KaderFactory, OrganisationFactory, ParticipantFactory
from tests.wei.factories import NeighbourhoodFactory
from wei.roles import FACILITATOR

PEOPLE = {"jan@example.org": "Jan Bakker", "els@example.org": "Els Visser",
          "mia@example.org": "Mia de Boer"}


def event_of(message):
    (part,) = message.attachments
    calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    (event,) = calendar.walk("VEVENT")
    return part["Content-Type"], calendar, event


def click(page, role, name):
    with page.expect_navigation():
        page.get_by_role(role, name=name).click()


@pytest.mark.django_db(transaction=True)
def test_a_facilitator_takes_new_and_known_people_through_a_route_that_moves(
        migration_data, page, axe_violations):
    today = datetime.date.today()
    staff_user("anke", groups=[FACILITATOR], first_name="Anke", last_name="Siegers")
    oosterboer = NeighbourhoodFactory(name="Oosterboer")
    NeighbourhoodFactory(name="Haveltermade")
    for email, name in list(PEOPLE.items())[:2]:
        ParticipantFactory(name=name, email=email, postcode="7941 AB", neighbourhood=oosterboer)
    municipality = OrganisationFactory(name="Gemeente Meppel")
    counted = Counted(page)
    main = page.get_by_role("main")

    log_in(page, "anke", next_url="/nieuwe-route/")
    counted.start()
    click(page, "link", "Een Nieuwe Route starten")
    counted.check(axe_violations)
    page.get_by_label("Titel").fill("Rollen in het wijkteam")
    page.get_by_label("Kwestie").fill("Bewoners weten niet wie in het wijkteam wat doet.")
    page.get_by_label("Wijk").select_option(str(oosterboer.pk))
    page.get_by_label("Gemeente Meppel").check()
    click(page, "button", "Start de route")
    expect(main).to_contain_text("De route is gestart.")
    route = Route.objects.get()
    assert route.neighbourhood == oosterboer
    KaderFactory(route=route, number=1, organisation=municipality,
                 text="Het plan vraagt geen extra formatie.")

    click(page, "link", "Besluitvormingsbijeenkomst vastleggen")
    page.get_by_label("Datum van de besluitvormingsbijeenkomst").fill(today.isoformat())
    page.get_by_label("Begintijd").fill("19:30")
    page.get_by_label("Eindtijd").fill("21:30")
    page.get_by_label("Plaats").fill("Het Wijkhuis, Meppel")
    click(page, "button", "Opslaan")

    # Two people of the neighbourhood, found by their postcode, ticked in one go.
    click(page, "link", "Mensen aan de route toevoegen")
    counted.check(axe_violations)
    page.get_by_label("Zoek iemand op naam, postcode of e-mailadres").fill("7941ab")
    click(page, "button", "Zoeken")
    counted.check(axe_violations)
    page.get_by_label("Jan Bakker, 7941 AB, jan@example.org").check()
    page.get_by_label("Els Visser, 7941 AB, els@example.org").check()
    click(page, "button", "Aangevinkte mensen toevoegen")
    expect(main).to_contain_text("2 mensen zijn aan de route toegevoegd.")

    # Someone new: refused without consent (what was typed stays), then added.
    click(page, "link", "Mensen aan de route toevoegen")
    new = page.get_by_role("region", name="Iemand nieuws toevoegen")
    new.get_by_label("Naam").fill("Mia de Boer")
    new.get_by_label("E-mailadres (niet verplicht)").fill("mia@example.org")
    with page.expect_navigation():
        new.get_by_role("button", name="Aan de route toevoegen").click()
    expect(new.get_by_label("Naam")).to_have_value("Mia de Boer")
    expect(main).to_contain_text("Vraag eerst om toestemming")
    counted.check(axe_violations)
    new.get_by_label(re.compile("gegevens worden gebruikt")).check()
    with page.expect_navigation():
        new.get_by_role("button", name="Aan de route toevoegen").click()
    expect(main).to_contain_text("Mia de Boer is aan de route toegevoegd.")
    mia = Participant.objects.get(email="mia@example.org")
    assert mia.neighbourhood == oosterboer
    assert mia.consents.filter(purpose=ConsentPurpose.PARTICIPATION).exists()

    # The conversation form opened with Mia chosen; then Jan's and Els's conversations.
    for email, name in [("mia@example.org", "Mia de Boer"), ("jan@example.org", "Jan Bakker"),
                        ("els@example.org", "Els Visser")]:
        if name != "Mia de Boer":
            click(page, "link", "Gesprek vastleggen")
            page.get_by_label("Deelnemer").select_option(
                str(Participant.objects.get(email=email).pk))
        else:
            counted.check(axe_violations)
            expect(page.get_by_label("Deelnemer")).to_have_value(str(mia.pk))
        page.locator("#id_held_on").fill(today.isoformat())
        page.get_by_label("E-mailadres voor de uitnodiging en het plan").fill(email)
        click(page, "button", "Gesprek vastleggen")
        expect(main).to_contain_text("Het gesprek is vastgelegd.")

    # All three invited at once: everyone spoken to is ticked already.
    click(page, "link", "Deelnemers uitnodigen")
    counted.check(axe_violations)
    click(page, "button", "Uitnodigingen versturen")
    expect(main).to_contain_text("De uitnodigingen zijn verstuurd.")
    expect(main).to_contain_text("3 uitnodigingen zijn nog niet beantwoord")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(PEOPLE)
    first_uids = {m.to[0]: event_of(m)[2]["UID"] for m in mail.outbox}

    # The meeting moves half an hour: every invitee gets an update of the same event.
    mail.outbox.clear()
    click(page, "link", "Besluitvormingsbijeenkomst verplaatsen")
    expect(main).to_contain_text("Er zijn 3 uitnodigingen verstuurd")
    counted.check(axe_violations)
    page.get_by_label("Begintijd").fill("20:00")
    click(page, "button", "Opslaan")
    expect(main).to_contain_text("De besluitvormingsbijeenkomst is vastgelegd.")
    for address in PEOPLE:
        [update] = mail_to(address)
        content_type, calendar, event = event_of(update)
        assert "method=REQUEST" in content_type and calendar["METHOD"] == "REQUEST"
        assert event["UID"] == first_uids[address] and event["SEQUENCE"] == 1
        assert event.decoded("DTSTART").strftime("%H:%M") == "20:00"
        assert "20:00–21:30" in update.body

    # Who came; then the plan, first dated before the meeting (refused), then at it.
    for name in PEOPLE.values():
        page.get_by_role("button", name=re.compile(rf"^Aanwezig\s*: {name}$")).click()
        expect(main).to_contain_text("De aanwezigheid is vastgelegd.")
    assert Invitation.objects.filter(attended=True).count() == 3
    click(page, "link", "Versie van het plan vastleggen")
    page.locator("#id_decided_on").fill((today - datetime.timedelta(days=14)).isoformat())
    click(page, "button", "Plan vastleggen")
    expect(main).to_contain_text("niet ervoor")
    counted.check(axe_violations)
    page.locator("#id_decided_on").fill(today.isoformat())
    click(page, "button", "Plan vastleggen")
    expect(main).to_contain_text("Het plan is vastgelegd.")

    for what in ("Een verkeerde afspraak", "Een rooster van aanspreekpunten maken"):
        page.locator("#id_what").fill(what)
        page.get_by_label("Wie (organisatie)").select_option(label="Gemeente Meppel")
        click(page, "button", "Afspraak toevoegen")
    click(page, "button", re.compile("^Verwijderen\\s*: Een verkeerde afspraak"))
    expect(main).to_contain_text("De afspraak is verwijderd.")
    expect(main).not_to_contain_text("Een verkeerde afspraak")
    counted.check(axe_violations)

    page.locator("#id_kader").select_option(index=1)
    page.get_by_label("Ja, het voldoet aan het kader").check()
    page.get_by_label("Toelichting").fill("Het rooster vraagt geen extra uren.")
    click(page, "button", "Toetsing opslaan")
    page.locator("input[name='confirm']").check()
    click(page, "button", "Plan accepteren")
    expect(main).to_contain_text("Het plan voldoet aan alle kaders en is geaccepteerd.")
    mail.outbox.clear()
    page.locator("input[name='confirm']").check()
    click(page, "button", "Plan naar iedere deelnemer versturen")
    expect(main).to_contain_text("Het plan is naar 3 deelnemers verstuurd.")
    plan = PlanSending.objects.select_related("plan").first().plan
    assert plan.verdict == Verdict.ACCEPTED and plan.decided_on == today
    assert [i.what for i in plan.items.all()] == ["Een rooster van aanspreekpunten maken"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(PEOPLE)
    day = f"{today.day} {['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'][today.month - 1]} {today.year}"  # noqa: E501
    assert day in mail.outbox[0].body
    counted.check(axe_violations)
    # The whole route, from starting it to the sent plan: every step one page and a submit.
    assert (counted.loads, counted.submits) == (31, 22), counted.visited
