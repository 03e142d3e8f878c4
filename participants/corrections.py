"""Correcting a recorded flow event: its replacement beside it, or withdrawn.

What can be corrected follows from the flow rules (participants.services) applied to
the person's history with the correction in place: dates stay in order within the
stay, a throughflow still changes something, an inflow names its channel and an
outflow its reason. Phase and role can be corrected on a person's latest event in a
process only: a later throughflow or outflow was recorded from them. Only the latest
event can be withdrawn, so what is left is always a history the rules allow (withdraw
an outflow and the stay is open again; withdraw an inflow and the stay never was).

Every correction recounts the process's tallies from its current events.

An attendance is withdrawn only (the person was not there); the inflow recorded with
it is left to its own correction (attendance_withdraw).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import corrections
from participants import tallies
from participants.models import Attendance, FlowEvent, FlowKind, Participant
from participants.steps import attendance_steps, flow_event_steps
from wei.models import Phase
from wei.services import check_not_in_future


def _lock(event: FlowEvent) -> FlowEvent:
    # The person first, as every flow service does, so corrections and new events of
    # one person are serialised; then the event itself, still current.
    Participant.objects.select_for_update().get(pk=event.participant_id)
    return corrections.lock_current(FlowEvent, event.pk)


def _neighbours(event: FlowEvent) -> tuple[FlowEvent | None, FlowEvent | None]:
    stay = FlowEvent.objects.filter(participant_id=event.participant_id,
                                    process_id=event.process_id)
    before = stay.filter(sequence__lt=event.sequence).order_by("-sequence").first()
    after = stay.filter(sequence__gt=event.sequence).order_by("sequence").first()
    return before, after


def _refuse(field: str, message: str, code: str):
    """A refusal on one field of the correction form, with its code."""
    return ValidationError({field: ValidationError(message, code=code)})


def _check_date(occurred_on, before, after) -> None:
    check_not_in_future(occurred_on)
    if before is not None and occurred_on < before.occurred_on:
        raise _refuse("occurred_on", _("The date lies before the previous record (%(date)s).")
                      % {"date": before.occurred_on.strftime("%d-%m-%Y")}, "before_previous")
    if after is not None and occurred_on > after.occurred_on:
        raise _refuse("occurred_on", _("The date lies after the next record (%(date)s).")
                      % {"date": after.occurred_on.strftime("%d-%m-%Y")}, "after_next")


@transaction.atomic
def flow_event_correct(
    *,
    event: FlowEvent,
    why: str,
    by=None,
    occurred_on: datetime.date | None = None,
    phase: int | None = None,
    role: str | None = None,
    channel: str | None = None,
    reason: str | None = None,
    note: str | None = None,
) -> FlowEvent:
    """Replace `event` by a copy with the given values; returns the replacement."""
    why = corrections.clean_why(why)
    event = _lock(event)
    before, after = _neighbours(event)
    flow_event_steps(event, latest=after is None).require("correct")
    process = event.process
    corrected = FlowEvent.history.get(pk=event.pk)
    if occurred_on is not None:
        corrected.occurred_on = occurred_on
    if note is not None:
        corrected.note = note.strip()
    if event.kind == FlowKind.INFLOW and channel is not None:
        if not channel:
            raise _refuse("channel", _("Say through which channel this person came in."),
                          "channel")
        corrected.channel = channel
    if event.kind == FlowKind.OUTFLOW and reason is not None:
        if not reason:
            raise _refuse("reason", _("Choose a reason for the outflow."), "reason")
        corrected.reason = reason
    if event.kind != FlowKind.OUTFLOW:
        corrected.phase = event.phase if phase is None else phase
        corrected.role = event.role if role is None else role
    if (corrected.phase, corrected.role) != (event.phase, event.role):
        if after is not None:
            raise ValidationError(
                _("Phase and role can be corrected on the latest record only: later records "
                  "were made from them. Withdraw those first."), code="not_latest")
        if corrected.phase not in Phase.values or corrected.phase > process.phase:
            raise _refuse("phase", _("The process is in the %(phase)s; nobody can be further "
                                     "along than the process.")
                          % {"phase": process.phase_label.lower()}, "phase_ahead")
    if event.kind == FlowKind.THROUGHFLOW and before is not None and (
            (corrected.phase, corrected.role) == (before.phase, before.role)):
        raise ValidationError(
            _("A throughflow changes the phase or the role; both would equal the previous "
              "record."), code="no_change")
    _check_date(corrected.occurred_on, before, after)
    fields = ("occurred_on", "phase", "role", "channel", "reason", "note")
    if all(getattr(corrected, name) == getattr(event, name) for name in fields):
        raise ValidationError(_("Nothing was changed; a correction changes at least one "
                                "value."), code="unchanged")
    corrected.full_clean(exclude=["inflow", "corrects"], validate_unique=False,
                         validate_constraints=False)
    corrections.replace(event, corrected, why=why, by=by)
    # The stay's later events, and the memberships and sign-ups that name this event,
    # belong to the corrected one now.
    corrections.repoint(event, corrected)
    tallies.rebuild(process.pk)
    return corrected


@transaction.atomic
def flow_event_withdraw(*, event: FlowEvent, why: str, by=None) -> None:
    """Withdraw a person's latest event in a process: recorded by mistake."""
    why = corrections.clean_why(why)
    event = _lock(event)
    _before, after = _neighbours(event)
    flow_event_steps(event, latest=after is None).require("withdraw")
    corrections.withdraw(event, why=why, by=by)
    tallies.rebuild(event.process_id)


def attendance_inflow(attendance: Attendance) -> FlowEvent | None:
    """The person's current inflow into the activity's process on the activity's day:
    the one recording this attendance opened, if it opened one."""
    activity = attendance.activity
    return FlowEvent.objects.filter(
        participant_id=attendance.participant_id, process_id=activity.process_id,
        kind=FlowKind.INFLOW, occurred_on=activity.date).order_by("-sequence").first()


@transaction.atomic
def attendance_withdraw(*, attendance: Attendance, why: str, by=None) -> FlowEvent | None:
    """Withdraw an attendance: the person was not there. It no longer counts, and the
    person can be recorded as present again.

    An inflow recorded with it stays: it is a record of its own, which may be right
    (the person did flow in, on another occasion) or not, and which other records may
    follow. Returns it, so the page can point to its own correction."""
    why = corrections.clean_why(why)
    Participant.objects.select_for_update().get(pk=attendance.participant_id)
    attendance = corrections.lock_current(Attendance, attendance.pk)
    attendance_steps(attendance).require("withdraw")
    corrections.withdraw(attendance, why=why, by=by)
    return attendance_inflow(attendance)
