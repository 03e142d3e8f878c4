"""Which steps an initiative and a follow-up of a sign-up can take now, and why a closed
one is closed (see core.steps). The services refuse by asking these functions, and the
staff's pages and the admin show what they answer, so each rule is written here once."""

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext as _

from core.corrections import corrected_steps
from core.steps import Step, Steps, closed_step, open_step
from initiatives.models import (
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Initiative,
    InitiativePhase,
    InitiativeStatus,
    Membership,
)
from wei import access
from wei.models import Process, ProcessStatus

# The steps of an initiative's staff page, with the permissions each asks of a user.
INITIATIVE_STEP_PERMISSIONS = {
    "publish": ("initiatives.change_initiative",),
    "hide": ("initiatives.change_initiative",),
    "change_phase": ("initiatives.change_initiative",),
    "next_phase": ("initiatives.change_initiative",),
    "step_back": ("initiatives.change_initiative",),
    "support": ("initiatives.change_initiative",),
    "add_member": ("initiatives.add_membership", "participants.add_flowevent"),
    "reflection": ("initiatives.add_reflection",),
    "money_flow": ("initiatives.add_moneyflow",),
}
# The steps of a follow-up: where it stands (new, contacted, done), and for an idea
# its review (publish it as an initiative, or decline it).
FOLLOWUP_STEP_PERMISSIONS = {
    "status": ("initiatives.change_followup",),
    "reopen": ("initiatives.change_followup",),
    "contacted": ("initiatives.change_followup",),
    "done": ("initiatives.change_followup",),
    "publish": ("initiatives.change_followup", "initiatives.change_initiative"),
    "decline": ("initiatives.change_followup", "initiatives.change_initiative"),
}
# The status each status step sets.
STATUS_STEP = {
    FollowUpStatus.NEW: "reopen",
    FollowUpStatus.CONTACTED: "contacted",
    FollowUpStatus.DONE: "done",
}


def idea_under_review(initiative: Initiative) -> bool:
    """Whether the initiative is a proposed idea nobody has published or declined yet."""
    return FollowUp.objects.filter(
        signup__created_initiative=initiative, kind=FollowUpKind.IDEA, outcome="",
    ).exists()


def _for_user(steps: Steps, user, obj, permissions: dict, *, may_change: bool | None = None
              ) -> Steps:
    """The steps, each closed and hidden where the user lacks its permission or may not
    change the object at all."""
    if user is None:
        return steps
    if may_change is None:
        may_change = access.may_change(user, obj)
    if not may_change:
        return steps.closed_for(_("You may not change this."))
    refused = _("You may not do this.")
    return Steps(
        step if all(user.has_perm(p) for p in permissions[step.name])
        else closed_step(step.name, step.reason or refused, shown=False, subject=step.subject)
        for step in steps.values()
    )


def next_phase(initiative: Initiative) -> InitiativePhase | None:
    return (InitiativePhase(initiative.phase + 1)
            if initiative.phase < InitiativePhase.AUTONOMY else None)


def previous_phase(initiative: Initiative) -> InitiativePhase | None:
    return (InitiativePhase(initiative.phase - 1)
            if initiative.phase > InitiativePhase.IDEA else None)


def _publish_steps(initiative: Initiative) -> list[Step]:
    title = {"initiative": initiative.title}
    if initiative.is_public:
        return [
            closed_step("publish", _("%(initiative)s is already shown on the public pages.")
                        % title, shown=False),
            open_step("hide"),
        ]
    hide = closed_step("hide", _("%(initiative)s is not shown on the public pages.") % title,
                       shown=False)
    if initiative.status == InitiativeStatus.ENDED:
        return [closed_step("publish", _(
            "%(initiative)s has ended; an ended initiative is not shown to residents.") % title),
            hide]
    if idea_under_review(initiative):
        return [closed_step("publish", _(
            "%(initiative)s is a proposed idea: review it in the follow-up inbox and publish "
            "it there, with its aims, form and themes.") % title), hide]
    return [open_step("publish"), hide]


