"""Which steps a WEI process and its activities can take now, and why a closed one is
closed (see core.steps). wei.services refuses by asking these functions, the process
and activity pages and the admin offer what they answer: each rule is written here once.
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.corrections import corrected_steps
from core.steps import Steps, closed_step, open_step
from wei import access
from wei.models import Activity, Phase, Process, ProcessStatus, TransitionKind

# The steps of a process, in the order a page offers them.
PROCESS_STEPS = ("advance", "step_back", "stop", "reopen", "complete")

# The step each kind of recorded transition is.
TRANSITION_STEPS = {
    TransitionKind.ADVANCE: "advance",
    TransitionKind.STEP_BACK: "step_back",
    TransitionKind.STOP: "stop",
    TransitionKind.REOPEN: "reopen",
    TransitionKind.COMPLETE: "complete",
}


def _may_not_change(user, obj, permissions, may_change=None) -> str:
    """Why this user may not take steps of `obj`, or "" when they may. `may_change`:
    the row rule's answer, when the caller already asked it (a page asks once)."""
    if user is None:
        return ""
    if not user.has_perms(permissions):
        return _("You may not change this.")
    if may_change is None:
        may_change = access.may_change(user, obj)
    return "" if may_change else _("You may not change this.")


def _inactive_reason(process: Process) -> str:
    if process.status == ProcessStatus.STOPPED:
        return _("This process has stopped; reopen it before recording a new transition.")
    return _("This process is completed and takes no new transitions.")


def process_steps(process: Process, *, user=None, today: datetime.date | None = None,
                  may_change: bool | None = None) -> Steps:
    """advance, step_back, stop (information phase only), complete (autonomous phase
    only) of a running process; reopen of a stopped one, unless its neighbourhood has
    another running process. The date and rationale are the service's to check.

    `may_change`: whether `user` may change the process, when the caller already asked."""
    if process.status != ProcessStatus.ACTIVE:
        inactive = _inactive_reason(process)
        steps = [closed_step(name, inactive, shown=False)
                 for name in ("advance", "step_back", "stop", "complete")]
        if process.status != ProcessStatus.STOPPED:
            steps.append(closed_step("reopen", _("Only a stopped process can be reopened."),
                                     shown=False))
        elif (Process.objects.active().filter(neighbourhood=process.neighbourhood_id)
              .exclude(pk=process.pk).exists()):
            steps.append(closed_step("reopen", _(
                "%(neighbourhood)s already has an active process; stop or complete it first.")
                % {"neighbourhood": process.neighbourhood.name}))
        else:
            steps.append(open_step("reopen"))
    else:
        phase = Phase(process.phase)
        steps = [
            open_step("advance") if phase < Phase.last() else closed_step(
                "advance", _("The %(phase)s is the last phase; complete the process instead.")
                % {"phase": phase.label.lower()}, shown=False),
            _step_back(process, phase),
            open_step("stop") if phase == Phase.INFORMATION else closed_step(
                "stop", _("Only a process in the information phase can stop; this one is in "
                          "the %(phase)s.") % {"phase": phase.label.lower()}),
            closed_step("reopen", _("Only a stopped process can be reopened."), shown=False),
            open_step("complete") if phase == Phase.AUTONOMY else closed_step(
                "complete", _("A process is completed from the autonomous phase only."),
                shown=False),
        ]
    result = Steps(sorted(steps, key=lambda step: PROCESS_STEPS.index(step.name)))
    refused = _may_not_change(user, process, ["wei.change_process"], may_change)
    return result.closed_for(refused) if refused else result


def _step_back(process: Process, phase: Phase):
    """Back to the previous phase, unless it is the first, or people take part further
    along than that (nobody is further along than the process)."""
    if phase == Phase.first():
        return closed_step("step_back", _("The %(phase)s is the first phase.")
                           % {"phase": phase.label.lower()}, shown=False)
    held = held_back(process, phase - 1)
    return closed_step("step_back", held) if held else open_step("step_back")


# Who may record attendance: it may add people and open their inflow as well.
RECORD_PERMISSIONS = ["participants.add_attendance", "participants.add_participant",
                      "participants.add_flowevent"]


def activity_steps(activity: Activity, *, user=None, today: datetime.date | None = None,
                   may_change: bool | None = None) -> Steps:
    """publish (show it to residents: it needs a place), hide (take it off the public
    pages), record_attendance (from the activity's day on), edit (what it says of itself:
    title, day, times, place, public, 'Ik kom').

    `may_change`: whether the user may change the activity, when the caller already
    asked (so a page asks once)."""
    today = today or timezone.localdate()
    if activity.is_public:
        publish = closed_step("publish", _("Residents already see this activity."),
                              shown=False)
        hide = open_step("hide")
    else:
        hide = closed_step("hide", _("Residents do not see this activity."), shown=False)
        publish = open_step("publish") if activity.location.strip() else closed_step(
            "publish", _("A public activity needs a place, so residents know where to go."))
    if activity.date <= today:
        record = open_step("record_attendance")
    else:
        record = closed_step("record_attendance", _(
            "This activity is planned for %(date)s; who came can be recorded from that day "
            "on.") % {"date": _date(activity.date)})
    steps = {"publish": publish, "hide": hide, "record_attendance": record,
             "edit": open_step("edit")}
    if user is not None:
        may_publish = user.has_perm("wei.change_activity")
        may_record = user.has_perms(RECORD_PERMISSIONS)
        if (may_publish or may_record) and may_change is None:
            may_change = access.may_change(user, activity)
        refused = _("You may not change this.")
        hidden = {name: closed_step(name, step.reason or refused, shown=False)
                  for name, step in steps.items()}
        if not (may_change and may_publish):
            steps["publish"], steps["hide"] = hidden["publish"], hidden["hide"]
            steps["edit"] = hidden["edit"]
        if not (may_change and may_record):
            steps["record_attendance"] = hidden["record_attendance"]
    return Steps(steps.values())


