"""Withdrawing an attendance: the person was not there. The row stays, withdrawn, with
who, when and why; it counts nowhere; the person can be recorded again; and the inflow
recorded with it is left to its own correction."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from participants import privacy, services
from participants.corrections import attendance_withdraw, flow_event_withdraw
from participants.models import Attendance, FlowEvent, FlowKind
from participants.steps import attendance_steps
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ActivityFactory, ProcessFactory, ProcessManagerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return ActivityFactory(process=ProcessFactory(), title="Informatieavond")


@pytest.fixture
def came(meeting):
    """Two people ticked off at the meeting: their first attendance is their inflow."""
    people = [ParticipantFactory(neighbourhood=meeting.process.neighbourhood)
              for _ in range(2)]
    services.activity_attendance_record(activity=meeting, participants=people)
    return people


def test_a_withdrawn_attendance_counts_nowhere_and_stays_in_the_history(
        meeting, came, django_user_model):
    manager = django_user_model.objects.create(username="pm")
    wrong = Attendance.objects.get(activity=meeting, participant=came[0])

    left = attendance_withdraw(attendance=wrong, why="  Stond per ongeluk aangevinkt. ",
                               by=manager)

    assert list(Attendance.objects.filter(activity=meeting).values_list(
        "participant", flat=True)) == [came[1].pk]
    assert meeting.attendances.count() == 1
    wrong = Attendance.history.get(pk=wrong.pk)
    assert wrong.is_withdrawn and wrong.withdrawn_by == manager
    assert wrong.withdrawal_reason == "Stond per ongeluk aangevinkt."
    # The inflow recorded with it stays, and is what the service hands back to point at.
    assert left == FlowEvent.objects.get(participant=came[0], kind=FlowKind.INFLOW)


def test_a_person_withdrawn_by_mistake_can_be_recorded_again(meeting, came):
    attendance_withdraw(attendance=Attendance.objects.get(participant=came[0]),
                        why="Verkeerde persoon")

    recorded = services.activity_attendance_record(activity=meeting, participants=[came[0]])

    assert recorded.attended == [came[0]]
    assert recorded.inflows == []  # the stay the first one opened is still open
    assert Attendance.objects.filter(activity=meeting).count() == 2
    assert Attendance.history.filter(activity=meeting, participant=came[0]).count() == 2


def test_a_second_withdrawal_is_refused_in_words_and_changes_nothing(meeting, came):
    attendance = Attendance.objects.get(participant=came[0])
    attendance_withdraw(attendance=attendance, why="Was er niet")
    first = Attendance.history.get(pk=attendance.pk)

    with pytest.raises(ValidationError) as refused, translation.override("en"):
        attendance_withdraw(attendance=attendance, why="Nog eens")

    assert refused.value.code == "already_corrected"
    assert "already been corrected" in refused.value.messages[0]
    again = Attendance.history.get(pk=attendance.pk)
    assert (again.withdrawn_at, again.withdrawal_reason) == (first.withdrawn_at, "Was er niet")


def test_a_withdrawal_without_a_reason_is_refused_and_changes_nothing(came):
    attendance = Attendance.objects.get(participant=came[0])
    with pytest.raises(ValidationError) as refused:
        attendance_withdraw(attendance=attendance, why="   ")
    assert "why" in refused.value.error_dict
    assert Attendance.objects.filter(pk=attendance.pk).exists()


def test_an_attendance_has_nothing_to_correct_and_only_its_managers_withdraw_it(came):
    attendance = Attendance.objects.get(participant=came[0])
    steps = attendance_steps(attendance)
    assert steps["withdraw"].is_open
    with translation.override("en"), pytest.raises(ValidationError,
                                                   match="no values to correct"):
        attendance_steps(attendance).require("correct")
    stranger = ProcessManagerFactory()  # manages no process of this neighbourhood
    assert not attendance_steps(attendance, user=stranger)["withdraw"].is_open
    manager = ProcessManagerFactory()
    attendance.activity.process.managers.add(manager)
    assert attendance_steps(attendance, user=manager)["withdraw"].is_open


def test_the_inflow_is_withdrawn_on_its_own_and_then_the_person_flows_in_again(
        meeting, came):
    person = came[0]
    inflow = attendance_withdraw(attendance=Attendance.objects.get(participant=person),
                                 why="Was er niet")
    flow_event_withdraw(event=inflow, why="Dus ook niet ingestroomd")

    recorded = services.activity_attendance_record(activity=meeting, participants=[person])

    assert [event.participant for event in recorded.inflows] == [person]


def test_erasing_a_person_erases_the_reasons_of_their_withdrawn_attendance(came):
    person = came[0]
    attendance_withdraw(attendance=Attendance.objects.get(participant=person),
                        why=f"{person.name} was ziek")
    privacy.participant_erase(participant=person)
    assert Attendance.history.get(participant=person).withdrawal_reason == ""