def _phase_steps(initiative: Initiative) -> list[Step]:
    title = {"initiative": initiative.title}
    if initiative.status == InitiativeStatus.ENDED:
        ended = _("%(initiative)s has ended; its phase no longer changes.") % title
        return [closed_step("change_phase", ended, shown=False),
                closed_step("next_phase", ended), closed_step("step_back", ended)]
    if next_phase(initiative) is None:
        grow = closed_step("next_phase", _(
            "%(initiative)s is autonomous: the last phase of the model.") % title)
    else:
        grow = open_step("next_phase")
    if previous_phase(initiative) is None:
        back = closed_step("step_back", _(
            "%(initiative)s is an idea: the first phase of the model.") % title, shown=False)
    elif initiative.cooperative_member:
        back = closed_step("step_back", _(
            "%(initiative)s is a member of the wijkcoöperatie, which only an autonomous "
            "initiative can be: end the membership in the admin first.") % title)
    else:
        back = open_step("step_back")
    # The form that takes either: open when one of them is (its choices say which).
    change = (open_step("change_phase") if grow.is_open or back.is_open
              else closed_step("change_phase", grow.reason, shown=False))
    return [change, grow, back]


def _member_step(initiative: Initiative) -> Step:
    title = {"initiative": initiative.title}
    if initiative.status == InitiativeStatus.ENDED:
        return closed_step("add_member", _(
            "%(initiative)s has ended; nobody can join it any more.") % title)
    if initiative.process.status != ProcessStatus.ACTIVE:
        return closed_step("add_member", _(
            "The neighbourhood process of %(initiative)s is not active; nobody can join now.")
            % title)
    return open_step("add_member")


def initiative_steps(initiative: Initiative, *, user=None,
                     today: datetime.date | None = None) -> Steps:
    """Publish or hide it, move it one phase on or one back, the support it asks, a
    member, a reflection, a money flow. One query for an initiative not shown to residents
    (is it an idea under review?), one more for a user who is no superuser."""
    steps = Steps([
        *_publish_steps(initiative),
        *_phase_steps(initiative),
        open_step("support"),
        _member_step(initiative),
        open_step("reflection"),
        open_step("money_flow"),
    ])
    return _for_user(steps, user, initiative, INITIATIVE_STEP_PERMISSIONS)


# Starting a new initiative in a process: a step of the process, taken by whoever may
# add initiatives and change the process (its managers).
NEW_INITIATIVE_PERMISSIONS = ("initiatives.add_initiative",)


def new_initiative_steps(process: Process, *, user=None, today: datetime.date | None = None,
                         may_change: bool | None = None) -> Steps:
    """add_initiative: a new initiative starts in a running process only (a stopped or
    completed one takes none, as it takes no new activities). No query of its own; one
    for a user who is no superuser, unless the caller answers `may_change` (whether the
    user may change the process)."""
    if process.status != ProcessStatus.ACTIVE:
        step = closed_step("add_initiative", _(
            "%(process)s is not running; a new initiative starts in a running process.")
            % {"process": process.title}, shown=False)
    else:
        step = open_step("add_initiative")
    if user is None:
        return Steps([step])
    if not user.has_perms(NEW_INITIATIVE_PERMISSIONS):
        return Steps([step]).closed_for(_("You may not do this."))
    if may_change is None:
        may_change = access.may_change(user, process)
    return Steps([step]) if may_change else Steps([step]).closed_for(
        _("You may not change this."))


def _review_steps(followup: FollowUp) -> list[Step]:
    signup = followup.signup
    if followup.kind != FollowUpKind.IDEA or signup.created_initiative_id is None:
        reason = _("Only a proposed idea can be published or declined.")
        return [closed_step(name, reason, shown=False) for name in ("publish", "decline")]
    if followup.outcome:
        reason = _("This idea has already been %(outcome)s.") % {
            "outcome": followup.get_outcome_display()}
        return [closed_step(name, reason, shown=False) for name in ("publish", "decline")]
    if signup.withdrawn_at:
        reason = _("%(name)s has withdrawn the idea; mark its follow-up as done.") % {
            "name": signup.name}
        return [closed_step(name, reason) for name in ("publish", "decline")]
    return [open_step("publish"), open_step("decline")]