def _date(day: datetime.date) -> str:
    """A date as users read it: 20 april 2027."""
    return date_format(day, "j F Y")


# ---- Correcting a recorded transition (wei.corrections) ---------------------------------

TRANSITION_CORRECTIONS = ("correct", "withdraw")

# Rows of higher apps that stand in a phase of a process (people taking part): each app
# registers a check `(process, phase) -> reason`, the reason empty when nothing of it
# lies beyond `phase`, so stepping back and withdrawing a transition ask them without
# importing upward.
_PHASE_HOLDERS: list = []


def hold_phase(check) -> None:
    """Register a check that refuses moving a process back to an earlier phase."""
    if check not in _PHASE_HOLDERS:
        _PHASE_HOLDERS.append(check)


def transitions_after(transition):
    """The current transitions of its process recorded after `transition` (they lie on
    a later day, or on the same day and were recorded later)."""
    same_day = Q(occurred_on=transition.occurred_on)
    return transition.process.transitions.filter(
        Q(occurred_on__gt=transition.occurred_on)
        | same_day & Q(created_at__gt=transition.created_at)
        | same_day & Q(created_at=transition.created_at, pk__gt=transition.pk))


def restored_state(transition) -> tuple[int, str]:
    """The phase and status the process had before `transition`."""
    status = {
        TransitionKind.STOP: ProcessStatus.ACTIVE,
        TransitionKind.COMPLETE: ProcessStatus.ACTIVE,
        TransitionKind.REOPEN: ProcessStatus.STOPPED,
    }.get(transition.kind, transition.process.status)
    return transition.from_phase, status


def _left_by(transition) -> str:
    """The status `transition` left its process in."""
    return {
        TransitionKind.STOP: ProcessStatus.STOPPED,
        TransitionKind.COMPLETE: ProcessStatus.COMPLETED,
        TransitionKind.REOPEN: ProcessStatus.ACTIVE,
    }.get(transition.kind, ProcessStatus.ACTIVE)


def _withdrawal_refused(transition) -> str:
    """Why the process cannot go back to where it stood before `transition`, or ""."""
    process = transition.process
    if (process.phase, process.status) != (transition.to_phase, _left_by(transition)):
        return _("The process no longer stands where this transition left it; it cannot be "
                 "withdrawn.")
    phase, status = restored_state(transition)
    if status == ProcessStatus.ACTIVE and process.status != ProcessStatus.ACTIVE:
        other = (Process.objects.active().filter(neighbourhood=process.neighbourhood_id)
                 .exclude(pk=process.pk).first())
        if other is not None:
            return _("%(neighbourhood)s has another active process now (%(other)s); this one "
                     "cannot run again beside it, so the transition stays.") % {
                "neighbourhood": process.neighbourhood.name, "other": other.title}
    if phase < process.phase:
        return held_back(process, phase)
    return ""


def held_back(process: Process, phase: int) -> str:
    """Why `process` cannot go back to `phase` (people further along, say), or ""."""
    for check in _PHASE_HOLDERS:
        if reason := check(process, phase):
            return reason
    return ""


def transition_steps(transition, *, user=None, latest: bool | None = None,
                     may_change: bool | None = None) -> Steps:
    """correct (the date, rationale and criteria of a current transition: replaced by a
    copy) and withdraw (the latest transition of its process, recorded by mistake: the
    process goes back to the phase and status it had before, unless something now stands
    beyond them). `latest`: whether it is its process's latest, when the caller knows;
    `may_change`: whether `user` may change the process, when the caller asked."""
    subject = f"transition-{transition.pk}"
    if transition.withdrawn_at is not None:
        return corrected_steps(TRANSITION_CORRECTIONS, subject=subject)
    if latest is None:
        latest = not transitions_after(transition).exists()
    if not latest:
        withdraw = closed_step("withdraw", _(
            "Only the latest transition of a process can be withdrawn; withdraw the later "
            "ones first."), subject=subject)
    elif refused := _withdrawal_refused(transition):
        withdraw = closed_step("withdraw", refused, subject=subject)
    else:
        withdraw = open_step("withdraw", subject=subject)
    result = Steps([open_step("correct", subject=subject), withdraw])
    refused = _may_not_change(user, transition.process, ["wei.change_process"], may_change)
    return result.closed_for(refused) if refused else result
