import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone, translation

from tests.wei.factories import NeighbourhoodFactory, ProcessFactory, UserFactory
from wei.models import Phase, PhaseCriterion, PhaseTransition, ProcessStatus, TransitionKind
from wei.services import (
    process_advance_phase,
    process_complete,
    process_reopen,
    process_start,
    process_stop,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 6, 1)


def message(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_advance_one_phase_records_who_when_why_and_criteria():
    process = ProcessFactory()
    manager = UserFactory()
    criteria = list(PhaseCriterion.objects.filter(phase=Phase.INFORMATION)[:2])
    transition = process_advance_phase(
        process=process,
        to_phase=Phase.EMERGENCE,
        occurred_on=DAY,
        rationale="Twaalf bewoners willen meedoen.",
        criteria=criteria,
        by=manager,
        confirmed=True,
    )
    process.refresh_from_db()
    assert process.phase == Phase.EMERGENCE
    assert transition.kind == TransitionKind.ADVANCE
    assert (transition.from_phase, transition.to_phase) == (Phase.INFORMATION, Phase.EMERGENCE)
    assert transition.decided_by == manager
    assert set(transition.criteria_met.all()) == set(criteria)


def test_skipping_a_phase_is_refused_in_dutch_and_changes_nothing():
    process = ProcessFactory()
    with pytest.raises(ValidationError) as error:
        process_advance_phase(
            process=process, to_phase=Phase.DEVELOPMENT, occurred_on=DAY, rationale="Snel door.",
            confirmed=True
        )
    assert message(error.value) == (
        "Fasen kunnen niet worden overgeslagen: vanuit de informatiefase kan het proces alleen "
        "naar de ontstaansfase."
    )
    process.refresh_from_db()
    assert process.phase == Phase.INFORMATION
    assert not PhaseTransition.objects.exists()


def test_step_back_needs_a_reason():
    process = ProcessFactory(phase=Phase.DEVELOPMENT)
    with pytest.raises(ValidationError) as error:
        process_advance_phase(
            process=process, to_phase=Phase.EMERGENCE, occurred_on=DAY, rationale="  ",
            confirmed=True
        )
    assert message(error.value) == "Schrijf op waarom; de geschiedenis vraagt om een onderbouwing."
    transition = process_advance_phase(
        process=process,
        to_phase=Phase.EMERGENCE,
        occurred_on=DAY,
        rationale="Twee trekkers zijn verhuisd; de initiatieven hebben weer steun nodig.",
        confirmed=True,
    )
    assert transition.kind == TransitionKind.STEP_BACK
    process.refresh_from_db()
    assert process.phase == Phase.EMERGENCE


def test_the_same_phase_and_phases_outside_the_model_are_refused():
    process = ProcessFactory()
    with pytest.raises(ValidationError, match="al in de informatiefase"):
        process_advance_phase(
            process=process, to_phase=Phase.INFORMATION, occurred_on=DAY, rationale="x",
            confirmed=True
        )
    with pytest.raises(ValidationError, match="Het WEI-model kent deze fase niet"):
        process_advance_phase(process=process, to_phase=5, occurred_on=DAY, rationale="x",
                              confirmed=True)


def test_only_criteria_of_the_current_phase_count():
    process = ProcessFactory()
    later = PhaseCriterion.objects.filter(phase=Phase.DEVELOPMENT)[:1]
    with pytest.raises(ValidationError, match="Alleen de criteria van de informatiefase"):
        process_advance_phase(
            process=process,
            to_phase=Phase.EMERGENCE,
            occurred_on=DAY,
            rationale="x",
            criteria=later,
            confirmed=True,
        )


def test_dates_in_the_future_or_before_the_history_are_refused():
    process = ProcessFactory(started_on=datetime.date(2025, 1, 6))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="ligt in de toekomst"):
        process_advance_phase(process=process, to_phase=2, occurred_on=tomorrow, rationale="x",
                              confirmed=True)
    with pytest.raises(ValidationError, match="voor de start van het proces"):
        process_advance_phase(
            process=process, to_phase=2, occurred_on=datetime.date(2024, 12, 1), rationale="x",
            confirmed=True
        )
    process_advance_phase(process=process, to_phase=2, occurred_on=DAY, rationale="x",
                          confirmed=True)
    with pytest.raises(ValidationError, match="voor de vorige overgang"):
        process_advance_phase(
            process=process, to_phase=3, occurred_on=DAY - datetime.timedelta(1), rationale="x",
            confirmed=True
        )


def test_information_phase_ends_in_a_stop_when_nobody_is_motivated():
    process = ProcessFactory()
    process_stop(
        process=process,
        occurred_on=DAY,
        reason="Geen intrinsiek gemotiveerde bewoners na drie informatieavonden.",
        confirmed=True,
    )
    process.refresh_from_db()
    assert process.status == ProcessStatus.STOPPED
    assert process.status_reason.startswith("Geen intrinsiek gemotiveerde bewoners")
    assert process.transitions.get().kind == TransitionKind.STOP


def test_a_stop_is_only_possible_in_the_information_phase():
    process = ProcessFactory(phase=Phase.EMERGENCE)
    with pytest.raises(ValidationError, match="Alleen een proces in de informatiefase kan stoppen"):
        process_stop(process=process, occurred_on=DAY, reason="x", confirmed=True)


