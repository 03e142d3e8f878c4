"""The resident's journeys through the public pages, with e-mail in Django's test outbox."""

import pytest
from django.core import mail
from django.urls import reverse

from initiatives.models import Initiative, InitiativePhase, Membership, SignUp
from participants.models import Consent, FlowEvent, FlowKind, Participant
from tests.initiatives.conftest import links_in
from tests.initiatives.factories import InitiativeFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Anja de Boer", "email": "Anja@Example.NL ", "phone": "06 12345678",
    "postcode": "7941ab", "contribution": "Ik kan goed koken.", "message": "Tot snel!",
    "consent": "on",
}


@pytest.fixture
def initiative():
    initiative = InitiativeFactory(title="Buurtkeuken")
    manager = UserFactory(email="petra@gemeente.example.nl")
    initiative.process.managers.add(manager)
    return initiative


def sign_up(client, initiative, **changes):
    data = {**VALID, **changes}
    return client.post(reverse("initiatives:signup", args=[initiative.slug]), data)


def test_full_journey_sign_up_confirm_withdraw(client, initiative):
    response = sign_up(client, initiative)
    assert response.status_code == 200
    assert "Controleer je mailbox" in response.content.decode()
    # Nothing about the person exists until they confirm.
    assert not Participant.objects.exists() and not Membership.objects.exists()
    assert len(mail.outbox) == 1
    request_mail = mail.outbox[0]
    assert request_mail.to == ["anja@example.nl"]
    assert "Bevestig" in request_mail.subject
    links = links_in(request_mail)
    assert set(links) == {"confirm", "withdraw"}
    assert request_mail.alternatives and request_mail.alternatives[0][1] == "text/html"

    page = client.get(links["confirm"])
    assert page.status_code == 200 and "Bevestig mijn aanmelding" in page.content.decode()
    assert not Participant.objects.exists()  # a GET (a link scanner) confirms nothing

    response = client.post(links["confirm"])
    assert response.status_code == 200
    assert "Je aanmelding is bevestigd" in response.content.decode()
    participant = Participant.objects.get()
    assert participant.email == "anja@example.nl"
    assert participant.postcode == "7941 AB"
    membership = Membership.objects.get()
    assert membership.initiative == initiative and membership.participant == participant
    inflow = FlowEvent.objects.get()
    assert inflow.kind == FlowKind.INFLOW and inflow.channel == "public_signup"
    assert membership.inflow == inflow
    assert Consent.objects.get().privacy_version
    # The resident gets a confirmation with a withdraw link; the process manager is told.
    to_resident = [m for m in mail.outbox[1:] if m.to == ["anja@example.nl"]]
    to_staff = [m for m in mail.outbox[1:] if m.to == ["petra@gemeente.example.nl"]]
    assert len(to_resident) == 1 and len(to_staff) == 1
    assert "withdraw" in links_in(to_resident[0])
    assert "Anja de Boer" in to_staff[0].body

    withdraw = links_in(to_resident[0])["withdraw"]
    page = client.get(withdraw)
    assert page.status_code == 200
    assert Membership.objects.get().ended_on is None  # a GET withdraws nobody
    response = client.post(withdraw)
    assert response.status_code == 200
    assert "Je bent afgemeld" in response.content.decode()
    membership.refresh_from_db()
    assert membership.ended_on is not None
    outflow = FlowEvent.objects.get(kind=FlowKind.OUTFLOW)
    assert membership.outflow == outflow and outflow.inflow == inflow

    again = client.post(withdraw)
    assert again.status_code == 400 and "al afgemeld" in again.content.decode()
    assert FlowEvent.objects.count() == 2


def test_leads_hear_of_a_confirmed_sign_up(client, initiative):
    from initiatives.services import membership_start

    lead = ParticipantFactory(email="trekker@example.nl")
    membership_start(participant=lead, initiative=initiative, role="lead")
    sign_up(client, initiative)
    client.post(links_in(mail.outbox[-1])["confirm"])
    assert any(m.to == ["trekker@example.nl"] for m in mail.outbox)


