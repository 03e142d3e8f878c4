"""Correcting a recorded phase transition: its replacement beside it, or withdrawn.

A transition's date, rationale and ticked criteria can be corrected; its kind and
phases cannot (that is another transition: withdraw this one and record the right one).
The corrected date stays between its neighbours, so the order of the history, and so
which transition is the latest, does not change.

Only the latest transition of a process can be withdrawn: the process goes back to the
phase and status it had before (wei.steps.transition_steps says when it cannot: another
process runs in the neighbourhood now, or people take part beyond that phase).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import corrections
from wei.models import PhaseTransition, Process, ProcessStatus, TransitionKind
from wei.services import check_not_in_future
from wei.steps import restored_state, transition_steps


def _refuse(field: str, message: str, code: str):
    return ValidationError({field: ValidationError(message, code=code)})


def _lock(transition: PhaseTransition) -> PhaseTransition:
    # The process first, as every transition service does, so corrections and new
    # transitions of one process are serialised; then the transition, still current.
    process = Process.objects.select_for_update().get(pk=transition.process_id)
    row = corrections.lock_current(PhaseTransition, transition.pk)
    row.process = process
    return row


def _neighbours(transition):
    rows = list(transition.process.transitions.order_by("occurred_on", "created_at", "id"))
    index = next(i for i, row in enumerate(rows) if row.pk == transition.pk)
    before = rows[index - 1] if index else None
    after = rows[index + 1] if index + 1 < len(rows) else None
    return before, after


def _check_date(process, occurred_on, before, after) -> None:
    check_not_in_future(occurred_on)
    day = "%d-%m-%Y"
    if occurred_on < process.started_on:
        raise _refuse("occurred_on", _("The date lies before the start of the process "
                                       "(%(start)s).")
                      % {"start": process.started_on.strftime(day)}, "before_start")
    if before is not None and occurred_on < before.occurred_on:
        raise _refuse("occurred_on", _("The date lies before the previous transition "
                                       "(%(date)s).")
                      % {"date": before.occurred_on.strftime(day)}, "before_previous")
    if after is not None and occurred_on > after.occurred_on:
        raise _refuse("occurred_on", _("The date lies after the next transition (%(date)s).")
                      % {"date": after.occurred_on.strftime(day)}, "after_next")


@transaction.atomic
def transition_correct(
    *,
    transition: PhaseTransition,
    why: str,
    by=None,
    occurred_on: datetime.date | None = None,
    rationale: str | None = None,
    criteria=None,
) -> PhaseTransition:
    """Replace `transition` by a copy with the given date, rationale and criteria (of
    the phase it moved on from; a move forward only); returns the replacement."""
    why = corrections.clean_why(why)
    transition = _lock(transition)
    process = transition.process
    before, after = _neighbours(transition)
    transition_steps(transition, latest=after is None).require("correct")
    corrected = PhaseTransition.history.get(pk=transition.pk)
    if occurred_on is not None:
        corrected.occurred_on = occurred_on
    if rationale is not None:
        corrected.rationale = rationale.strip()
        if not corrected.rationale:
            raise _refuse("rationale", _("Write down why; the history needs a rationale."),
                          "rationale")
    was = set(transition.criteria_met.values_list("pk", flat=True))
    ticked = was
    if criteria is not None:
        criteria = list(criteria)
        if criteria and transition.kind != TransitionKind.ADVANCE:
            raise _refuse("criteria", _("Criteria are ticked off when a process moves on "
                                        "only."), "criteria_kind")
        if any(criterion.phase != transition.from_phase for criterion in criteria):
            raise _refuse("criteria", _("Only the criteria of the %(phase)s can be ticked off "
                                        "for this transition.")
                          % {"phase": transition.get_from_phase_display().lower()},
                          "criteria_phase")
        ticked = {criterion.pk for criterion in criteria}
    _check_date(process, corrected.occurred_on, before, after)
    if ((corrected.occurred_on, corrected.rationale) == (transition.occurred_on,
                                                          transition.rationale)
            and ticked == was):
        raise ValidationError(_("Nothing was changed; a correction changes at least one "
                                "value."), code="unchanged")
    corrections.replace(transition, corrected, why=why, by=by)
    corrected.criteria_met.set(ticked)
    # In its original's place in the order of recording (see PhaseTransition).
    corrected.created_at = transition.created_at
    PhaseTransition.history.filter(pk=corrected.pk).update(created_at=transition.created_at)
    if after is None and transition.kind in (TransitionKind.STOP, TransitionKind.COMPLETE):
        # The process's status gives this transition's rationale as its reason.
        process.status_reason = corrected.rationale
        process.save(update_fields=["status_reason"])
    return corrected


@transaction.atomic
def transition_withdraw(*, transition: PhaseTransition, why: str, by=None) -> Process:
    """Withdraw the latest transition of a process, recorded by mistake: the process
    stands where it stood before it. Returns the process."""
    why = corrections.clean_why(why)
    transition = _lock(transition)
    process = transition.process
    before, after = _neighbours(transition)
    transition_steps(transition, latest=after is None).require("withdraw")
    phase, status = restored_state(transition)
    corrections.withdraw(transition, why=why, by=by)
    if status != process.status:
        # Stopped again: the stop it undid gave the reason; running again: none.
        stop = before if before is not None and before.kind == TransitionKind.STOP else None
        process.status_reason = stop.rationale if (
            status == ProcessStatus.STOPPED and stop) else ""
    process.phase, process.status = phase, status
    try:
        with transaction.atomic():
            process.save(update_fields=["phase", "status", "status_reason"])
    except IntegrityError:
        # Another process of the neighbourhood started at this very moment.
        raise ValidationError(
            _("%(neighbourhood)s already has an active process; stop or complete it first.")
            % {"neighbourhood": process.neighbourhood.name}, code="active_exists") from None
    return process
