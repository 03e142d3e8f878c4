"""Correcting what was recorded about an initiative (phase changes, memberships, money
flows, reflections): the original stays, withdrawn, with why; its replacement beside
it; a refusal says why in words and changes nothing; and every page and figure reads
the corrected record."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from initiatives import selectors, services
from initiatives.models import (
    InitiativePhase,
    InitiativePhaseChange,
    InitiativeStatus,
    Membership,
    MembershipRole,
    MoneyFlow,
    Reflection,
)
from initiatives.privacy import erase_personal_data
from initiatives.steps import (
    membership_record_steps,
    money_flow_steps,
    phase_change_steps,
    reflection_steps,
)
from participants.models import FlowEvent, FlowKind
from tests.initiatives.factories import (
    InitiativeFactory,
    MoneyFlowFactory,
    OrganisationFactory,
    ParticipantFactory,
    ReflectionFactory,
)
from tests.refusals import codes
from tests.wei.factories import ProcessManagerFactory
from wei.roles import FACILITATOR, PROCESS_MANAGER

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 3)


def later(days):
    return DAY + datetime.timedelta(days=days)


def refused(call, **kwargs):
    """The refusal's codes; the test then checks that nothing changed."""
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert caught.value.messages and all(caught.value.messages)  # said in words
    return codes(caught.value)


@pytest.fixture
def initiative():
    return InitiativeFactory(phase=InitiativePhase.IDEA, title="Repair café")


def grow(initiative, to_phase, days, why="Gegroeid"):
    return services.initiative_phase_change(initiative=initiative, to_phase=to_phase,
                                            occurred_on=later(days), rationale=why)


def history(model):
    return list(model.history.order_by("id").values_list("id", "withdrawn_at"))


# ---- Phase changes ----------------------------------------------------------------

def test_a_phase_change_gets_another_date_and_why_the_original_kept(initiative):
    first = grow(initiative, InitiativePhase.EMERGENCE, 0)
    grow(initiative, InitiativePhase.DEVELOPMENT, 10)

    corrected = services.phase_change_correct(change=first, why="Datum verkeerd overgenomen",
                                              occurred_on=later(3), rationale="Eerste leden")

    first.refresh_from_db()
    assert first.is_withdrawn and first.withdrawal_reason == "Datum verkeerd overgenomen"
    assert corrected.corrects == first
    assert (corrected.occurred_on, corrected.rationale) == (later(3), "Eerste leden")
    assert (corrected.from_phase, corrected.to_phase) == (first.from_phase, first.to_phase)
    assert list(initiative.phase_changes.values_list("occurred_on", flat=True)) == [
        later(10), later(3)]
    initiative.refresh_from_db()
    assert initiative.phase == InitiativePhase.DEVELOPMENT


def test_a_phase_change_keeps_its_place_between_its_neighbours(initiative):
    first = grow(initiative, InitiativePhase.EMERGENCE, 5)
    middle = grow(initiative, InitiativePhase.DEVELOPMENT, 10)
    grow(initiative, InitiativePhase.AUTONOMY, 20)
    before = history(InitiativePhaseChange)
    for day, code in ((4, "before_previous"), (21, "after_next")):
        assert refused(services.phase_change_correct, change=middle, why="datum",
                       occurred_on=later(day)) == {code}
    assert refused(services.phase_change_correct, change=first, why="x",
                   occurred_on=datetime.date(2999, 1, 1)) == {"future"}
    assert refused(services.phase_change_correct, change=first, why="x", rationale=" ") == {
        "rationale"}
    assert refused(services.phase_change_correct, change=first, why="x",
                   occurred_on=later(5)) == {"unchanged"}
    assert refused(services.phase_change_correct, change=first, why="  ",
                   occurred_on=later(6)) == {"why"}
    assert history(InitiativePhaseChange) == before


def test_withdrawing_the_latest_phase_change_puts_the_phase_back(initiative):
    grow(initiative, InitiativePhase.EMERGENCE, 0)
    mistake = grow(initiative, InitiativePhase.DEVELOPMENT, 5)

    services.phase_change_withdraw(change=mistake, why="Verkeerd initiatief gekozen")

    initiative.refresh_from_db()
    assert initiative.phase == InitiativePhase.EMERGENCE
    assert list(initiative.phase_changes.values_list("to_phase", flat=True)) == [
        InitiativePhase.EMERGENCE]
    # Sent twice: recorded once.
    assert refused(services.phase_change_withdraw, change=mistake, why="weg") == {
        "already_corrected"}
    # Taken on again from the phase it is back in.
    grow(initiative, InitiativePhase.DEVELOPMENT, 6)
    initiative.refresh_from_db()
    assert initiative.phase == InitiativePhase.DEVELOPMENT


