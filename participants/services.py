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
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.submissions import submitted_once
from participants import tallies
from participants.mailboxes import validate_single_mailbox
from participants.models import (
    Attendance,
    Consent,
    ConsentPurpose,
    FlowEvent,
    FlowKind,
    FlowRole,
    InflowChannel,
    Participant,
    ParticipantKind,
)
from participants.selectors import participant_current_state
from participants.steps import person_steps
from wei.models import Activity, ActivityKind, Neighbourhood, Phase, Process, ProcessStatus
from wei.services import check_not_in_future
from wei.steps import activity_steps


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
def participant_register(
    *,
    name: str,
    neighbourhood: Neighbourhood,
    email: str = "",
    phone: str = "",
    postcode: str = "",
    kind: str = ParticipantKind.RESIDENT,
    consent_purpose: str = "",
    privacy_version: str = "",
    organisation=None,
) -> Participant:
    """A person staff add by hand (at an activity, onto a route): always with their
    neighbourhood, so whoever works there sees them, and with the consent they gave.

    Personal data is stored only with a consent: without one, nothing is stored.
    """
    if not consent_purpose or not privacy_version:
        raise ValidationError(
            _("Ask for their consent first: without it their details are not stored."),
            code="no_consent",
        )
    participant = participant_create(
        name=name, email=email, phone=phone, postcode=postcode, neighbourhood=neighbourhood,
        kind=kind, organisation=organisation,
    )
    consent_record(participant=participant, purpose=consent_purpose,
                   privacy_version=privacy_version)
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
def participant_update(
    *,
    participant: Participant,
    name: str,
    email: str = "",
    phone: str = "",
    postcode: str = "",
    kind: str = ParticipantKind.RESIDENT,
    neighbourhood: Neighbourhood | None = None,
    contribution: str = "",
    notes: str = "",
) -> Participant:
    """A person's details corrected or completed by staff (never of an erased person)."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.erased_at is not None:
        raise ValidationError(
            _("The personal data of this participant have been erased; nothing can be added."),
            code="erased",
        )
    email = normalise_email(email)
    if email and Participant.objects.filter(email__iexact=email).exclude(
            pk=participant.pk).exists():
        raise ValidationError(
            {"email": _("A participant with this e-mail address already exists.")},
            code="duplicate_email",
        )
    changed = {"name": name.strip(), "email": email, "phone": phone, "postcode": postcode,
               "kind": kind, "neighbourhood": neighbourhood, "contribution": contribution,
               "notes": notes}
    for attribute, value in changed.items():
        setattr(participant, attribute, value)
    participant.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            participant.save(update_fields=list(changed))
    except IntegrityError:
        raise ValidationError(
            {"email": _("A participant with this e-mail address already exists.")},
            code="duplicate_email",
        ) from None
    return participant


# How someone who first comes to an activity came in: the meeting meant to inform them.
ACTIVITY_CHANNEL = {ActivityKind.INFORMATION_MEETING: InflowChannel.INFORMATION_MEETING}


def inflow_channel_for(activity: Activity) -> str:
    return ACTIVITY_CHANNEL.get(activity.kind, InflowChannel.OTHER)


@dataclass
class AttendanceRecorded:
    """What one round of recording attendance did."""

    attended: list = field(default_factory=list)  # people newly recorded as present
    registered: list = field(default_factory=list)  # of them, people added on the spot
    inflows: list = field(default_factory=list)  # the stays their attendance opened


class NewPersonRefused(ValidationError):
    """A new person's details were refused; `index` says which of `new_people`."""

    def __init__(self, error: ValidationError, index: int):
        super().__init__(error.error_dict if hasattr(error, "error_dict") else error.error_list)
        self.index = index


def _attendance_remembered(recorded: AttendanceRecorded) -> dict:
    return {"attended": [p.pk for p in recorded.attended],
            "registered": [p.pk for p in recorded.registered],
            "inflows": [e.pk for e in recorded.inflows]}


def _attendance_recalled(result: dict) -> AttendanceRecorded:
    """What a first sending recorded, read again (rows erased since are left out)."""
    people = Participant.objects.in_bulk(result.get("attended", []))
    return AttendanceRecorded(
        attended=[people[pk] for pk in result.get("attended", []) if pk in people],
        registered=[people[pk] for pk in result.get("registered", []) if pk in people],
        inflows=list(FlowEvent.objects.filter(pk__in=result.get("inflows", []))
                     .order_by("pk")) if result.get("inflows") else [],
    )


@submitted_once("activity_attendance", remember=_attendance_remembered,
                recall=_attendance_recalled)