def test_confirming_twice_changes_nothing_the_second_time(client, initiative):
    sign_up(client, initiative)
    confirm = links_in(mail.outbox[0])["confirm"]
    client.post(confirm)
    sent = len(mail.outbox)
    second = client.post(confirm)
    assert second.status_code == 400
    assert "al gebruikt" in second.content.decode()
    assert Participant.objects.count() == 1
    assert Membership.objects.count() == 1
    assert FlowEvent.objects.count() == 1
    assert len(mail.outbox) == sent


def test_a_known_address_gets_the_same_answer_and_is_linked(client, initiative):
    known = ParticipantFactory(email="anja@example.nl", name="Anja")
    unknown_answer = sign_up(client, initiative, email="nieuw@example.nl").content.decode()
    known_answer = sign_up(client, initiative).content.decode()
    strip = lambda html: html.split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
    assert strip(unknown_answer) == strip(known_answer)
    client.post(links_in(mail.outbox[1])["confirm"])
    assert Participant.objects.filter(email="anja@example.nl").count() == 1
    assert Membership.objects.get(participant=known).initiative == initiative


def test_second_initiative_in_same_process_joins_the_open_stay(client, initiative):
    other = InitiativeFactory(process=initiative.process, title="Repair café")
    sign_up(client, initiative)
    client.post(links_in(mail.outbox[0])["confirm"])
    mail.outbox.clear()
    sign_up(client, other)
    client.post(links_in(mail.outbox[0])["confirm"])
    assert Membership.objects.count() == 2
    assert FlowEvent.objects.filter(kind=FlowKind.INFLOW).count() == 1
    # Leaving one of the two is no outflow; leaving the last one is.
    first, second = SignUp.objects.filter(confirmed_at__isnull=False).order_by("id")
    from initiatives.services import withdraw_token

    client.post(reverse("initiatives:withdraw", args=[withdraw_token(first)]))
    assert not FlowEvent.objects.filter(kind=FlowKind.OUTFLOW).exists()
    client.post(reverse("initiatives:withdraw", args=[withdraw_token(second)]))
    assert FlowEvent.objects.filter(kind=FlowKind.OUTFLOW).count() == 1


def test_keep_me_informed_is_an_inflow_in_the_information_phase(client, initiative):
    neighbourhood = initiative.neighbourhood
    url = reverse("initiatives:neighbourhood", args=[neighbourhood.slug])
    page = client.get(url)
    assert page.status_code == 200 and initiative.title in page.content.decode()
    client.post(url, {"name": "Bram", "email": "bram@example.nl", "consent": "on"})
    assert not FlowEvent.objects.exists()
    client.post(links_in(mail.outbox[0])["confirm"])
    inflow = FlowEvent.objects.get()
    assert inflow.phase == 1 and inflow.process == initiative.process
    assert inflow.participant.email == "bram@example.nl"
    assert not Membership.objects.exists()
    client.post(links_in(mail.outbox[1])["withdraw"])
    assert FlowEvent.objects.filter(kind=FlowKind.OUTFLOW).count() == 1


def test_an_idea_becomes_a_hidden_initiative_in_phase_idea_after_confirmation(
    client, initiative
):
    data = {
        "neighbourhood": initiative.neighbourhood.pk, "idea_title": "Ruilkast bij de school",
        "message": "Een kast waar buren spullen ruilen.", "name": "Chantal",
        "email": "chantal@example.nl", "consent": "on",
    }
    response = client.post(reverse("initiatives:idea"), data)
    assert "Controleer je mailbox" in response.content.decode()
    assert Initiative.objects.count() == 1
    client.post(links_in(mail.outbox[0])["confirm"])
    idea = Initiative.objects.get(title="Ruilkast bij de school")
    assert idea.phase == InitiativePhase.IDEA and not idea.is_public
    assert idea.process == initiative.process
    lead = Membership.objects.get(initiative=idea)
    assert lead.role == "lead" and lead.participant.email == "chantal@example.nl"
    assert any(m.to == ["petra@gemeente.example.nl"] for m in mail.outbox)
    assert client.get(reverse("initiatives:detail", args=[idea.slug])).status_code == 404


def test_english_visitors_get_english_mail(client, initiative):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    sign_up(client, initiative)
    assert mail.outbox[0].subject == "Please confirm your sign-up"
    assert SignUp.objects.get().language == "en"
