"""Correcting flow events: the original stays, withdrawn, with why; its replacement
beside it; the rules of the flow still hold; and every count is a recount of the
corrected history."""

import contextlib
import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError

from participants import services, tallies
from participants.corrections import flow_event_correct, flow_event_withdraw
from participants.models import FlowEvent, FlowKind, FlowTally, PresenceTally
from participants.selectors import participant_current_state
from tests.participants.factories import ParticipantFactory
from tests.refusals import codes
from tests.wei.factories import ProcessFactory
from wei.models import Phase

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


def later(days):
    return DAY + datetime.timedelta(days=days)


def snapshot():
    flows = {(t.process_id, t.month, t.kind, t.channel, t.reason): t.events
             for t in FlowTally.objects.all() if t.events}
    present = {(t.process_id, t.phase, t.role): t.people
               for t in PresenceTally.objects.all() if t.people}
    return flows, present


def recount(process=None):
    """Whether the running tallies (of one process) equal a recount from the events."""
    kept = snapshot()
    tallies.rebuild(process.pk if process else None)
    return kept == snapshot()


@pytest.fixture
def process():
    return ProcessFactory(phase=Phase.DEVELOPMENT)


def flow_in(person, process, days=0, channel="organizer"):
    return services.participant_flow_in(participant=person, process=process,
                                        occurred_on=later(days), channel=channel,
                                        phase=Phase.INFORMATION)


def test_a_wrong_outflow_reason_is_corrected_and_the_outcome_no_longer_counts(
        process, django_user_model):
    manager = django_user_model.objects.create(username="pm")
    person = ParticipantFactory()
    flow_in(person, process)
    wrong = services.participant_flow_out(participant=person, process=process,
                                          occurred_on=later(10), reason="own_business")

    right = flow_event_correct(event=wrong, reason="moved_away", why="Verhuisd, geen bedrijf.",
                               by=manager)

    wrong = FlowEvent.history.get(pk=wrong.pk)
    assert wrong.withdrawn_at is not None and wrong.withdrawn_by == manager
    assert wrong.withdrawal_reason == "Verhuisd, geen bedrijf."
    assert right.corrects == wrong and right.reason == "moved_away" and right.sequence == 2
    assert list(FlowEvent.objects.filter(kind=FlowKind.OUTFLOW)) == [right]
    march = datetime.date(2026, 3, 1)
    flows, _present = snapshot()
    assert flows[(process.pk, march, "outflow", "", "moved_away")] == 1
    assert (process.pk, march, "outflow", "", "own_business") not in flows
    assert recount()


def test_a_person_put_in_the_wrong_process_is_withdrawn_without_a_trace_in_the_counts(
        process):
    elsewhere = ProcessFactory(phase=Phase.DEVELOPMENT)
    person = ParticipantFactory()
    wrong = flow_in(person, elsewhere)

    flow_event_withdraw(event=wrong, why="Verkeerd proces gekozen.")

    assert participant_current_state(person, elsewhere) is None
    assert snapshot() == ({}, {})
    assert FlowEvent.history.filter(pk=wrong.pk).exists()
    # The person can flow in again, there or in the right process.
    flow_in(person, process)
    again = flow_in(ParticipantFactory(), elsewhere)
    assert again.sequence == 1 and recount()


def test_only_the_latest_event_is_withdrawn_and_a_correction_is_recorded_once(process):
    person = ParticipantFactory()
    inflow = flow_in(person, process)
    services.participant_flow_through(participant=person, process=process,
                                      occurred_on=later(5), phase=Phase.EMERGENCE)

    with pytest.raises(ValidationError) as refused:
        flow_event_withdraw(event=inflow, why="Vergissing")
    assert codes(refused.value) == {"withdraw_closed"}
    flow_event_correct(event=inflow, channel="referral", why="Kwam via de huisarts")
    with pytest.raises(ValidationError) as refused:
        flow_event_correct(event=inflow, channel="public_signup", why="Nog eens")
    assert refused.value.code == "already_corrected"
    assert FlowEvent.objects.get(kind=FlowKind.INFLOW).channel == "referral"
    # The stay's throughflow belongs to the corrected inflow.
    throughflow = FlowEvent.objects.get(kind=FlowKind.THROUGHFLOW)
    assert throughflow.inflow == FlowEvent.objects.get(kind=FlowKind.INFLOW)


@pytest.mark.parametrize(("change", "code"), [
    ({"occurred_on": later(20)}, "after_next"),          # after the throughflow
    ({"occurred_on": datetime.date(2099, 1, 1)}, "future"),
    ({"phase": Phase.EMERGENCE}, "not_latest"),           # a later event was built on it
    ({"channel": ""}, "channel"),
    ({}, "unchanged"),
    ({"channel": "referral", "why": "  "}, "why"),
])
def test_a_correction_that_breaks_the_rules_is_refused_and_changes_nothing(
        process, change, code):
    person = ParticipantFactory()
    inflow = flow_in(person, process)
    services.participant_flow_through(participant=person, process=process,
                                      occurred_on=later(5), phase=Phase.EMERGENCE)
    kept = snapshot()
    with pytest.raises(ValidationError) as refused:
        flow_event_correct(event=inflow, **{"why": "reden", **change})
    assert code in codes(refused.value)
    assert FlowEvent.history.count() == 2 and snapshot() == kept