def _followup_steps(followup: FollowUp, subject: str) -> Steps:
    # Saying where it stands (the form whose options are the status steps below): a
    # follow-up can always be set done.
    steps = [open_step("status")]
    for status, name in STATUS_STEP.items():
        if followup.outcome and status != FollowUpStatus.DONE:
            steps.append(closed_step(name, _(
                "This idea has been %(outcome)s; its follow-up stays done.") % {
                "outcome": followup.get_outcome_display()}))
        else:
            steps.append(open_step(name))
    steps.extend(_review_steps(followup))
    return Steps(Step(step.name, step.reason, step.shown, subject) for step in steps)


def followup_steps(followup: FollowUp, *, user=None, today: datetime.date | None = None,
                   subject: str = "") -> Steps:
    """Where the follow-up stands (new again, contacted, done) and, for a proposed idea,
    publishing or declining it. No query of its own with the sign-up selected along (one
    more for a user who is no superuser)."""
    return _for_user(_followup_steps(followup, subject), user, followup,
                     FOLLOWUP_STEP_PERMISSIONS)


def followups_steps(followups: Iterable[FollowUp], *, user=None,
                    today: datetime.date | None = None) -> dict[int, Steps]:
    """The steps of each follow-up of a list, by its key, each step's subject naming it;
    one query for all the rows a user who is no superuser may change."""
    followups = list(followups)
    changeable = None
    if user is not None and not user.is_superuser:
        changeable = set(access.changeable(user, FollowUp.objects.filter(
            pk__in=[f.pk for f in followups])).values_list("pk", flat=True))
    return {
        followup.pk: _for_user(
            _followup_steps(followup, f"followup-{followup.pk}"), user, followup,
            FOLLOWUP_STEP_PERMISSIONS,
            may_change=None if changeable is None else followup.pk in changeable)
        for followup in followups
    }


MEMBERSHIP_STEP_PERMISSIONS = {
    "end": ("initiatives.change_membership", "participants.add_flowevent"),
}


def memberships_steps(memberships: Iterable[Membership], *, user=None,
                      today: datetime.date | None = None,
                      may_change: bool | None = None) -> dict[int, Steps]:
    """Ending each membership of a list that is still running, by its key, each step's
    subject naming it; one query for all the rows a user who is no superuser may change,
    none when the caller answers `may_change` for all of them (one initiative's members,
    whose row rule is their initiative's)."""
    memberships = list(memberships)
    changeable = None
    if user is not None and not user.is_superuser and may_change is None:
        changeable = set(access.changeable(user, Membership.objects.filter(
            pk__in=[m.pk for m in memberships])).values_list("pk", flat=True))
    steps = {}
    for membership in memberships:
        subject = f"membership-{membership.pk}"
        end = (open_step("end", subject=subject) if membership.ended_on is None
               else closed_step("end", _("This membership has ended."), shown=False,
                                subject=subject))
        steps[membership.pk] = _for_user(
            Steps([end]), user, membership, MEMBERSHIP_STEP_PERMISSIONS,
            may_change=may_change if changeable is None else membership.pk in changeable)
    return steps


def status_step(status: str) -> str:
    """The step that sets a follow-up to this status."""
    return STATUS_STEP[FollowUpStatus(status)]


# Correcting what was recorded about an initiative (initiatives.services.corrections):
# "correct" replaces a row by a copy with other values, "withdraw" marks it recorded by
# mistake. Who may correct follows who may change the initiative.
CORRECTION_STEPS = ("correct", "withdraw")
PHASE_CHANGE_STEP_PERMISSIONS = dict.fromkeys(CORRECTION_STEPS,
                                              ("initiatives.change_initiative",))
MEMBERSHIP_RECORD_STEP_PERMISSIONS = dict.fromkeys(CORRECTION_STEPS,
                                                   ("initiatives.change_membership",))
