import datetime

import pytest
from django.contrib.auth.models import User

from nieuweroute.models import Invitation
from tests.nieuweroute.factories import OrganisationFactory, ParticipantFactory, RouteFactory


@pytest.mark.django_db(transaction=True)
def test_facilitator_records_a_conversation_and_invites(page, axe_violations, screenshot):
    facilitator = User.objects.create_user("anke", password="wijkkompas-e2e", is_staff=True,
                                           first_name="Anke", last_name="Siegers")
    route = RouteFactory(facilitator=facilitator, title="Samen voor de uitvoering van WDW",
                         meeting_date=datetime.date.today() + datetime.timedelta(days=14))
    route.steering_organisations.add(OrganisationFactory(name="Gemeente Meppel"))
    route.participants.add(ParticipantFactory(name="Jan Bakker", email="jan@example.org"))

    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("anke")
    page.get_by_label("Wachtwoord").fill("wijkkompas-e2e")
    page.get_by_role("button", name="Inloggen").click()

    page.goto(f"/nieuwe-route/{route.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == route.title
    assert axe_violations(page) == []
    screenshot(page, "nieuweroute-route")

    page.get_by_role("link", name="Gesprek vastleggen").click()
    assert axe_violations(page) == []
    page.get_by_label("Deelnemer").select_option(label="Jan Bakker")
    page.get_by_label("Datum").fill(datetime.date.today().isoformat())
    page.get_by_label("Wie zou er nog meer deel moeten nemen?").fill("Mia de Boer")
    page.get_by_label("E-mailadres voor de uitnodiging en het plan").fill("jan@example.org")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    assert "Mia de Boer, voorgesteld door Jan Bakker" in page.get_by_role("main").inner_text()

    page.get_by_role("link", name="Deelnemer uitnodigen").click()
    assert axe_violations(page) == []
    page.get_by_label("Deelnemer").select_option(label="Jan Bakker")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    assert "De uitnodiging is verstuurd." in page.get_by_role("main").inner_text()
    assert axe_violations(page) == []
    screenshot(page, "nieuweroute-invited")
    assert Invitation.objects.get().participant.name == "Jan Bakker"