def test_a_throughflow_corrected_into_no_change_is_refused(process):
    person = ParticipantFactory()
    flow_in(person, process)
    through = services.participant_flow_through(participant=person, process=process,
                                                occurred_on=later(5), phase=Phase.EMERGENCE)
    with pytest.raises(ValidationError) as refused:
        flow_event_correct(event=through, phase=Phase.INFORMATION, why="terug")
    assert refused.value.code == "no_change"


# Each step: what to do to the one person's history in the process.
STEPS = ("in", "through", "out", "correct_last", "correct_first", "withdraw_last")


def act(step, person, process, day):
    current = participant_current_state(person, process)
    events = list(FlowEvent.objects.filter(participant=person, process=process)
                  .order_by("sequence"))
    if step == "in":
        services.participant_flow_in(participant=person, process=process, occurred_on=day,
                                     channel="organizer", phase=Phase.INFORMATION)
    elif step == "through":
        services.participant_flow_through(
            participant=person, process=process, occurred_on=day,
            phase=Phase.EMERGENCE if current and current.phase != Phase.EMERGENCE
            else Phase.INFORMATION)
    elif step == "out":
        services.participant_flow_out(participant=person, process=process, occurred_on=day,
                                      reason="paid_work")
    elif step == "correct_last" and events:
        last = events[-1]
        change = ({"reason": "moved_away" if last.reason != "moved_away" else "paid_work"}
                  if last.kind == FlowKind.OUTFLOW else
                  {"role": "volunteer" if last.role != "volunteer" else "participant"})
        flow_event_correct(event=last, why="correctie", **change)
    elif step == "correct_first" and events:
        other = "referral" if events[0].channel != "referral" else "public_signup"
        flow_event_correct(event=events[0], why="correctie", channel=other)
    elif step == "withdraw_last" and events:
        flow_event_withdraw(event=events[-1], why="vergissing")


@pytest.mark.parametrize("first", STEPS)
def test_after_any_records_and_corrections_the_tallies_equal_a_recount(first):
    """Every pair of steps from `first` on, taken twice, for two people of one process
    (the second takes every other step): the running tallies equal a recount of the
    corrected history, and that history keeps the flow's invariants."""
    process = ProcessFactory(phase=Phase.DEVELOPMENT)
    for rest in itertools.product(STEPS, repeat=1):
        people = ParticipantFactory.create_batch(2, neighbourhood=process.neighbourhood)
        for day, step in enumerate(("in", first, *rest, first, *rest)):
            for person in people[:1 + day % 2]:
                # A step the rules refuse changes nothing; the next one goes on.
                with contextlib.suppress(ValidationError):
                    act(step, person, process, later(day))
        assert recount(process), (first, rest)
        check_invariants(process, people)


def check_invariants(process, people):
    for person in people:
        events = list(FlowEvent.objects.filter(participant=person, process=process)
                      .order_by("sequence"))
        assert [event.sequence for event in events] == list(range(1, len(events) + 1))
        assert [event.occurred_on for event in events] == sorted(
            event.occurred_on for event in events)
        open_stays = [event for event in events if event.kind == FlowKind.INFLOW]
        outflows = [event for event in events if event.kind == FlowKind.OUTFLOW]
        assert len(open_stays) - len(outflows) in (0, 1)


def test_the_privacy_export_holds_the_corrected_record_and_erasure_scrubs_its_reason(process):
    from participants.privacy import erase_personal_data, participant_export

    person = ParticipantFactory()
    inflow = flow_in(person, process)
    flow_event_correct(event=inflow, channel="referral", why="Via huisarts De Vries")

    exported = participant_export(participant=person)["participants"]["flow_events"]
    assert [row["withdrawal_reason"] for row in exported] == ["Via huisarts De Vries", ""]

    erase_personal_data(participant=person, today=later(30))
    assert not FlowEvent.history.filter(participant=person).exclude(withdrawal_reason="")


def test_a_membership_that_names_a_corrected_inflow_names_its_replacement(process):
    from initiatives.services import membership_start
    from tests.initiatives.factories import InitiativeFactory

    person = ParticipantFactory(neighbourhood=process.neighbourhood)
    membership = membership_start(participant=person, initiative=InitiativeFactory(
        process=process), started_on=DAY)
    corrected = flow_event_correct(event=membership.inflow, channel="referral",
                                   why="Via de huisarts")
    membership.refresh_from_db()
    assert membership.inflow == corrected
