"""Which steps a person can take in a WEI process now (inflow, throughflow, outflow),
and why a closed one is closed (see core.steps). participants.services refuses by
asking these functions, the person's page offers what they answer."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.corrections import corrected_steps
from core.steps import Steps, closed_step, open_step
from participants.models import FlowEvent, FlowKind, Participant
from participants.selectors import participant_current_state
from wei import access
from wei.models import Phase, Process

PERSON_STEPS = ("inflow", "throughflow", "outflow")

_UNKNOWN = object()


def person_steps(participant: Participant, process: Process, *, user=None,
                 today: datetime.date | None = None, latest=_UNKNOWN,
                 may_change: bool | None = None, subject: str = "") -> Steps:
    """inflow (into a running process, when not taking part in it now), throughflow
    (taking part, in a running process), outflow (taking part; also in a process that
    has stopped). A person whose data were erased takes no new steps. The date, phase,
    channel and reason are the service's to check.

    `latest`: the person's latest event in the process (None if they never came), when
    the caller already has it; `may_change`: whether `user` may change both the person
    and the process, when the caller already asked; `subject`: the steps' subject on a
    page with several processes."""
    if latest is _UNKNOWN:
        latest = participant_current_state(participant, process)
    taking_part = latest is not None and latest.kind != FlowKind.OUTFLOW
    names = {"name": participant.name, "process": process.title}
    if participant.erased_at is not None:
        erased = _("The personal data of this participant have been erased; nothing can be "
                   "added.")
        steps = [closed_step(name, erased, shown=False, subject=subject)
                 for name in PERSON_STEPS]
    elif taking_part:
        steps = [
            closed_step("inflow", _("%(name)s is already taking part in %(process)s; record "
                                    "a throughflow instead.") % names,
                        shown=False, subject=subject),
            open_step("throughflow", subject=subject) if process.is_active else closed_step(
                "throughflow", _("%(process)s is not active; only an outflow can be "
                                 "recorded.") % names, subject=subject),
            open_step("outflow", subject=subject),
        ]
    else:
        not_in = _("%(name)s is not taking part in %(process)s; record an inflow before a "
                   "%(action)s.")
        steps = [
            open_step("inflow", subject=subject) if process.is_active else closed_step(
                "inflow", _("%(process)s is not active; nobody can flow in.") % names,
                shown=False, subject=subject),
            closed_step("throughflow", not_in % {**names, "action": _("throughflow")},
                        shown=False, subject=subject),
            closed_step("outflow", not_in % {**names, "action": _("outflow")},
                        shown=False, subject=subject),
        ]
    result = Steps(steps)
    if user is None:
        return result
    if may_change is None:
        may_change = (access.may_change(user, participant)
                      and access.may_change(user, process))
    if not (may_change and user.has_perm("participants.add_flowevent")):
        return result.closed_for(_("You may not change this."))
    return result


FLOW_EVENT_STEPS = ("correct", "withdraw")


def flow_event_steps(event, *, user=None, latest: bool | None = None,
                     may_change: bool | None = None) -> Steps:
    """correct (a current event: replaced by a copy with other values) and withdraw (a
    person's latest event in a process: recorded by mistake); see
    participants.corrections. `latest`: whether `event` is the person's latest in its
    process, when the caller knows; `may_change`: as in person_steps."""
    if event.withdrawn_at is not None:
        return corrected_steps(FLOW_EVENT_STEPS, subject=f"event-{event.pk}")
    if latest is None:
        latest = not FlowEvent.objects.filter(
            participant_id=event.participant_id, process_id=event.process_id,
            sequence__gt=event.sequence).exists()
    subject = f"event-{event.pk}"
    result = Steps([
        open_step("correct", subject=subject),
        open_step("withdraw", subject=subject) if latest else closed_step(
            "withdraw", _("Only the latest record of a person in a process can be withdrawn; "
                          "withdraw the later ones first."), subject=subject),
    ])
    if user is None:
        return result
    if may_change is None:
        may_change = (access.may_change(user, event.participant)
                      and access.may_change(user, event.process))
    if not (may_change and user.has_perm("participants.add_flowevent")):
        return result.closed_for(_("You may not change this."))
    return result


ATTENDANCE_STEPS = ("correct", "withdraw")


def attendance_steps(attendance, *, user=None, may_change: bool | None = None) -> Steps:
    """withdraw (the person was not there: recorded by mistake); an attendance has no
    values to correct, so `correct` is closed. The inflow its recording may have opened
    is a record of its own (see participants.corrections.attendance_withdraw).
    `may_change`: whether `user` may change the activity, when the caller asked."""
    subject = f"attendance-{attendance.pk}"
    if attendance.withdrawn_at is not None:
        return corrected_steps(ATTENDANCE_STEPS, subject=subject)
    result = Steps([
        closed_step("correct", _("An attendance has no values to correct; withdraw it if "
                                 "the person was not there."), shown=False, subject=subject),
        open_step("withdraw", subject=subject),
    ])
    if user is None:
        return result
    if may_change is None:
        may_change = access.may_change(user, attendance.activity)
    if not (may_change and user.has_perm("participants.add_attendance")):
        return result.closed_for(_("You may not change this."))
    return result


def people_beyond(process: Process, phase: int) -> str:
    """Why `process` cannot go back to `phase`: people take part in it further along
    (registered with wei.steps.hold_phase; "" when nobody does)."""
    count = FlowEvent.objects.filter(process=process, phase__gt=phase).active().count()
    if not count:
        return ""
    return ngettext(
        "%(count)d person takes part in this process beyond the %(phase)s; nobody can be "
        "further along than the process. Record their throughflow back, or correct their "
        "records, first.",
        "%(count)d people take part in this process beyond the %(phase)s; nobody can be "
        "further along than the process. Record their throughflow back, or correct their "
        "records, first.", count) % {"count": count, "phase": Phase(phase).label.lower()}
