import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from participants.models import FlowEvent, FlowKind, FlowRole, InflowChannel, OutflowReason
from participants.selectors import (
    participant_current_state,
    participant_states,
    process_active_by_phase_and_role,
)
from participants.services import (
    participant_create,
    participant_flow_in,
    participant_flow_out,
    participant_flow_through,
)
from tests.participants.factories import InflowFactory, ParticipantFactory
from tests.wei.factories import ProcessFactory
from wei.models import Phase
from wei.services import process_stop

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def process():
    return ProcessFactory(phase=Phase.DEVELOPMENT)


@pytest.fixture
def anna():
    return ParticipantFactory(name="Anna de Boer")


def flow_in(participant, process, day=None, **kwargs):
    kwargs.setdefault("channel", InflowChannel.INFORMATION_MEETING)
    return participant_flow_in(
        participant=participant, process=process, occurred_on=day or D(2025, 3, 1), **kwargs
    )


def test_in_through_and_out_derive_the_current_state(anna, process):
    inflow = flow_in(anna, process, phase=Phase.EMERGENCE)
    state = participant_current_state(anna, process)
    assert (state.kind, state.phase, state.role) == (
        FlowKind.INFLOW,
        Phase.EMERGENCE,
        FlowRole.PARTICIPANT,
    )

    participant_flow_through(
        participant=anna,
        process=process,
        occurred_on=D(2025, 5, 1),
        phase=Phase.DEVELOPMENT,
        role=FlowRole.INITIATIVE_LEAD,
    )
    state = participant_current_state(anna, process)
    assert (state.phase, state.role) == (Phase.DEVELOPMENT, FlowRole.INITIATIVE_LEAD)
    assert state.inflow == inflow

    outflow = participant_flow_out(
        participant=anna,
        process=process,
        occurred_on=D(2025, 9, 1),
        reason=OutflowReason.PAID_WORK,
        note="Werk bij de kringloop.",
    )
    assert outflow.is_outcome
    assert participant_current_state(anna, process).kind == FlowKind.OUTFLOW
    assert process_active_by_phase_and_role(process) == {}


def test_a_second_inflow_while_one_is_open_is_refused(anna, process):
    flow_in(anna, process)
    with pytest.raises(ValidationError) as error:
        flow_in(anna, process, day=D(2025, 4, 1))
    assert error.value.messages == [
        f"Anna de Boer doet al mee aan {process.title}; leg in plaats daarvan een doorstroom vast."
    ]
    assert FlowEvent.objects.count() == 1


def test_no_throughflow_or_outflow_without_an_open_inflow(anna, process):
    with pytest.raises(ValidationError, match="leg eerst een instroom vast"):
        participant_flow_through(
            participant=anna, process=process, occurred_on=D(2025, 3, 1), role=FlowRole.VOLUNTEER
        )
    with pytest.raises(ValidationError, match="leg eerst een instroom vast"):
        participant_flow_out(
            participant=anna,
            process=process,
            occurred_on=D(2025, 3, 1),
            reason=OutflowReason.MOVED_AWAY,
        )
    flow_in(anna, process)
    participant_flow_out(
        participant=anna,
        process=process,
        occurred_on=D(2025, 4, 1),
        reason=OutflowReason.MOVED_AWAY,
    )
    with pytest.raises(ValidationError, match="leg eerst een instroom vast"):
        participant_flow_out(
            participant=anna,
            process=process,
            occurred_on=D(2025, 4, 2),
            reason=OutflowReason.UNKNOWN,
        )
    assert FlowEvent.objects.count() == 2


def test_people_come_back_after_an_outflow(anna, process):
    first = flow_in(anna, process)
    participant_flow_out(
        participant=anna, process=process, occurred_on=D(2025, 4, 1), reason=OutflowReason.NO_TIME
    )
    second = flow_in(anna, process, day=D(2025, 10, 1), channel=InflowChannel.ORGANIZER)
    assert second.sequence == 3 and second.pk != first.pk
    assert participant_current_state(anna, process).kind == FlowKind.INFLOW


def test_no_event_in_the_future_or_before_the_previous_one(anna, process):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="ligt in de toekomst"):
        flow_in(anna, process, day=tomorrow)
    flow_in(anna, process, day=D(2025, 3, 1))
    previous = r"vorige gebeurtenis van Anna de Boer \(01-03-2025\)"
    with pytest.raises(ValidationError, match=previous):
        participant_flow_out(
            participant=anna,
            process=process,
            occurred_on=D(2025, 2, 1),
            reason=OutflowReason.UNKNOWN,
        )


