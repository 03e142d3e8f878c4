"""The steps of a person in a WEI process: for every state, a step is reported open
exactly when its service accepts it with valid input, and a closed one says why."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from participants import services
from participants.models import FlowRole, InflowChannel, OutflowReason
from participants.steps import PERSON_STEPS, person_steps
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ProcessFactory, ProcessManagerFactory
from wei.models import Phase, Process, ProcessStatus

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
EARLIER = TODAY - datetime.timedelta(days=30)
LATER = TODAY - datetime.timedelta(days=10)

STATUSES = [ProcessStatus.ACTIVE, ProcessStatus.STOPPED, ProcessStatus.COMPLETED]
HISTORIES = ["never", "in", "out"]


def take(person, process, name):
    if name == "inflow":
        return services.participant_flow_in(participant=person, process=process,
                                            occurred_on=TODAY, channel=InflowChannel.OTHER)
    if name == "throughflow":
        return services.participant_flow_through(participant=person, process=process,
                                                 occurred_on=TODAY, role=FlowRole.VOLUNTEER)
    return services.participant_flow_out(participant=person, process=process,
                                         occurred_on=TODAY, reason=OutflowReason.NO_TIME)


def accepts(call) -> bool:
    try:
        with transaction.atomic():
            call()
            transaction.set_rollback(True)
    except ValidationError:
        return False
    return True


def person_in(process, history, *, erased=False):
    person = ParticipantFactory(neighbourhood=process.neighbourhood)
    if history in ("in", "out"):
        services.participant_flow_in(participant=person, process=process, occurred_on=EARLIER,
                                     channel=InflowChannel.OTHER, phase=Phase.INFORMATION)
    if history == "out":
        services.participant_flow_out(participant=person, process=process, occurred_on=LATER,
                                      reason=OutflowReason.MOVED_AWAY)
    if erased:
        person.erased_at = timezone.now()
        person.save(update_fields=["erased_at"])
    return person


def make_process(status):
    process = ProcessFactory(phase=Phase.DEVELOPMENT)
    return process, lambda: Process.objects.filter(pk=process.pk).update(status=status)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("history", HISTORIES)
@pytest.mark.parametrize("erased", [False, True])
@pytest.mark.parametrize("name", PERSON_STEPS)
def test_a_persons_step_is_open_exactly_when_its_service_accepts(status, history, erased, name):
    process, set_status = make_process(status)
    person = person_in(process, history, erased=erased)
    set_status()
    process.refresh_from_db()
    step = person_steps(person, process)[name]
    assert step.is_open == accepts(lambda: take(person, process, name)), step
    if not step.is_open:
        assert step.reason


def test_someone_in_a_stopped_process_can_only_flow_out_and_is_told_why():
    process, set_status = make_process(ProcessStatus.STOPPED)
    person = person_in(process, "in")
    set_status()
    process.refresh_from_db()
    steps = person_steps(person, process)
    assert [step.name for step in steps.open] == ["outflow"]
    assert steps["throughflow"].shown
    assert "niet actief; alleen een uitstroom" in steps["throughflow"].reason


def test_the_steps_are_hidden_from_a_user_who_may_not_change_the_process():
    process = ProcessFactory()
    person = person_in(process, "never")
    manager, outsider = ProcessManagerFactory(), ProcessManagerFactory()
    process.managers.add(manager)
    assert person_steps(person, process, user=manager)["inflow"].is_open
    assert person_steps(person, process, user=outsider).shown == []


def test_a_process_does_not_step_back_behind_the_people_taking_part_in_it():
    from wei.services import process_advance_phase
    from wei.steps import process_steps

    process = ProcessFactory(phase=Phase.DEVELOPMENT)
    person = ParticipantFactory()
    services.participant_flow_in(participant=person, process=process, occurred_on=EARLIER,
                                 channel=InflowChannel.OTHER, phase=Phase.DEVELOPMENT)

    step = process_steps(process)["step_back"]
    assert not step.is_open and step.shown and "1" in step.reason
    with pytest.raises(ValidationError):
        process_advance_phase(process=process, to_phase=Phase.EMERGENCE, occurred_on=LATER,
                              rationale="Terug")
    process.refresh_from_db()
    assert process.phase == Phase.DEVELOPMENT

    services.participant_flow_through(participant=person, process=process, occurred_on=LATER,
                                      phase=Phase.EMERGENCE)
    assert process_steps(process)["step_back"].is_open
    process_advance_phase(process=process, to_phase=Phase.EMERGENCE, occurred_on=TODAY,
                          rationale="Terug")
    process.refresh_from_db()
    assert process.phase == Phase.EMERGENCE