MONEY_FLOW_STEP_PERMISSIONS = dict.fromkeys(CORRECTION_STEPS,
                                            ("initiatives.change_moneyflow",))
REFLECTION_STEP_PERMISSIONS = dict.fromkeys(CORRECTION_STEPS,
                                            ("initiatives.change_reflection",))


def _correction_steps(row, subject: str, permissions: dict, *, user, may_change,
                      withdraw: Step | None = None) -> Steps:
    """correct and withdraw of a recorded row of an initiative: both closed (not shown)
    once it has been corrected; `withdraw` when that step has a rule of its own."""
    if row.withdrawn_at is not None:
        return corrected_steps(CORRECTION_STEPS, subject=subject)
    steps = Steps([open_step("correct", subject=subject),
                   withdraw or open_step("withdraw", subject=subject)])
    return _for_user(steps, user, row.initiative, permissions, may_change=may_change)


def latest_phase_change(initiative: Initiative):
    """The initiative's current phase change that happened last (one query)."""
    return initiative.phase_changes.order_by("-occurred_on", "-created_at", "-id").first()


def _phase_change_withdrawal(change, latest: bool, subject: str) -> Step:
    initiative = change.initiative
    words = {"initiative": initiative.title, "phase": change.get_from_phase_display()}
    if not latest:
        reason = _("Only the latest phase change can be withdrawn; withdraw the later ones "
                   "first.")
    elif initiative.status == InitiativeStatus.ENDED:
        reason = _("%(initiative)s has ended; its phase no longer changes.") % words
    elif initiative.phase != change.to_phase:
        reason = _("%(initiative)s is no longer in the phase this change led to; withdrawing "
                   "it would not put the phase back.") % words
    elif initiative.cooperative_member and change.from_phase != InitiativePhase.AUTONOMY:
        reason = _("%(initiative)s is a member of the wijkcoöperatie, which only an autonomous "
                   "initiative can be: end the membership in the admin before it goes back "
                   "to the phase %(phase)s.") % words
    else:
        return open_step("withdraw", subject=subject)
    return closed_step("withdraw", reason, subject=subject)


def phase_change_steps(change, *, user=None, latest: bool | None = None,
                       may_change: bool | None = None) -> Steps:
    """correct (its date and why) and withdraw (the initiative's latest change, which
    puts its phase back to where the change started). `latest`: whether `change` is
    the initiative's latest, when the caller knows; `may_change`: whether `user` may
    change the initiative, when the caller asked."""
    subject = f"phase-change-{change.pk}"
    withdraw = None
    if change.withdrawn_at is None:
        if latest is None:
            latest = latest_phase_change(change.initiative) == change
        withdraw = _phase_change_withdrawal(change, latest, subject)
    return _correction_steps(change, subject, PHASE_CHANGE_STEP_PERMISSIONS, user=user,
                             may_change=may_change, withdraw=withdraw)


def membership_record_steps(membership: Membership, *, user=None,
                            may_change: bool | None = None) -> Steps:
    """correct (role and dates) and withdraw (recorded by mistake) a membership; its
    flow events stay, corrected on the person's timeline."""
    return _correction_steps(membership, f"membership-{membership.pk}",
                             MEMBERSHIP_RECORD_STEP_PERMISSIONS, user=user,
                             may_change=may_change)


def money_flow_steps(money_flow, *, user=None, may_change: bool | None = None) -> Steps:
    """correct (source, amount, purpose, period) and withdraw a money flow of an
    initiative."""
    return _correction_steps(money_flow, f"money-flow-{money_flow.pk}",
                             MONEY_FLOW_STEP_PERMISSIONS, user=user, may_change=may_change)


def reflection_steps(reflection, *, user=None, may_change: bool | None = None) -> Steps:
    """correct (its texts, date, whether it is public) and withdraw a reflection."""
    return _correction_steps(reflection, f"reflection-{reflection.pk}",
                             REFLECTION_STEP_PERMISSIONS, user=user, may_change=may_change)