@transaction.atomic
def activity_attendance_record(
    *,
    activity: Activity,
    participants=(),
    new_people=(),
    by=None,
) -> AttendanceRecorded:
    """Who came to an activity, in one go: known people ticked off, new people added
    with the consent they gave (`new_people`: keyword arguments of participant_register,
    without the neighbourhood, which is the activity's, and with the `channel` they came
    in through, if not the one that fits the activity).

    A first attendance of someone without an open stay in the activity's process is
    their inflow, on the day of the activity, through the channel that fits it (an
    information meeting: `information_meeting`). All or nothing: one refusal and no
    one is recorded. The same form sent again (`submission`) records nothing more and
    answers with what the first sending recorded.
    """
    process = activity.process
    activity_steps(activity).require("record_attendance")
    recorded = AttendanceRecorded()
    people = list(participants)
    default_channel = inflow_channel_for(activity)
    channels = {}
    for index, details in enumerate(new_people):
        details = dict(details)
        channel = details.pop("channel", "") or default_channel
        if channel not in InflowChannel.values:
            raise NewPersonRefused(ValidationError(
                {"channel": _("Choose how this person came in.")}, code="channel"), index)
        try:
            person = participant_register(neighbourhood=process.neighbourhood, **details)
        except ValidationError as error:
            raise NewPersonRefused(error, index) from None
        recorded.registered.append(person)
        people.append(person)
        channels[person.pk] = channel
    process.refresh_from_db(fields=["status", "phase"])
    for person in dict.fromkeys(people):
        _attendance, created = Attendance.objects.get_or_create(activity=activity,
                                                                participant=person)
        if not created:
            continue
        recorded.attended.append(person)
        if process.status != ProcessStatus.ACTIVE:
            continue  # a stopped or completed process takes no inflow; the visit still counts
        current = participant_current_state(person, process)
        if current is None or current.kind == FlowKind.OUTFLOW:
            recorded.inflows.append(participant_flow_in(
                participant=person, process=process, occurred_on=activity.date,
                channel=channels.get(person.pk, default_channel),
                phase=min(activity.phase, process.phase),
                note=_("Came to %(activity)s.") % {"activity": activity.title}, by=by,
            ))
    return recorded


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
    current = participant_current_state(participant, process)
    person_steps(participant, process, latest=current).require("inflow")
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
    current = participant_current_state(participant, process)
    person_steps(participant, process, latest=current).require("throughflow")
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
    current = participant_current_state(participant, process)
    person_steps(participant, process, latest=current).require("outflow")
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


def _people_recalled(result: dict) -> list[Participant]:
    ids = result.get("people", [])
    return list(Participant.objects.filter(pk__in=ids).order_by("pk")) if ids else []


@submitted_once("participants_import", remember=lambda people: {
    "people": [person.pk for person in people]}, recall=_people_recalled)
@transaction.atomic
def participants_import(
    *,
    people: list[dict],
    channel: str,
    occurred_on: datetime.date,
    consent_purpose: str,
    privacy_version: str,
    consent_given_at: datetime.datetime | None = None,
    note: str = "",
    by=None,
) -> list[Participant]:
    """A list of new people, all at once: each a participant of their neighbourhood with
    the consent they gave, and an inflow into that neighbourhood's running process
    through `channel`, in the process's current phase.

    All or nothing: one person who cannot be stored (an address already known, a
    neighbourhood without a running process) refuses the whole list. The rules are
    those of `participant_register` and `participant_flow_in` for someone new to the
    process; written in bulk, so 1,000 people are a few queries per table, and the
    running tallies are counted in the same transaction. The same list sent again
    (`submission`) imports nothing more and answers with the people the first imported.
    """
    if not consent_purpose or not privacy_version:
        raise ValidationError(
            _("Ask for their consent first: without it their details are not stored."),
            code="no_consent",
        )
    if consent_purpose not in ConsentPurpose.values:
        raise ValidationError(_("Choose what they gave their consent for."), code="purpose")
    if not channel:
        raise ValidationError(_("Say through which channel this person came in."), code="channel")
    check_not_in_future(occurred_on)
    if not people:
        return []
    neighbourhood_ids = {person["neighbourhood"].pk for person in people}
    running = {
        process.neighbourhood_id: process
        for process in Process.objects.select_for_update().filter(
            neighbourhood__in=neighbourhood_ids, status=ProcessStatus.ACTIVE)
    }
    new, seen = [], set()
    for person in people:
        neighbourhood = person["neighbourhood"]
        if neighbourhood.pk not in running:
            raise ValidationError(
                _("%(name)s has no running process to take part in."),
                code="process_inactive", params={"name": neighbourhood.name},
            )
        email = normalise_email(person.get("email", ""))
        if email and email in seen:
            raise ValidationError(
                _("%(email)s appears twice in the list."), code="duplicate_email",
                params={"email": email},
            )
        seen.add(email)
        participant = Participant(
            name=" ".join(person["name"].split()), email=email,
            phone=person.get("phone", ""), postcode=person.get("postcode", ""),
            neighbourhood=neighbourhood, kind=person.get("kind") or ParticipantKind.RESIDENT,
        )
        # The neighbourhood is a row already read, not an id to look up once per person.
        participant.full_clean(exclude=["neighbourhood", "organisation"],
                               validate_unique=False, validate_constraints=False)
        new.append(participant)
    emails = [p.email for p in new if p.email]
    if emails and Participant.objects.filter(email__in=emails).exists():
        raise ValidationError(
            {"email": _("A participant with this e-mail address already exists.")},
            code="duplicate_email",
        )
    try:
        with transaction.atomic():
            Participant.objects.bulk_create(new, batch_size=500)
    except IntegrityError:  # registered by someone else in the meantime
        raise ValidationError(
            {"email": _("A participant with this e-mail address already exists.")},
            code="duplicate_email",
        ) from None
    given_at = consent_given_at or timezone.now()
    Consent.objects.bulk_create(
        [Consent(participant=p, purpose=consent_purpose, privacy_version=privacy_version,
                 given_at=given_at) for p in new], batch_size=500)
    events = []
    for participant in new:
        process = running[participant.neighbourhood_id]
        event = FlowEvent(
            participant=participant, process=process, sequence=1, kind=FlowKind.INFLOW,
            occurred_on=occurred_on, phase=process.phase, role=FlowRole.PARTICIPANT,
            channel=channel, note=note, recorded_by=by,
        )
        event.full_clean(exclude=["participant", "process", "recorded_by", "inflow"],
                         validate_unique=False, validate_constraints=False)
        events.append(event)
    FlowEvent.objects.bulk_create(events, batch_size=500)
    tallies.record_first_inflows(events)
    return new
