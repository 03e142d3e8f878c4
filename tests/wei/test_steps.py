"""The steps of a WEI process and of an activity: for every state, a step is reported
open exactly when its service accepts it with valid input, and a closed one says why."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from participants.services import activity_attendance_record
from tests.wei.factories import (
    ActivityFactory,
    NeighbourhoodFactory,
    ProcessFactory,
    ProcessManagerFactory,
    UserFactory,
)
from wei import services
from wei.admin import PhaseTransitionAdminForm
from wei.models import Phase, ProcessStatus
from wei.steps import PROCESS_STEPS, activity_steps, process_steps

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 6, 1)

# (status, phase, another running process in the neighbourhood)
PROCESS_STATES = [
    *[(ProcessStatus.ACTIVE, phase, False) for phase in Phase],
    (ProcessStatus.STOPPED, Phase.INFORMATION, False),
    (ProcessStatus.STOPPED, Phase.INFORMATION, True),
    (ProcessStatus.COMPLETED, Phase.AUTONOMY, False),
]


def take(process, name):
    """The step's service with valid input."""
    common = {"process": process, "occurred_on": DAY}
    if name in ("advance", "step_back"):
        return services.process_advance_phase(
            to_phase=process.phase + (1 if name == "advance" else -1), rationale="Omdat.",
            confirmed=True, **common)
    if name == "stop":
        return services.process_stop(reason="Niemand gemotiveerd.", confirmed=True, **common)
    if name == "reopen":
        return services.process_reopen(rationale="Toch animo.", **common)
    return services.process_complete(rationale="Zelfstandig.", **common)


def accepts(call) -> bool:
    """Whether the service accepts, rolled back either way."""
    try:
        with transaction.atomic():
            call()
            transaction.set_rollback(True)
    except ValidationError:
        return False
    return True


def make_process(status, phase, other_running):
    neighbourhood = NeighbourhoodFactory()
    process = ProcessFactory(neighbourhood=neighbourhood, status=status, phase=phase)
    if other_running:
        ProcessFactory(neighbourhood=neighbourhood)
    return process


@pytest.mark.parametrize(("status", "phase", "other_running"), PROCESS_STATES)
@pytest.mark.parametrize("name", PROCESS_STEPS)
def test_a_process_step_is_open_exactly_when_its_service_accepts(
        status, phase, other_running, name):
    process = make_process(status, phase, other_running)
    step = process_steps(process)[name]
    assert step.is_open == accepts(lambda: take(process, name)), step
    if not step.is_open:
        assert step.reason
        with pytest.raises(ValidationError, match=step.reason[:30]):
            take(process, name)


def test_a_running_process_shows_what_it_can_do_and_a_stop_it_can_no_longer_take():
    steps = process_steps(ProcessFactory(phase=Phase.DEVELOPMENT))
    assert [step.name for step in steps.open] == ["advance", "step_back"]
    # A manager may look for "stop" later on: disabled, with its reason in Dutch.
    assert [step.name for step in steps.shown] == ["advance", "step_back", "stop"]
    assert "Alleen een proces in de informatiefase kan stoppen" in steps["stop"].reason


def test_a_stopped_process_offers_only_reopen_and_says_why_not_when_another_runs():
    process = make_process(ProcessStatus.STOPPED, Phase.INFORMATION, True)
    steps = process_steps(process)
    assert steps.open == [] and [step.name for step in steps.shown] == ["reopen"]
    assert "heeft al een actief proces" in steps["reopen"].reason
    steps = process_steps(make_process(ProcessStatus.COMPLETED, Phase.AUTONOMY, False))
    assert steps.shown == []


def test_a_user_who_may_not_change_the_process_sees_no_step():
    process = ProcessFactory()
    outsider = ProcessManagerFactory()
    manager = ProcessManagerFactory()
    process.managers.add(manager)
    assert process_steps(process, user=outsider).shown == []
    assert process_steps(process, user=manager)["advance"].is_open
    viewer = UserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_process"))
    process.managers.add(viewer)
    assert process_steps(process, user=viewer).shown == []


def test_the_admin_refuses_a_transition_the_process_cannot_take():
    process = ProcessFactory(phase=Phase.DEVELOPMENT)
    form = PhaseTransitionAdminForm(data={
        "process": process.pk, "kind": "stop", "occurred_on": DAY, "rationale": "Weg."})
    assert not form.is_valid()
    assert "Alleen een proces in de informatiefase kan stoppen" in str(form.errors)


# ---- activities --------------------------------------------------------------

TODAY = timezone.localdate()
ACTIVITY_STATES = [
    (public, place, date)
    for public in (False, True)
    for place in ("", "Buurthuis")
    for date in (TODAY - datetime.timedelta(days=2), TODAY, TODAY + datetime.timedelta(days=5))
    if place or not public  # a public activity always has a place
]


def take_activity_step(activity, name):
    if name == "publish":
        return services.activity_set_public(activity=activity, is_public=True)
    if name == "hide":
        return services.activity_set_public(activity=activity, is_public=False)
    return activity_attendance_record(activity=activity, participants=[])


@pytest.mark.parametrize(("public", "place", "date"), ACTIVITY_STATES)
@pytest.mark.parametrize("name", ["publish", "hide", "record_attendance"])
def test_an_activity_step_is_open_exactly_when_its_service_accepts(public, place, date, name):
    activity = ActivityFactory(is_public=public, location=place, date=date)
    step = activity_steps(activity)[name]
    assert step.is_open == accepts(lambda: take_activity_step(activity, name)), step


def test_an_activity_without_a_place_says_why_it_is_not_shown_to_residents():
    step = activity_steps(ActivityFactory(location=""))["publish"]
    assert step.shown and not step.is_open
    assert "Een openbare activiteit heeft een plaats nodig" in step.reason


def test_a_planned_activity_says_from_when_attendance_is_recorded():
    day = TODAY + datetime.timedelta(days=5)
    step = activity_steps(ActivityFactory(date=day))["record_attendance"]
    assert step.shown and not step.is_open
    assert str(day.year) in step.reason and "vanaf die dag" in step.reason
