"""One resident with a trace in every corner of the product, and a neighbour beside her.

Anja de Boer took part in a WEI process, joined an initiative, signed up twice (once
confirmed, once not), was spoken to, suggested and invited in a Nieuwe Route, is named
in its plan, received e-mail and appears in the admin's history. Bert Jansen, in the
same neighbourhood and route, must come out of everything about Anja untouched.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from post_office.models import STATUS, Email

from initiatives.models import SignUp, SignUpKind
from initiatives.services import membership_start
from nieuweroute.models import PlanItem, PlanSending, Suggestion
from nieuweroute.services import conversation_record, invitation_send, suggestion_accept
from participants.models import ConsentPurpose, InflowChannel, OutflowReason, Participant
from participants.privacy import PRIVACY_STATEMENT_VERSION
from participants.services import (
    attendance_record,
    consent_record,
    participant_flow_in,
    participant_flow_out,
    participant_flow_through,
)
from tests.initiatives.factories import InitiativeFactory
from tests.nieuweroute.factories import PlanVersionFactory, RouteFactory
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import (
    ActivityFactory,
    NeighbourhoodFactory,
    ProcessFactory,
    ProcessManagerFactory,
)
from wei.models import Phase

D = datetime.date

# Everything Anja typed or that was written about her; none of it may survive erasure.
ANJA_TRACES = [
    "Anja de Boer", "anja@example.nl", "anja.prive@example.nl", "06 12345678", "7941 AB",
    "Ik kan goed koken", "Belt liever dan mailt", "Kwam via de buurvrouw",
    "Wil graag meedoen", "Meer tijd om te beslissen", "Bij haar thuis", "Tot snel, Anja",
]
BERT_TRACES = ["Bert Jansen", "bert@example.nl", "Bert fietst graag"]


@pytest.fixture(autouse=True)
def _one_step_login(settings):
    # The admin's second factor is tested with the security settings; here a forced
    # login is enough to reach the privacy actions.
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture
def world(db):
    neighbourhood = NeighbourhoodFactory(name="Haveltermade")
    process = ProcessFactory(neighbourhood=neighbourhood, phase=Phase.DEVELOPMENT,
                             started_on=D(2024, 1, 8))
    manager = ProcessManagerFactory(username="petra")
    process.managers.add(manager)

    anja = ParticipantFactory(
        name="Anja de Boer", email="anja@example.nl", phone="06 12345678", postcode="7941 AB",
        neighbourhood=neighbourhood, contribution="Ik kan goed koken.",
        notes="Belt liever dan mailt.",
    )
    bert = ParticipantFactory(name="Bert Jansen", email="bert@example.nl",
                              neighbourhood=neighbourhood, notes="Bert fietst graag.")
    for person in (anja, bert):
        consent_record(participant=person, purpose=ConsentPurpose.PARTICIPATION,
                       privacy_version=PRIVACY_STATEMENT_VERSION)
        attendance_record(activity=ActivityFactory(process=process, date=D(2024, 2, 5)),
                          participant=person)

    # A first stay that ended, then a second one that is open (through an initiative).
    participant_flow_in(participant=anja, process=process, occurred_on=D(2024, 2, 5),
                        channel=InflowChannel.INFORMATION_MEETING,
                        note="Kwam via de buurvrouw.")
    participant_flow_through(participant=anja, process=process, occurred_on=D(2024, 4, 1),
                             phase=Phase.EMERGENCE)
    participant_flow_out(participant=anja, process=process, occurred_on=D(2024, 9, 1),
                         reason=OutflowReason.PAID_WORK)
    participant_flow_in(participant=bert, process=process, occurred_on=D(2024, 2, 5),
                        channel=InflowChannel.ORGANIZER)
    initiative = InitiativeFactory(process=process, title="Buurtkeuken")
    membership = membership_start(participant=anja, initiative=initiative,
                                  started_on=D(2025, 3, 1))
    SignUp.objects.create(
        kind=SignUpKind.JOIN, initiative=initiative, neighbourhood=neighbourhood,
        name="Anja de Boer", email="anja@example.nl", phone="06 12345678",
        postcode="7941 AB", message="Tot snel, Anja", privacy_version=PRIVACY_STATEMENT_VERSION,
        token_hash="a" * 64, confirmed_at=timezone.now(), participant=anja,
        membership=membership,
    )
    SignUp.objects.create(
        kind=SignUpKind.KEEP_INFORMED, neighbourhood=neighbourhood, name="Anja de Boer",
        email="anja@example.nl", privacy_version=PRIVACY_STATEMENT_VERSION, token_hash="b" * 64,
    )
    SignUp.objects.create(
        kind=SignUpKind.KEEP_INFORMED, neighbourhood=neighbourhood, name="Bert Jansen",
        email="bert@example.nl", privacy_version=PRIVACY_STATEMENT_VERSION, token_hash="c" * 64,
    )

    route = RouteFactory(neighbourhood=neighbourhood, title="Samen beslissen over het buurthuis")
    conversation = conversation_record(
        route=route, participant=anja, held_on=D(2025, 6, 2), setting="Bij haar thuis",
        suggestions=["Karel Smit"], information_needs=["Wat kost een buurthuis per jaar?"],
        decision_needs="Meer tijd om te beslissen", confirmed_email="anja.prive@example.nl",
        notes="Wil graag meedoen.",
    )
    karel = suggestion_accept(suggestion=conversation.suggestions.get())
    bert_conversation = conversation_record(
        route=route, participant=bert, held_on=D(2025, 6, 3), suggestions=["Anja de Boer"],
        confirmed_email="bert@example.nl", notes="Bert fietst graag.",
    )
    Suggestion.objects.filter(conversation=bert_conversation).update(participant=anja)
    invitation_send(route=route, participant=anja, notify=False)
    invitation_send(route=route, participant=bert, notify=False)
    plan = PlanVersionFactory(route=route)
    PlanItem.objects.create(plan=plan, what="Een ruimte zoeken.", who_participant=anja)
    PlanSending.objects.create(plan=plan, participant=anja, email="anja.prive@example.nl",
                               sent_at=timezone.now())

    Email.objects.create(from_email="noreply@example.nl", to=["anja@example.nl"],
                         subject="Bevestig je aanmelding", message="Hallo Anja de Boer,",
                         status=STATUS.sent)
    Email.objects.create(from_email="noreply@example.nl", to=["petra@gemeente.example.nl"],
                         subject="Nieuwe aanmelding",
                         message="Naam: Anja de Boer\nE-mail: anja@example.nl",
                         status=STATUS.sent)
    Email.objects.create(from_email="noreply@example.nl", to=["bert@example.nl"],
                         subject="Uitnodiging", message="Hallo Bert Jansen,", status=STATUS.sent)
    LogEntry.objects.create(
        user=manager, content_type=ContentType.objects.get_for_model(Participant),
        object_id=str(anja.pk), object_repr="Anja de Boer", action_flag=ADDITION,
        change_message="[]",
    )
    return SimpleNamespace(
        neighbourhood=neighbourhood, process=process, manager=manager, anja=anja, bert=bert,
        karel=karel, initiative=initiative, membership=membership, route=route, plan=plan,
    )