def test_only_the_latest_phase_change_is_withdrawn_even_after_a_correction_on_its_day(
        initiative):
    first = grow(initiative, InitiativePhase.EMERGENCE, 0)
    second = grow(initiative, InitiativePhase.DEVELOPMENT, 0)
    # The first is corrected after the second was recorded: it stays the earlier one.
    first = services.phase_change_correct(change=first, why="tikfout", rationale="Leden")
    assert phase_change_steps(first)["withdraw"].is_open is False
    assert refused(services.phase_change_withdraw, change=first, why="weg") == {
        "withdraw_closed"}
    initiative.refresh_from_db()
    assert initiative.phase == InitiativePhase.DEVELOPMENT
    services.phase_change_withdraw(change=second, why="te vroeg")
    initiative.refresh_from_db()
    assert initiative.phase == InitiativePhase.EMERGENCE


@pytest.mark.parametrize("state", ["ended", "cooperative"])
def test_a_withdrawal_that_would_break_the_initiative_is_refused_in_words(initiative, state):
    grow(initiative, InitiativePhase.EMERGENCE, 0)
    grow(initiative, InitiativePhase.DEVELOPMENT, 1)
    last = grow(initiative, InitiativePhase.AUTONOMY, 2)
    initiative.refresh_from_db()
    if state == "ended":
        initiative.status, initiative.status_reason = InitiativeStatus.ENDED, "Gestopt"
    else:
        initiative.cooperative_member = True
    initiative.save()
    last = InitiativePhaseChange.objects.get(pk=last.pk)
    step = phase_change_steps(last)["withdraw"]
    assert not step.is_open and initiative.title in step.reason
    assert refused(services.phase_change_withdraw, change=last, why="weg") == {
        "withdraw_closed"}
    initiative.refresh_from_db()
    assert initiative.phase == InitiativePhase.AUTONOMY
    assert not InitiativePhaseChange.history.filter(withdrawn_at__isnull=False).exists()


# ---- Memberships ------------------------------------------------------------------

@pytest.fixture
def member(initiative):
    person = ParticipantFactory(neighbourhood=initiative.neighbourhood)
    return services.membership_start(participant=person, initiative=initiative,
                                     started_on=later(0))


def test_a_membership_gets_another_role_and_start_and_stays_the_one_running(
        initiative, member):
    corrected = services.membership_correct(membership=member, why="Is trekker",
                                            role=MembershipRole.LEAD, started_on=later(-2))
    assert list(Membership.objects.filter(initiative=initiative)) == [corrected]
    assert (corrected.role, corrected.started_on, corrected.ended_on) == (
        MembershipRole.LEAD, later(-2), None)
    assert corrected.inflow_id == member.inflow_id
    # Still one running membership: ending it works as before.
    services.membership_end(membership=corrected, ended_on=later(30))
    assert Membership.objects.get().ended_on == later(30)


def test_a_membership_keeps_its_dates_in_order_and_a_running_one_is_not_ended(member):
    before = history(Membership)
    assert refused(services.membership_correct, membership=member, why="x",
                   ended_on=later(5)) == {"running"}
    assert refused(services.membership_correct, membership=member, why="x",
                   started_on=datetime.date(2999, 1, 1)) == {"future"}
    assert refused(services.membership_correct, membership=member, why="x",
                   role="boss") == {"role"}
    ended = services.membership_end(membership=member, ended_on=later(10))
    assert refused(services.membership_correct, membership=ended, why="x",
                   started_on=later(11)) == {"order"}
    assert history(Membership) == before


def test_a_withdrawn_membership_leaves_its_inflow_and_can_be_recorded_again(
        initiative, member):
    events = list(FlowEvent.objects.values_list("id", "kind"))

    services.membership_withdraw(membership=member, why="Verkeerde persoon aangeklikt")

    assert not Membership.objects.exists()
    assert list(FlowEvent.objects.values_list("id", "kind")) == events  # never silently
    assert membership_record_steps(Membership.history.get())["correct"].is_open is False
    assert selectors.public_initiative_for_page().get(
        pk=initiative.pk).neighbours_taking_part == 0
    # The person can still be added: the one-running-membership rule counts current rows.
    again = services.membership_start(participant=member.participant, initiative=initiative,
                                      started_on=later(1))
    assert again.inflow_id == member.inflow_id  # the stay it opened is still open
    assert FlowEvent.objects.filter(kind=FlowKind.INFLOW).count() == 1


