"""Every change to a WEI process goes through these functions.

Each runs in one transaction, locks the process row so two people deciding at
once cannot both move it, and refuses bad input with a ValidationError whose
message a process manager understands (in the active language, Dutch first).
"""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wei.models import (
    Activity,
    Neighbourhood,
    Phase,
    PhaseCriterion,
    PhaseTransition,
    Process,
    ProcessStatus,
    TransitionKind,
)
from wei.steps import activity_steps, process_steps


def check_not_in_future(day: datetime.date) -> None:
    if day > timezone.localdate():
        raise ValidationError(
            _("The date %(date)s lies in the future; record what has happened."),
            code="future",
            params={"date": day.strftime("%d-%m-%Y")},
        )


def _free_slug(name: str, municipality: str) -> str:
    """'Oosterboer', then 'oosterboer-meppel', then 'oosterboer-meppel-2': unique, readable."""
    base = slugify(name)[:120] or "wijk"
    candidates = [base, f"{base}-{slugify(municipality)}"[:130]]
    taken = set(Neighbourhood.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    number = 2
    while f"{candidates[1]}-{number}" in taken:
        number += 1
    return f"{candidates[1]}-{number}"


@transaction.atomic
def neighbourhood_create(*, name: str, municipality: str, description: str = "") -> Neighbourhood:
    name, municipality = " ".join(name.split()), " ".join(municipality.split())
    if Neighbourhood.objects.filter(name__iexact=name, municipality__iexact=municipality).exists():
        raise ValidationError(
            {"name": _("%(municipality)s already has a neighbourhood called %(name)s.")
             % {"municipality": municipality, "name": name}},
            code="duplicate_neighbourhood",
        )
    neighbourhood = Neighbourhood(name=name, municipality=municipality,
                                  description=description.strip(),
                                  slug=_free_slug(name, municipality))
    neighbourhood.full_clean(validate_constraints=False)
    neighbourhood.save()
    return neighbourhood


@transaction.atomic
def neighbourhood_start(
    *, name: str, municipality: str, description: str = "", title: str,
    started_on: datetime.date, managers=(), by,
) -> Process:
    """A new neighbourhood and its first WEI process, in one step.

    Whoever starts it is one of its process managers: a neighbourhood is seen through
    the processes one manages, so without that it would vanish from its maker's sight.
    """
    neighbourhood = neighbourhood_create(name=name, municipality=municipality,
                                         description=description)
    managers = list(dict.fromkeys([by, *managers]))
    return process_start(neighbourhood=neighbourhood, title=title, started_on=started_on,
                         managers=managers, by=by)


@transaction.atomic
def process_start(
    *, neighbourhood: Neighbourhood, title: str, started_on: datetime.date, managers=(), by=None
) -> Process:
    check_not_in_future(started_on)
    if Process.objects.filter(neighbourhood=neighbourhood, status=ProcessStatus.ACTIVE).exists():
        raise ValidationError(
            _("%(neighbourhood)s already has an active process; stop or complete it first."),
            code="active_exists",
            params={"neighbourhood": neighbourhood.name},
        )
    process = Process(neighbourhood=neighbourhood, title=title.strip(), started_on=started_on)
    process.full_clean()
    try:
        with transaction.atomic():
            process.save()
    except IntegrityError:
        # Someone else started one at the same moment.
        raise ValidationError(
            _("%(neighbourhood)s already has an active process; stop or complete it first."),
            code="active_exists",
            params={"neighbourhood": neighbourhood.name},
        ) from None
    process.managers.add(*managers)
    return process


def _locked(process: Process) -> Process:
    """Lock the row, then refresh the caller's instance so it sees the outcome too."""
    Process.objects.select_for_update().filter(pk=process.pk).values_list("pk").get()
    process.refresh_from_db()
    return process


def _check_shown_state(process: Process, phase: int | None, status: str | None) -> None:
    """A step is taken from the state its form showed: once it has been taken (a second
    submit, a colleague at the same moment), the locked row is in another state and the
    step is refused with what happened instead of being taken again. None: not checked
    (a caller that shows no state, such as the admin or the demo data)."""
    if status is not None and process.status != status:
        happened = {
            ProcessStatus.STOPPED: _("The process has already stopped."),
            ProcessStatus.COMPLETED: _("The process is already completed."),
            ProcessStatus.ACTIVE: _("The process is already running again."),
        }[process.status]
        raise ValidationError(happened, code="stale")
    if phase is not None and process.phase != phase:
        raise ValidationError(
            _("The process is already in the %(phase)s."),
            code="stale",
            params={"phase": Phase(process.phase).label.lower()},
        )


def unmet_criteria(process: Process, criteria=()) -> list[PhaseCriterion]:
    """The criteria of the process's phase that are not among `criteria` (those ticked)."""
    ticked = {criterion.pk for criterion in criteria}
    return [criterion for criterion in PhaseCriterion.objects.filter(phase=process.phase)
            if criterion.pk not in ticked]


def _check_confirmed(confirmed: bool, message) -> None:
    """A step with consequences is taken only once the one taking it has confirmed
    them; the refusal lands beside the form's confirmation box."""
    if not confirmed:
        raise ValidationError({"confirm": message}, code="unconfirmed")


def _check_transition_date(process: Process, occurred_on: datetime.date) -> None:
    check_not_in_future(occurred_on)
    if occurred_on < process.started_on:
        raise ValidationError(
            _("The date lies before the start of the process (%(start)s)."),
            code="before_start",
            params={"start": process.started_on.strftime("%d-%m-%Y")},
        )
    last = process.transitions.order_by("-occurred_on").values_list("occurred_on", flat=True)[:1]
    if last and occurred_on < last[0]:
        raise ValidationError(
            _("The date lies before the previous transition (%(date)s)."),
            code="before_previous",
            params={"date": last[0].strftime("%d-%m-%Y")},
        )


def _check_rationale(rationale: str) -> str:
    rationale = (rationale or "").strip()
    if not rationale:
        raise ValidationError(_("Write down why; the history needs a rationale."), code="rationale")
    return rationale


def _record(process, *, kind, to_phase, occurred_on, rationale, by, criteria=()):
    transition = PhaseTransition.objects.create(
        process=process,
        kind=kind,
        from_phase=process.phase,
        to_phase=to_phase,
        occurred_on=occurred_on,
        rationale=rationale,
        decided_by=by,
    )
    transition.criteria_met.set(criteria)
    return transition


@transaction.atomic
def process_advance_phase(
    *,
    process: Process,
    to_phase: int,
    occurred_on: datetime.date,
    rationale: str,
    criteria=(),
    by=None,
    confirmed: bool = False,
    expected_phase: int | None = None,
    expected_status: str | None = None,
) -> PhaseTransition:
    """Move one phase forward, or one back with a reason; never skip a phase.

    Forward with a criterion of the phase not ticked only when `confirmed`: the
    rationale then says why the process moves on anyway."""
    process = _locked(process)
    _check_shown_state(process, expected_phase, expected_status)
    process_steps(process).require("advance" if to_phase >= process.phase else "step_back")
    rationale = _check_rationale(rationale)
    if to_phase not in Phase.values:
        raise ValidationError(_("The WEI-model has no such phase."), code="no_phase")
    if to_phase == process.phase:
        raise ValidationError(
            _("The process is already in the %(phase)s."),
            code="same_phase",
            params={"phase": Phase(to_phase).label.lower()},
        )
    if abs(to_phase - process.phase) > 1:
        raise ValidationError(
            _(
                "Phases cannot be skipped: from the %(current)s the process can only go to the "
                "%(next)s."
            ),
            code="skip",
            params={
                "current": Phase(process.phase).label.lower(),
                "next": Phase(
                    process.phase + (1 if to_phase > process.phase else -1)
                ).label.lower(),
            },
        )
    _check_transition_date(process, occurred_on)
    criteria = list(criteria)
    foreign = [c for c in criteria if c.phase != process.phase]
    if foreign:
        raise ValidationError(
            _("Only the criteria of the %(phase)s can be ticked off for this transition."),
            code="criteria_phase",
            params={"phase": Phase(process.phase).label.lower()},
        )
    unmet = unmet_criteria(process, criteria) if to_phase > process.phase else []
    if unmet:
        _check_confirmed(confirmed, _(
            "Not every criterion of the %(phase)s is met: %(criteria)s. Confirm that the "
            "process moves on nonetheless, and say why in the rationale.") % {
            "phase": Phase(process.phase).label.lower(),
            "criteria": "; ".join(criterion.text for criterion in unmet)})
    kind = TransitionKind.ADVANCE if to_phase > process.phase else TransitionKind.STEP_BACK
    transition = _record(
        process,
        kind=kind,
        to_phase=to_phase,
        occurred_on=occurred_on,
        rationale=rationale,
        by=by,
        criteria=criteria,
    )
    process.phase = to_phase
    process.save(update_fields=["phase"])
    return transition


@transaction.atomic
def process_stop(
    *, process: Process, occurred_on: datetime.date, reason: str, by=None,
    confirmed: bool = False, expected_phase: int | None = None,
    expected_status: str | None = None,
) -> PhaseTransition:
    """The information phase ends in a stop when no resident is intrinsically motivated.

    Only `confirmed`: a stop takes the process's public activities off the residents'
    pages, and whoever takes part stays recorded in a process that no longer runs."""
    process = _locked(process)
    _check_shown_state(process, expected_phase, expected_status)
    process_steps(process).require("stop")
    reason = _check_rationale(reason)
    _check_transition_date(process, occurred_on)
    _check_confirmed(confirmed, _("Confirm that the process stops, once you have read what "
                                  "that ends."))
    transition = _record(
        process,
        kind=TransitionKind.STOP,
        to_phase=process.phase,
        occurred_on=occurred_on,
        rationale=reason,
        by=by,
    )
    process.status = ProcessStatus.STOPPED
    process.status_reason = reason
    process.save(update_fields=["status", "status_reason"])
    return transition


@transaction.atomic
def process_reopen(
    *, process: Process, occurred_on: datetime.date, rationale: str, by=None,
    expected_phase: int | None = None, expected_status: str | None = None,
) -> PhaseTransition:
    process = _locked(process)
    _check_shown_state(process, expected_phase, expected_status)
    process_steps(process).require("reopen")
    rationale = _check_rationale(rationale)
    _check_transition_date(process, occurred_on)
    transition = _record(
        process,
        kind=TransitionKind.REOPEN,
        to_phase=process.phase,
        occurred_on=occurred_on,
        rationale=rationale,
        by=by,
    )
    process.status = ProcessStatus.ACTIVE
    process.status_reason = ""
    process.save(update_fields=["status", "status_reason"])
    return transition


@transaction.atomic
def process_complete(
    *, process: Process, occurred_on: datetime.date, rationale: str, by=None,
    expected_phase: int | None = None, expected_status: str | None = None,
) -> PhaseTransition:
    """The autonomous phase reached its aim: the cooperative works without support."""
    process = _locked(process)
    _check_shown_state(process, expected_phase, expected_status)
    process_steps(process).require("complete")
    rationale = _check_rationale(rationale)
    _check_transition_date(process, occurred_on)
    transition = _record(
        process,
        kind=TransitionKind.COMPLETE,
        to_phase=process.phase,
        occurred_on=occurred_on,
        rationale=rationale,
        by=by,
    )
    process.status = ProcessStatus.COMPLETED
    process.status_reason = rationale
    process.save(update_fields=["status", "status_reason"])
    return transition


@transaction.atomic
def activity_create(
    *,
    process: Process,
    kind: str,
    title: str,
    date: datetime.date,
    phase: int | None = None,
    location: str = "",
    description: str = "",
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
    is_public: bool = False,
    takes_sign_ups: bool = False,
) -> Activity:
    """Activities may be planned ahead, so unlike transitions their date may lie in the future.

    A public one (an information evening, a community meeting) shows on the residents'
    pages with a calendar file; one that takes sign-ups also has an "Ik kom" form there.
    """
    activity = Activity(process=process, kind=kind,
                        phase=process.phase if phase is None else phase)
    _describe(activity, title=title, date=date, location=location, description=description,
              start_time=start_time, end_time=end_time, is_public=is_public,
              takes_sign_ups=takes_sign_ups)
    activity.save()
    return activity


def _describe(activity: Activity, *, title, date, location, description, start_time,
              end_time, is_public, takes_sign_ups) -> None:
    """What an activity says of itself, checked (the model's rules: an end after its
    start, a public one has a place, only a public one takes sign-ups) as it is planned
    and as it is corrected."""
    activity.title = " ".join((title or "").split())
    activity.date = date
    activity.location = (location or "").strip()
    activity.description = (description or "").strip()
    activity.start_time, activity.end_time = start_time, end_time
    activity.is_public, activity.takes_sign_ups = is_public, takes_sign_ups
    activity.full_clean()


# What a higher floor records against an activity's day (who came, and the inflow dated
# on it: participants); asked before the day moves. Each registers its question when it
# loads, so this floor imports none of them.
_RECORDED_ON_THE_DAY: list[Callable[[Activity], bool]] = []


def register_recorded_on_the_day(question: Callable[[Activity], bool]) -> None:
    if question not in _RECORDED_ON_THE_DAY:
        _RECORDED_ON_THE_DAY.append(question)


# Who is told when an activity moves to another day, time or place (residents who said
# "Ik kom": initiatives), each registered when it loads: `tell(activity, before)`, with
# `before` the day, times and place it had.
MOVED_FIELDS = ("date", "start_time", "end_time", "location")
_TOLD_OF_A_MOVE: list[Callable[[Activity, dict], None]] = []


def register_told_of_a_move(tell: Callable[[Activity, dict], None]) -> None:
    if tell not in _TOLD_OF_A_MOVE:
        _TOLD_OF_A_MOVE.append(tell)


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    title: str,
    date: datetime.date,
    location: str = "",
    description: str = "",
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
    is_public: bool = False,
    takes_sign_ups: bool = False,
    by=None,
) -> Activity:
    """Correct or complete what an activity says: its title, day, times, place,
    description, whether residents see it and can say 'Ik kom'. The same rules as when
    it was planned; its day stays once who came has been recorded on it."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    activity_steps(activity, user=by).require("edit")
    if date != activity.date and any(recorded(activity) for recorded in _RECORDED_ON_THE_DAY):
        raise ValidationError({"date": ValidationError(
            _("Who came on %(date)s has been recorded, with the inflow of that day; the "
              "activity keeps its date."), code="date_recorded",
            params={"date": date_format(activity.date, "j F Y")})})
    before = {name: getattr(activity, name) for name in MOVED_FIELDS}
    _describe(activity, title=title, date=date, location=location, description=description,
              start_time=start_time, end_time=end_time, is_public=is_public,
              takes_sign_ups=takes_sign_ups)
    activity.save(update_fields=["title", "date", "location", "description", "start_time",
                                 "end_time", "is_public", "takes_sign_ups"])
    if any(getattr(activity, name) != value for name, value in before.items()):
        for tell in _TOLD_OF_A_MOVE:
            tell(activity, before)
    return activity


@transaction.atomic
def activity_set_public(*, activity: Activity, is_public: bool) -> Activity:
    """Show an activity to residents (with its calendar file), or take it off again;
    taken off, it takes no more sign-ups (those confirmed stay listed)."""
    activity_steps(activity).require("publish" if is_public else "hide")
    activity.is_public = is_public
    if not is_public:
        activity.takes_sign_ups = False
    activity.full_clean()
    activity.save(update_fields=["is_public", "takes_sign_ups"])
    return activity