def test_the_previous_event_counts_across_processes(anna, process):
    flow_in(anna, process, day=D(2025, 6, 1))
    with pytest.raises(ValidationError, match="vorige gebeurtenis"):
        flow_in(anna, ProcessFactory(), day=D(2025, 5, 1))


def test_a_throughflow_must_change_something(anna, process):
    flow_in(anna, process, phase=Phase.EMERGENCE)
    with pytest.raises(ValidationError, match="verandert de fase of de rol"):
        participant_flow_through(participant=anna, process=process, occurred_on=D(2025, 4, 1))


def test_nobody_is_ahead_of_the_process(anna):
    process = ProcessFactory(phase=Phase.EMERGENCE)
    with pytest.raises(ValidationError, match="niemand kan verder zijn dan het proces"):
        flow_in(anna, process, phase=Phase.DEVELOPMENT)


def test_a_stopped_process_takes_no_inflow_but_lets_people_go(anna):
    process = ProcessFactory(phase=Phase.INFORMATION)
    flow_in(anna, process)
    process_stop(process=process, occurred_on=D(2025, 3, 2), reason="Niemand gemotiveerd.",
                 confirmed=True)
    with pytest.raises(ValidationError, match="is niet actief"):
        flow_in(ParticipantFactory(), process)
    participant_flow_out(
        participant=anna, process=process, occurred_on=D(2025, 3, 3), reason=OutflowReason.OTHER
    )


def test_inflow_needs_a_channel_and_outflow_a_reason(anna, process):
    with pytest.raises(ValidationError, match="via welk kanaal"):
        flow_in(anna, process, channel="")
    flow_in(anna, process)
    with pytest.raises(ValidationError, match="Kies een reden"):
        participant_flow_out(
            participant=anna, process=process, occurred_on=D(2025, 4, 1), reason=""
        )


def test_the_database_refuses_a_forked_history(anna, process):
    # Two writers that both read "no events yet" would both write sequence 1.
    InflowFactory(participant=anna, process=process, sequence=1)
    with pytest.raises(IntegrityError):
        InflowFactory(participant=anna, process=process, sequence=1)


def test_the_database_refuses_an_outflow_without_inflow(anna, process):
    with pytest.raises(IntegrityError):
        FlowEvent.objects.create(
            participant=anna,
            process=process,
            sequence=1,
            kind=FlowKind.OUTFLOW,
            occurred_on=D(2025, 3, 1),
            phase=1,
            reason=OutflowReason.UNKNOWN,
        )


def test_the_database_refuses_a_second_outflow_of_one_stay(anna, process):
    inflow = flow_in(anna, process)
    participant_flow_out(
        participant=anna, process=process, occurred_on=D(2025, 4, 1), reason=OutflowReason.UNKNOWN
    )
    with pytest.raises(IntegrityError):
        FlowEvent.objects.create(
            participant=anna,
            process=process,
            sequence=3,
            inflow=inflow,
            kind=FlowKind.OUTFLOW,
            occurred_on=D(2025, 4, 2),
            phase=1,
            reason=OutflowReason.UNKNOWN,
        )


def test_states_per_process_in_one_query(anna, process, django_assert_num_queries):
    flow_in(anna, process)
    other = ProcessFactory()
    flow_in(anna, other, day=D(2025, 3, 2))
    participant_flow_out(
        participant=anna, process=other, occurred_on=D(2025, 3, 3), reason=OutflowReason.EDUCATION
    )
    with django_assert_num_queries(1):
        states = {s.process_id: s.kind for s in participant_states(anna)}
    assert states == {process.pk: FlowKind.INFLOW, other.pk: FlowKind.OUTFLOW}


def test_active_count_by_phase_and_role(process):
    for _ in range(3):
        flow_in(ParticipantFactory(), process, phase=Phase.EMERGENCE)
    lead = ParticipantFactory()
    flow_in(lead, process, role=FlowRole.INITIATIVE_LEAD)
    assert process_active_by_phase_and_role(process) == {
        (Phase.EMERGENCE, FlowRole.PARTICIPANT): 3,
        (Phase.DEVELOPMENT, FlowRole.INITIATIVE_LEAD): 1,
    }


def test_e_mail_addresses_are_one_person_whatever_their_case():
    participant_create(name="Jan Smit", email=" Jan.Smit@Example.nl ")
    with pytest.raises(ValidationError) as error:
        participant_create(name="J. Smit", email="jan.smit@example.nl")
    assert error.value.message_dict == {
        "email": ["Er bestaat al een deelnemer met dit e-mailadres."]
    }
