import datetime
import random

import pytest
from django.contrib.auth.models import Group

from participants import services as flow
from participants.models import FlowKind, FlowRole, InflowChannel, OutflowReason
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ProcessFactory, ProcessManagerFactory
from wei.models import Phase
from wei.roles import PROCESS_MANAGER

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    # The overview and the report count "this year" and "this quarter" from today; pin today.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def manager(db):
    Group.objects.get_or_create(name=PROCESS_MANAGER)
    return ProcessManagerFactory()


def tell_stories(process, *, people, seed):
    """Random but reproducible stays, written through the services.

    Returns the log of what was written, so that tests count it by hand.
    """
    rng = random.Random(seed)
    log = []
    for _ in range(people):
        person = ParticipantFactory(neighbourhood=process.neighbourhood)
        day = TODAY - datetime.timedelta(days=rng.randint(60, 700))
        channel = rng.choice(InflowChannel.values)
        phase = rng.randint(Phase.first(), process.phase)
        flow.participant_flow_in(participant=person, process=process, occurred_on=day,
                                 channel=channel, phase=phase)
        log.append({"person": person, "kind": FlowKind.INFLOW, "on": day, "phase": phase,
                    "channel": channel, "reason": ""})
        if rng.random() < 0.5:
            day += datetime.timedelta(days=rng.randint(1, 25))
            # Onwards to the next phase, or a new role in the same one.
            if phase < process.phase:
                phase += 1
                flow.participant_flow_through(participant=person, process=process,
                                              occurred_on=day, phase=phase)
            else:
                flow.participant_flow_through(participant=person, process=process,
                                              occurred_on=day, role=FlowRole.VOLUNTEER)
            log.append({"person": person, "kind": FlowKind.THROUGHFLOW, "on": day,
                        "phase": phase, "channel": "", "reason": ""})
        if rng.random() < 0.4:
            day += datetime.timedelta(days=rng.randint(1, 25))
            reason = rng.choice(OutflowReason.values)
            flow.participant_flow_out(participant=person, process=process, occurred_on=day,
                                      reason=reason)
            log.append({"person": person, "kind": FlowKind.OUTFLOW, "on": day,
                        "phase": phase, "channel": "", "reason": reason})
    return log


@pytest.fixture
def neighbourhood_with_stories(manager):
    process = ProcessFactory(phase=Phase.DEVELOPMENT)
    process.managers.add(manager)
    return process, tell_stories(process, people=30, seed=7)


@pytest.fixture
def other_neighbourhood():
    process = ProcessFactory(phase=Phase.AUTONOMY, title="Andermans wijkproces")
    return process, tell_stories(process, people=12, seed=11)