def test_a_stopped_process_takes_no_transitions_until_reopened():
    process = ProcessFactory()
    process_stop(process=process, occurred_on=DAY, reason="Niemand gemotiveerd.", confirmed=True)
    with pytest.raises(ValidationError, match="heropen het"):
        process_advance_phase(process=process, to_phase=2, occurred_on=DAY, rationale="x",
                              confirmed=True)
    reopened = process_reopen(
        process=process,
        occurred_on=DAY + datetime.timedelta(days=30),
        rationale="Nieuwe bewoners melden zich.",
    )
    assert reopened.kind == TransitionKind.REOPEN
    process.refresh_from_db()
    assert process.status == ProcessStatus.ACTIVE
    process_advance_phase(
        process=process,
        to_phase=2,
        occurred_on=DAY + datetime.timedelta(31),
        rationale="Tien bewoners doen mee.",
        confirmed=True,
    )
    assert [t.kind for t in process.transitions.order_by("id")] == [
        TransitionKind.STOP,
        TransitionKind.REOPEN,
        TransitionKind.ADVANCE,
    ]


def test_reopening_an_active_process_is_refused():
    with pytest.raises(ValidationError, match="Alleen een gestopt proces"):
        process_reopen(process=ProcessFactory(), occurred_on=DAY, rationale="x")


def test_complete_from_the_autonomous_phase_only():
    with pytest.raises(ValidationError, match="autonome fase"):
        process_complete(
            process=ProcessFactory(phase=Phase.DEVELOPMENT), occurred_on=DAY, rationale="x"
        )
    process = ProcessFactory(phase=Phase.AUTONOMY)
    process_complete(process=process, occurred_on=DAY, rationale="De coöperatie draait zelf.")
    process.refresh_from_db()
    assert process.status == ProcessStatus.COMPLETED
    with pytest.raises(ValidationError, match="afgerond"):
        process_advance_phase(process=process, to_phase=3, occurred_on=DAY, rationale="x",
                              confirmed=True)


def test_one_active_process_per_neighbourhood_but_a_new_one_after_a_stop():
    neighbourhood = NeighbourhoodFactory(name="Haveltermade")
    first = process_start(neighbourhood=neighbourhood, title="Eerste poging", started_on=DAY)
    with pytest.raises(ValidationError, match="Haveltermade heeft al een actief proces"):
        process_start(neighbourhood=neighbourhood, title="Tweede", started_on=DAY)
    process_stop(process=first, occurred_on=DAY, reason="Niemand gemotiveerd.", confirmed=True)
    second = process_start(neighbourhood=neighbourhood, title="Tweede", started_on=DAY)
    assert second.status == ProcessStatus.ACTIVE
    with pytest.raises(ValidationError, match="heeft al een actief proces"):
        process_reopen(process=first, occurred_on=DAY, rationale="x")


def test_the_database_refuses_a_transition_that_skips_a_phase():
    process = ProcessFactory()
    with pytest.raises(IntegrityError):
        PhaseTransition.objects.create(
            process=process,
            kind=TransitionKind.ADVANCE,
            from_phase=1,
            to_phase=3,
            occurred_on=DAY,
            rationale="x",
        )


def test_english_messages_for_english_users():
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as error:
        process_advance_phase(process=ProcessFactory(), to_phase=3, occurred_on=DAY, rationale="x",
                              confirmed=True)
    assert "Phases cannot be skipped" in message(error.value)


def test_moving_on_with_a_criterion_unmet_is_refused_without_a_confirmation_naming_it():
    process = ProcessFactory()
    criteria = list(PhaseCriterion.objects.filter(phase=Phase.INFORMATION))
    with pytest.raises(ValidationError) as refused:
        process_advance_phase(process=process, to_phase=2, occurred_on=DAY, rationale="x",
                              criteria=criteria[:1])
    assert refused.value.error_dict.keys() == {"confirm"}
    assert all(c.text in str(refused.value) for c in criteria[1:])
    assert criteria[0].text not in str(refused.value)
    assert not process.transitions.exists()
    # Every criterion met: nothing to confirm. A step back never asks.
    process_advance_phase(process=process, to_phase=2, occurred_on=DAY, rationale="x",
                          criteria=criteria)
    process_advance_phase(process=process, to_phase=1, occurred_on=DAY, rationale="x")
    assert process.transitions.count() == 2


def test_a_stop_is_refused_without_a_confirmation():
    process = ProcessFactory()
    with pytest.raises(ValidationError) as refused:
        process_stop(process=process, occurred_on=DAY, reason="Niemand gemotiveerd.")
    assert refused.value.error_dict.keys() == {"confirm"}
    process.refresh_from_db()
    assert process.status == ProcessStatus.ACTIVE and not process.transitions.exists()


def test_a_step_from_a_state_the_process_has_left_is_refused_for_what_happened():
    process = ProcessFactory()
    shown = {"expected_phase": Phase.INFORMATION, "expected_status": ProcessStatus.ACTIVE}
    process_advance_phase(process=process, to_phase=2, occurred_on=DAY,
                          rationale="x", confirmed=True, **shown)
    # The same form again: the service compares with the locked row, not the caller's copy.
    with translation.override("en"), pytest.raises(ValidationError,
                                                   match="already in the emergence phase"):
        process_advance_phase(process=process, to_phase=3, occurred_on=DAY,
                              rationale="x", confirmed=True, **shown)
    assert process.transitions.count() == 1
    process_advance_phase(process=process, to_phase=1, occurred_on=DAY,
                          rationale="x", confirmed=True)
    process_stop(process=process, occurred_on=DAY, reason="x", confirmed=True)
    with translation.override("en"), pytest.raises(ValidationError, match="already stopped"):
        process_stop(process=process, occurred_on=DAY, reason="x", confirmed=True, **shown)
    assert process.transitions.filter(kind=TransitionKind.STOP).count() == 1
