"""Every write about people: creating them, their consent, attendance, and how
they flow in, through and out of a WEI process.

The flow rules of the model live here, once:
- an inflow opens a stay; no second inflow while a stay is open in that process;
- throughflow and outflow need an open stay;
- no event in the future, nor before the participant's previous event;
- people come back: after an outflow, a new inflow opens a new stay.
The database backs these up (see FlowEvent.Meta.constraints): concurrent writers
collide on the sequence number instead of both appending.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participants import tallies
from participants.mailboxes import validate_single_mailbox
from participants.models import (
    Attendance,
    Consent,
    FlowEvent,
    FlowKind,
    FlowRole,
    Participant,
)
from participants.selectors import participant_current_state
from wei.models import Activity, Phase, Process, ProcessStatus
from wei.services import check_not_in_future


def normalise_email(email: str) -> str:
    """The address as stored: trimmed, lower case, and one plain mailbox (or refused)."""
    email = (email or "").strip().lower()
    validate_single_mailbox(email)
    return email


@transaction.atomic
def participant_create(*, name: str, email: str = "", **fields) -> Participant:
    email = normalise_email(email)
    if email and Participant.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("A participant with this e-mail address already exists.")},
            code="duplicate_email",
        )
    participant = Participant(name=name.strip(), email=email, **fields)
    participant.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError:
        raise ValidationError(
            {"email": _("A participant with this e-mail address already exists.")},
            code="duplicate_email",
        ) from None
    return participant


@transaction.atomic
def consent_record(
    *,
    participant: Participant,
    purpose: str,
    privacy_version: str,
    given_at: datetime.datetime | None = None,
) -> Consent:
    consent = Consent(
        participant=participant,
        purpose=purpose,
        privacy_version=privacy_version,
        given_at=given_at or timezone.now(),
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def attendance_record(*, activity: Activity, participant: Participant) -> Attendance:
    attendance, _created = Attendance.objects.get_or_create(
        activity=activity, participant=participant
    )
    return attendance


def _check_date(participant: Participant, occurred_on: datetime.date) -> None:
    check_not_in_future(occurred_on)
    previous = (
        FlowEvent.objects.filter(participant=participant)
        .order_by("-occurred_on")
        .values_list("occurred_on", flat=True)
        .first()
    )
    if previous and occurred_on < previous:
        raise ValidationError(
            _("The date lies before %(name)s's previous event (%(date)s)."),
            code="before_previous",
            params={"name": participant.name, "date": previous.strftime("%d-%m-%Y")},
        )


def _check_phase(process: Process, phase: int) -> None:
    if phase not in Phase.values:
        raise ValidationError(_("The WEI-model has no such phase."), code="no_phase")
    if phase > process.phase:
        raise ValidationError(
            _("The process is in the %(phase)s; nobody can be further along than the process."),
            code="phase_ahead",
            params={"phase": process.phase_label.lower()},
        )


def _append(
    participant: Participant, process: Process, previous: FlowEvent | None, **fields
) -> FlowEvent:
    event = FlowEvent(
        participant=participant,
        process=process,
        sequence=(previous.sequence + 1) if previous else 1,
        **fields,
    )
    event.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            event.save()
            tallies.record(event, previous)
    except IntegrityError:
        raise ValidationError(
            _(
                "Someone else recorded a change for %(name)s at the same moment; "
                "reload and try again."
            ),
            code="concurrent",
            params={"name": participant.name},
        ) from None
    return event


def _lock(participant: Participant, process: Process) -> Participant:
    # Serialises the flow events of one person (PostgreSQL; SQLite serialises all writes),
    # and reads the process as it is now, not as the caller last saw it.
    process.refresh_from_db(fields=["status", "phase"])
    return Participant.objects.select_for_update().get(pk=participant.pk)


@transaction.atomic
def participant_flow_in(
    *,
    participant: Participant,
    process: Process,
    occurred_on: datetime.date,
    channel: str,
    phase: int | None = None,
    role: str = FlowRole.PARTICIPANT,
    note: str = "",
    by=None,
) -> FlowEvent:
    """Someone enters the process, at any phase up to where the process is."""
    participant = _lock(participant, process)
    if process.status != ProcessStatus.ACTIVE:
        raise ValidationError(
            _("%(process)s is not active; nobody can flow in."),
            code="process_inactive",
            params={"process": process.title},
        )
    current = participant_current_state(participant, process)
    if current and current.kind != FlowKind.OUTFLOW:
        raise ValidationError(
            _("%(name)s is already taking part in %(process)s; record a throughflow instead."),
            code="already_in",
            params={"name": participant.name, "process": process.title},
        )
    if not channel:
        raise ValidationError(_("Say through which channel this person came in."), code="channel")
    phase = process.phase if phase is None else phase
    _check_phase(process, phase)
    _check_date(participant, occurred_on)
    return _append(
        participant,
        process,
        current,
        kind=FlowKind.INFLOW,
        occurred_on=occurred_on,
        phase=phase,
        role=role,
        channel=channel,
        note=note,
        recorded_by=by,
    )


def _open_stay(participant: Participant, process: Process, action: str) -> FlowEvent:
    current = participant_current_state(participant, process)
    if current is None or current.kind == FlowKind.OUTFLOW:
        raise ValidationError(
            _("%(name)s is not taking part in %(process)s; record an inflow before a %(action)s."),
            code="not_in",
            params={"name": participant.name, "process": process.title, "action": action},
        )
    return current


@transaction.atomic
def participant_flow_through(
    *,
    participant: Participant,
    process: Process,
    occurred_on: datetime.date,
    phase: int | None = None,
    role: str | None = None,
    note: str = "",
    by=None,
) -> FlowEvent:
    """Someone moves on within the process: to another phase, another role, or both."""
    participant = _lock(participant, process)
    current = _open_stay(participant, process, _("throughflow"))
    if process.status != ProcessStatus.ACTIVE:
        raise ValidationError(
            _("%(process)s is not active; only an outflow can be recorded."),
            code="process_inactive",
            params={"process": process.title},
        )
    phase = current.phase if phase is None else phase
    role = current.role if role is None else role
    if phase == current.phase and role == current.role:
        raise ValidationError(
            _("A throughflow changes the phase or the role; both are unchanged."),
            code="no_change",
        )
    _check_phase(process, phase)
    _check_date(participant, occurred_on)
    inflow_id = current.inflow_id or current.pk
    return _append(
        participant,
        process,
        current,
        kind=FlowKind.THROUGHFLOW,
        occurred_on=occurred_on,
        phase=phase,
        role=role,
        inflow_id=inflow_id,
        note=note,
        recorded_by=by,
    )


@transaction.atomic
def participant_flow_out(
    *,
    participant: Participant,
    process: Process,
    occurred_on: datetime.date,
    reason: str,
    note: str = "",
    by=None,
) -> FlowEvent:
    """Someone leaves the process; the reason says whether it is an outcome or a loss."""
    participant = _lock(participant, process)
    current = _open_stay(participant, process, _("outflow"))
    if not reason:
        raise ValidationError(_("Choose a reason for the outflow."), code="reason")
    _check_date(participant, occurred_on)
    inflow_id = current.inflow_id or current.pk
    return _append(
        participant,
        process,
        current,
        kind=FlowKind.OUTFLOW,
        occurred_on=occurred_on,
        phase=current.phase,
        role=current.role,
        reason=reason,
        inflow_id=inflow_id,
        note=note,
        recorded_by=by,
    )