def test_erasing_a_person_erases_the_reasons_given_for_correcting_their_memberships(member):
    services.membership_withdraw(membership=member, why="Jan de Vries bedoeld, niet Joop")
    erase_personal_data(participant=member.participant, today=later(20))
    assert Membership.history.get().withdrawal_reason == ""


# ---- Money flows and reflections ---------------------------------------------------

def test_a_money_flow_is_corrected_and_withdrawn_and_the_totals_follow(initiative):
    flow = MoneyFlowFactory(initiative=initiative, amount=Decimal("1500.00"))
    other = OrganisationFactory(name="Woonconcept")
    corrected = services.money_flow_correct(
        money_flow=flow, why="Bedrag en bron verkeerd", source=other, amount=Decimal("2500"))
    assert MoneyFlow.objects.get() == corrected
    assert (corrected.source, corrected.amount) == (other, Decimal("2500"))
    assert selectors.money_by_source(MoneyFlow.objects.all()) == [("Woonconcept",
                                                                  Decimal("2500"))]
    before = history(MoneyFlow)
    assert refused(services.money_flow_correct, money_flow=corrected, why="x",
                   amount=Decimal("0")) == {"amount"}
    assert refused(services.money_flow_correct, money_flow=corrected, why="x",
                   period_end=datetime.date(2020, 1, 1)) == {"period"}
    assert refused(services.money_flow_correct, money_flow=corrected, why="x",
                   purpose=" ") == {"purpose"}
    assert history(MoneyFlow) == before
    services.money_flow_withdraw(money_flow=corrected, why="Dubbel ingevoerd")
    assert not MoneyFlow.objects.exists() and MoneyFlow.history.count() == 2


def test_a_withdrawn_public_reflection_leaves_the_public_pages(client, initiative):
    told = ReflectionFactory(initiative=initiative, is_public=True,
                             what_we_did="Soep gekookt met de buren.")
    page = reverse("initiatives:detail", args=[initiative.slug])
    assert "Soep gekookt" in client.get(page).content.decode()

    services.reflection_withdraw(reflection=told, why="Naam van een bewoner erin")

    assert "Soep gekookt" not in client.get(page).content.decode()
    assert selectors.latest_public_stories(initiative.neighbourhood) == []
    assert reflection_steps(Reflection.history.get())["withdraw"].is_open is False


def test_a_reflection_is_corrected_to_private_and_its_text_kept_in_the_history(
        client, initiative):
    told = ReflectionFactory(initiative=initiative, is_public=True,
                             what_we_did="Soep gekookt met de buren.")
    corrected = services.reflection_correct(reflection=told, why="Niet openbaar bedoeld",
                                            is_public=False, what_we_learned="Vraag eerst")
    assert (corrected.is_public, corrected.what_we_did, corrected.what_we_learned) == (
        False, "Soep gekookt met de buren.", "Vraag eerst")
    assert selectors.latest_public_reflection(initiative) is None
    assert refused(services.reflection_correct, reflection=corrected, why="x",
                   what_we_did=" ") == {"what_we_did"}
    assert Reflection.history.count() == 2


# ---- Who may correct ---------------------------------------------------------------

def test_corrections_are_open_to_who_may_change_the_initiative(initiative, member):
    for name in (PROCESS_MANAGER, FACILITATOR):
        Group.objects.get_or_create(name=name)
    grow(initiative, InitiativePhase.EMERGENCE, 0)
    rows = {
        phase_change_steps: InitiativePhaseChange.objects.get(),
        membership_record_steps: member,
        money_flow_steps: MoneyFlowFactory(initiative=initiative),
        reflection_steps: ReflectionFactory(initiative=initiative),
    }
    manager = ProcessManagerFactory()
    initiative.process.managers.add(manager)
    elsewhere = ProcessManagerFactory()
    facilitator = ProcessManagerFactory()
    facilitator.groups.set([Group.objects.get(name=FACILITATOR)])
    facilitator.user_permissions.add(Permission.objects.get(codename="view_initiative"))
    initiative.process.managers.add(facilitator)
    for steps_of, row in rows.items():
        assert steps_of(row, user=manager)["correct"].is_open, steps_of.__name__
        assert not steps_of(row, user=elsewhere)["correct"].is_open, steps_of.__name__
    # A facilitator records reflections but corrects none.
    assert not reflection_steps(rows[reflection_steps], user=facilitator)["correct"].is_open
