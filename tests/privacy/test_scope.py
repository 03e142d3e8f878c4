"""Export and erasure through wei.access: a process manager exports and erases only what
they may see; a superuser everything. No export carries a link that still works."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from post_office.models import STATUS, Email

from initiatives import services as initiative_services
from initiatives.models import Membership, SignUp, SignUpKind
from initiatives.services import membership_start
from participants.models import FlowEvent, FlowKind, Participant
from participants.privacy import PRIVACY_STATEMENT_VERSION
from tests.initiatives.factories import InitiativeFactory
from tests.wei.factories import NeighbourhoodFactory, ProcessFactory, ProcessManagerFactory

pytestmark = pytest.mark.django_db

ELSEWHERE = ["Bravoveld", "Repair Café Bravoveld"]


@pytest.fixture
def elsewhere(world):
    """Anja also takes part in another neighbourhood, which Petra does not manage."""
    neighbourhood = NeighbourhoodFactory(name="Bravoveld")
    process = ProcessFactory(neighbourhood=neighbourhood)
    process.managers.add(ProcessManagerFactory(username="elders"))
    initiative = InitiativeFactory(process=process, neighbourhood=neighbourhood,
                                   title="Repair Café Bravoveld")
    membership = membership_start(participant=world.anja, initiative=initiative)
    # A "keep me informed" there that she never confirmed: its link is still good.
    token = initiative_services.confirm_token()
    signup = SignUp.objects.create(
        kind=SignUpKind.KEEP_INFORMED, neighbourhood=neighbourhood, name="Anja de Boer",
        email="anja@example.nl", privacy_version=PRIVACY_STATEMENT_VERSION,
        token_hash=initiative_services.hash_token(token),
    )
    Email.objects.create(
        from_email="noreply@example.nl", to=["anja@example.nl"], subject="Bevestig",
        message=f"Bevestig: http://testserver/bevestigen/{token}/\n"
                f"Afmelden: http://testserver/afmelden/"
                f"{initiative_services.withdraw_token(signup)}/",
        status=STATUS.queued,
    )
    return type("Elsewhere", (), {"membership": membership, "signup": signup, "token": token,
                                  "process": process})


def exported(client, participant) -> dict:
    response = client.get(reverse("admin:participants_participant_export",
                                  args=[participant.pk]))
    assert response.status_code == 200
    return json.loads(response.content)


def erase(client, participant):
    return client.post(reverse("admin:participants_participant_erase", args=[participant.pk]))


def test_a_managers_export_holds_only_their_neighbourhood_and_says_so(client, world,
                                                                     elsewhere):
    client.force_login(world.manager)
    data = exported(client, world.anja)
    text = json.dumps(data, ensure_ascii=False)
    assert data["participants"]["participant"]["name"] == "Anja de Boer"
    assert "Buurtkeuken" in text  # her own neighbourhood's initiative
    for word in ELSEWHERE:
        assert word not in text, word
    assert data["export"]["scope"] == "partial"
    assert "superuser" in data["export"]["scope_explained"]
    assert data["mail"] == []
    assert elsewhere.token not in text


def test_a_superusers_export_holds_everything_without_a_working_link(admin_client, world,
                                                                    elsewhere, client):
    data = exported(admin_client, world.anja)
    text = json.dumps(data, ensure_ascii=False)
    for word in ELSEWHERE:
        assert word in text, word
    assert data["export"]["scope"] == "complete"
    message = next(m["message"] for m in data["mail"] if m["subject"] == "Bevestig")
    assert "/bevestigen/-/" in message and "/afmelden/-/" in message
    assert elsewhere.token not in text
    # Whoever reads the file cannot give a consent that was never given.
    assert client.post("/bevestigen/-/").status_code == 400
    assert not SignUp.objects.get(pk=elsewhere.signup.pk).confirmed_at


def test_a_managers_erasure_leaves_the_other_neighbourhood_alone(client, world, elsewhere):
    client.force_login(world.manager)
    response = erase(client, world.anja)
    assert response.status_code == 302
    anja = Participant.objects.get(pk=world.anja.pk)
    # Her part in Petra's neighbourhood is gone ...
    assert not SignUp.objects.filter(neighbourhood=world.neighbourhood,
                                     email="anja@example.nl").exists()
    assert Membership.objects.get(pk=world.membership.pk).ended_on is not None
    assert not FlowEvent.objects.filter(participant=anja, process=world.process).exclude(
        note="").exists()
    # ... the other neighbourhood's membership, sign-up and stay are untouched.
    assert Membership.objects.get(pk=elsewhere.membership.pk).ended_on is None
    assert SignUp.objects.filter(pk=elsewhere.signup.pk).exists()
    assert not FlowEvent.objects.filter(participant=anja, process=elsewhere.process,
                                        kind=FlowKind.OUTFLOW).exists()
    # She keeps her name there, so she is not erased as a whole; the page says so.
    assert anja.erased_at is None and anja.name == "Anja de Boer"
    page = client.get(response["Location"]).content.decode()
    assert "superuser" in page


def test_a_superusers_erasure_erases_everything(admin_client, world, elsewhere):
    erase(admin_client, world.anja)
    anja = Participant.objects.get(pk=world.anja.pk)
    assert anja.erased_at is not None and anja.email == ""
    assert Membership.objects.get(pk=elsewhere.membership.pk).ended_on == timezone.localdate()
    assert not SignUp.objects.filter(email="anja@example.nl").exists()
    assert not Email.objects.filter(subject="Bevestig").exists()


def test_a_manager_who_sees_everything_of_the_person_erases_her_whole(client, world):
    client.force_login(world.manager)
    erase(client, world.anja)
    assert Participant.objects.get(pk=world.anja.pk).erased_at is not None
