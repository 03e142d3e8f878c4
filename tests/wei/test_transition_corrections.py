"""Correcting a phase transition: its date, rationale and criteria get a replacement
beside the original; withdrawing the latest puts the process back where it stood, and
is refused in words when something now stands beyond that."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from participants import services as flow
from tests.participants.factories import ParticipantFactory
from tests.refusals import codes
from tests.wei.factories import ProcessFactory, UserFactory
from wei.corrections import transition_correct, transition_withdraw
from wei.models import (
    Phase,
    PhaseCriterion,
    PhaseTransition,
    Process,
    ProcessStatus,
    TransitionKind,
)
from wei.services import (
    process_advance_phase,
    process_complete,
    process_reopen,
    process_start,
    process_stop,
)
from wei.steps import transition_steps

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 6, 2)


def later(days):
    return DAY + datetime.timedelta(days=days)


def advance(process, days=0, criteria=()):
    process.refresh_from_db()
    return process_advance_phase(confirmed=True, process=process, to_phase=process.phase + 1,
                                 occurred_on=later(days), rationale="Genoeg bewoners.",
                                 criteria=criteria)


def state(process):
    process = Process.objects.get(pk=process.pk)
    return process.phase, process.status, process.status_reason


def test_a_wrong_date_rationale_and_criteria_are_corrected_beside_the_original():
    process = ProcessFactory()
    manager = UserFactory()
    information = list(PhaseCriterion.objects.filter(phase=Phase.INFORMATION))
    wrong = advance(process, criteria=information[:1])

    right = transition_correct(transition=wrong, occurred_on=later(-7),
                               rationale="Twaalf bewoners willen meedoen.",
                               criteria=information[:2], why="Datum en criteria klopten niet.",
                               by=manager)

    wrong = PhaseTransition.history.get(pk=wrong.pk)
    assert wrong.is_withdrawn and wrong.withdrawn_by == manager
    assert wrong.withdrawal_reason == "Datum en criteria klopten niet."
    assert right.corrects == wrong and right.decided_by == wrong.decided_by
    assert (right.kind, right.from_phase, right.to_phase) == (
        TransitionKind.ADVANCE, Phase.INFORMATION, Phase.EMERGENCE)
    assert right.occurred_on == later(-7) and right.rationale == "Twaalf bewoners willen meedoen."
    assert set(right.criteria_met.all()) == set(information[:2])
    assert set(wrong.criteria_met.all()) == set(information[:1])  # the original as it was
    assert list(process.transitions.all()) == [right]
    assert state(process)[0] == Phase.EMERGENCE


def test_a_corrected_transition_keeps_its_place_and_the_latest_stays_the_latest():
    process = ProcessFactory()
    first = advance(process)
    second = advance(process)  # the same day, recorded later
    transition_correct(transition=first, rationale="Toch een andere reden.", why="Typfout")

    assert transition_steps(second)["withdraw"].is_open
    with pytest.raises(ValidationError) as refused:
        transition_withdraw(transition=process.transitions.get(kind=TransitionKind.ADVANCE,
                                                               from_phase=Phase.INFORMATION),
                            why="Vergissing")
    assert codes(refused.value) == {"withdraw_closed"}
    transition_withdraw(transition=second, why="Eén stap te ver")
    assert state(process)[0] == Phase.EMERGENCE


@pytest.mark.parametrize(("change", "code"), [
    ({"occurred_on": later(20)}, "after_next"),
    ({"occurred_on": datetime.date(2024, 12, 1)}, "before_start"),
    ({"occurred_on": datetime.date(2999, 1, 1)}, "future"),
    ({"rationale": "  "}, "rationale"),
    ({"rationale": "Genoeg bewoners."}, "unchanged"),
    ({"criteria": "development"}, "criteria_phase"),
])
def test_a_correction_that_breaks_the_history_is_refused_and_changes_nothing(change, code):
    process = ProcessFactory()
    first = advance(process)
    advance(process, days=10)
    if change.get("criteria") == "development":
        change = {"criteria": list(PhaseCriterion.objects.filter(phase=Phase.DEVELOPMENT))}
    before = list(PhaseTransition.history.values())

    with pytest.raises(ValidationError) as refused:
        transition_correct(transition=first, why="Correctie", **change)

    assert code in codes(refused.value)
    assert list(PhaseTransition.history.values()) == before


def test_criteria_are_corrected_on_a_move_forward_only():
    process = ProcessFactory(phase=Phase.EMERGENCE)
    back = process_advance_phase(confirmed=True, process=process, to_phase=Phase.INFORMATION,
                                 occurred_on=DAY, rationale="Te weinig bewoners.")
    with pytest.raises(ValidationError) as refused:
        transition_correct(transition=back, why="x", criteria=list(
            PhaseCriterion.objects.filter(phase=Phase.EMERGENCE)[:1]))
    assert codes(refused.value) == {"criteria_kind"}


def test_withdrawing_a_move_forward_puts_the_process_back_and_only_the_latest_goes():
    process = ProcessFactory()
    first = advance(process)
    second = advance(process, days=3)

    with pytest.raises(ValidationError) as refused, translation.override("en"):
        transition_withdraw(transition=first, why="Vergissing")
    assert "Only the latest transition" in refused.value.messages[0]
    assert state(process)[0] == Phase.DEVELOPMENT

    transition_withdraw(transition=second, why="Te vroeg")
    assert state(process)[0] == Phase.EMERGENCE
    transition_withdraw(transition=first, why="Ook te vroeg")
    assert state(process)[0] == Phase.INFORMATION
    assert not process.transitions.exists()
    # The history goes on from there: the process moves on again.
    advance(process, days=5)
    assert state(process)[0] == Phase.EMERGENCE


def test_withdrawing_a_step_back_puts_the_process_forward_again():
    process = ProcessFactory(phase=Phase.DEVELOPMENT)
    back = process_advance_phase(confirmed=True, process=process, to_phase=Phase.EMERGENCE,
                                 occurred_on=DAY, rationale="Initiatieven vielen weg.")
    transition_withdraw(transition=back, why="Verkeerde knop")
    assert state(process)[0] == Phase.DEVELOPMENT


def test_withdrawing_a_stop_and_a_reopen_restores_the_status_and_its_reason():
    process = ProcessFactory()
    process_stop(confirmed=True, process=process, occurred_on=DAY, reason="Niemand meldde zich.")
    reopen = process_reopen(process=process, occurred_on=later(30), rationale="Nieuwe energie")

    transition_withdraw(transition=reopen, why="Te vroeg heropend")
    assert state(process) == (Phase.INFORMATION, ProcessStatus.STOPPED, "Niemand meldde zich.")

    transition_withdraw(transition=process.transitions.get(), why="Nooit gestopt")
    assert state(process) == (Phase.INFORMATION, ProcessStatus.ACTIVE, "")


def test_withdrawing_a_completion_makes_the_process_run_again():
    process = ProcessFactory(phase=Phase.AUTONOMY)
    done = process_complete(process=process, occurred_on=DAY, rationale="De coöperatie draait.")
    transition_withdraw(transition=done, why="Nog niet zover")
    assert state(process) == (Phase.AUTONOMY, ProcessStatus.ACTIVE, "")


def test_correcting_the_stops_rationale_corrects_the_processs_reason():
    process = ProcessFactory()
    stop = process_stop(confirmed=True, process=process, occurred_on=DAY, reason="Niemand.")
    transition_correct(transition=stop, rationale="Niemand meldde zich na twee avonden.",
                       why="Duidelijker")
    assert state(process)[2] == "Niemand meldde zich na twee avonden."


def test_a_stop_is_not_withdrawn_while_another_process_runs_in_the_neighbourhood():
    process = ProcessFactory()
    stop = process_stop(confirmed=True, process=process, occurred_on=DAY,
                        reason="Niemand meldde zich.")
    newer = process_start(neighbourhood=process.neighbourhood, title="Tweede poging",
                          started_on=later(10))

    with pytest.raises(ValidationError) as refused, translation.override("en"):
        transition_withdraw(transition=stop, why="Vergissing")

    assert newer.title in refused.value.messages[0]
    assert state(process)[1] == ProcessStatus.STOPPED
    assert not PhaseTransition.history.filter(withdrawn_at__isnull=False).exists()


def test_a_move_forward_is_not_withdrawn_while_people_take_part_beyond_the_phase_before():
    process = ProcessFactory()
    moved = advance(process)
    person = ParticipantFactory(neighbourhood=process.neighbourhood)
    flow.participant_flow_in(participant=person, process=process, occurred_on=later(1),
                             channel="organizer", phase=Phase.EMERGENCE)

    with pytest.raises(ValidationError) as refused, translation.override("en"):
        transition_withdraw(transition=moved, why="Vergissing")

    assert "1 person takes part in this process beyond the information phase" in (
        refused.value.messages[0])
    assert state(process)[0] == Phase.EMERGENCE
    # Back in the information phase, the person no longer stands in the way.
    flow.participant_flow_through(participant=person, process=process, occurred_on=later(2),
                                  phase=Phase.INFORMATION)
    transition_withdraw(transition=moved, why="Vergissing")
    assert state(process)[0] == Phase.INFORMATION


def test_a_second_correction_is_refused_as_already_corrected():
    process = ProcessFactory()
    moved = advance(process)
    transition_withdraw(transition=moved, why="Vergissing")
    for again in (lambda: transition_withdraw(transition=moved, why="Nog eens"),
                  lambda: transition_correct(transition=moved, rationale="Anders",
                                             why="Nog eens")):
        with pytest.raises(ValidationError) as refused:
            again()
        assert refused.value.code == "already_corrected"
    assert state(process)[0] == Phase.INFORMATION
    assert PhaseTransition.history.count() == 1
