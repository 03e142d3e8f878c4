"""Which steps of a route are open now, and why a closed one is closed.

One function per object that moves through steps: the route's decision meeting (with
inviting to it and recording a plan version decided there), an invitation, a plan version
and a kader. The services refuse by asking these same functions, and the pages show what
they answer, so each rule of the method is written here once.

A step is open when its service accepts it with valid input; what depends on the posted
values (a date in the future, a missing reason) the service still checks itself.

What the steps are computed from (whether the meeting was held, who is left to invite, how
the plan was checked) is gathered in a few queries of its own; a page that has loaded
those rows already passes them in (`RouteFacts.from_page`, `PlanFacts.from_page`), so the
steps cost it no query.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.steps import Steps, closed_step, open_step
from nieuweroute.models import (
    Conversation,
    Invitation,
    InvitationResponse,
    Kader,
    KaderCheck,
    KaderStatus,
    PlanSending,
    PlanVersion,
    Route,
    Suggestion,
    Verdict,
)
from participants.models import Participant
from wei import access

# The model permission each step needs, besides the row rule (may the user change it).
MEETING_PERMISSIONS = {
    "set": "nieuweroute.change_route",
    "move": "nieuweroute.change_route",
    "cancel": "nieuweroute.change_route",
    "invite": "nieuweroute.add_invitation",
    "add_plan": "nieuweroute.add_planversion",
}
INVITATION_PERMISSIONS = {
    "send_again": "nieuweroute.change_invitation",
    "record_attendance": "nieuweroute.change_invitation",
}
PLAN_PERMISSIONS = {
    "edit": "nieuweroute.change_planitem",
    "check": "nieuweroute.add_kadercheck",
    "accept": "nieuweroute.change_planversion",
    "send_back": "nieuweroute.change_planversion",
    "send": "nieuweroute.add_plansending",
}
SUGGESTION_PERMISSIONS = {"accept": "nieuweroute.change_suggestion"}
KADER_PERMISSIONS = {
    "edit": "nieuweroute.change_kader",
    "fix": "nieuweroute.change_kader",
}


def day_text(day: datetime.date) -> str:
    """A date as the user reads it: "20 april 2027" in Dutch."""
    return formats.date_format(day, "j F Y")


def _today(today):
    return today or timezone.localdate()


def _for_user(steps: Steps, obj, user, permissions: dict[str, str], may_change) -> Steps:
    """Close and hide what this user may not take: the model permission of each step and
    the row rule of the object (`may_change` when the page knows it already)."""
    if user is None:
        return steps
    if may_change is None:
        may_change = access.may_change(user, obj)
    if not may_change:
        return steps.closed_for(_("You may not change this."))
    refused = _("You do not have the right to take this step.")
    return Steps(
        step if user.has_perm(permissions[step.name])
        else closed_step(step.name, step.reason or refused, shown=False, subject=step.subject)
        for step in steps.values()
    )


# --- the decision meeting -------------------------------------------------------------------


@dataclass(frozen=True)
class RouteFacts:
    """What the meeting's steps are decided on."""

    held: bool  # attendance or a plan has been recorded: the meeting took place
    latest_plan: tuple[int, str] | None  # (number, verdict) of the latest plan version
    spoken: int  # participants with a preparatory conversation
    uninvited: int  # of those, not invited yet
    invitable: int  # of those, with an e-mail address to invite them at

    @classmethod
    def of(cls, route: Route) -> "RouteFacts":
        """Two queries."""
        latest = PlanVersion.objects.filter(route=OuterRef("pk")).order_by("-number")
        row = Route.objects.filter(pk=route.pk).annotate(
            has_plans=Exists(PlanVersion.objects.filter(route=OuterRef("pk"))),
            has_attendance=Exists(Invitation.objects.filter(route=OuterRef("pk"),
                                                            attended__isnull=False)),
            plan_number=Subquery(latest.values("number")[:1]),
            plan_verdict=Subquery(latest.values("verdict")[:1]),
        ).values("has_plans", "has_attendance", "plan_number", "plan_verdict").get()
        latest_email = (
            Conversation.objects.filter(route=route, participant=OuterRef("pk"))
            .order_by("-held_on", "-id").values("confirmed_email")[:1]
        )
        counts = Participant.objects.filter(
            Exists(Conversation.objects.filter(route=route, participant=OuterRef("pk")))
        ).annotate(
            invited=Exists(Invitation.objects.filter(route=route, participant=OuterRef("pk"))),
            latest_email=Subquery(latest_email),
        ).aggregate(
            spoken=Count("pk"),
            uninvited=Count("pk", filter=Q(invited=False)),
            invitable=Count("pk", filter=Q(invited=False) & (~Q(latest_email="") | ~Q(email=""))),
        )
        return cls(
            held=row["has_plans"] or row["has_attendance"],
            latest_plan=((row["plan_number"], row["plan_verdict"])
                         if row["plan_number"] is not None else None),
            **counts,
        )

    @classmethod
    def from_page(cls, route: Route, *, conversations, invitations, plans) -> "RouteFacts":
        """From rows a route page has loaded: its route `with_progress()`, every
        conversation (with its participant, latest first), invitation and plan version."""
        latest: dict[int, Conversation] = {}
        for conversation in sorted(conversations, key=lambda c: (c.held_on, c.pk),
                                   reverse=True):
            latest.setdefault(conversation.participant_id, conversation)
        invited = {invitation.participant_id for invitation in invitations}
        uninvited = [c for pk, c in latest.items() if pk not in invited]
        newest = max(plans, key=lambda plan: plan.number, default=None)
        return cls(
            held=bool(route.plan_versions or route.attendance_recorded),
            latest_plan=(newest.number, newest.verdict) if newest else None,
            spoken=len(latest),
            uninvited=len(uninvited),
            invitable=sum(1 for c in uninvited if c.confirmed_email or c.participant.email),
        )


def meeting_steps(route: Route, *, user=None, today: datetime.date | None = None,
                  facts: RouteFacts | None = None, may_change: bool | None = None) -> Steps:
    """set, move, cancel the decision meeting; invite to it; add a plan version decided
    there."""
    today = _today(today)
    facts = facts or RouteFacts.of(route)
    held_reason = _("The decision meeting has taken place (attendance or a plan has been "
                    "recorded); it can no longer be moved or cancelled.")
    steps = []
    if route.meeting_is_set:
        steps.append(closed_step("set", _("The decision meeting has been set; move it "
                                          "instead."), shown=False))
        steps.append(closed_step("move", held_reason) if facts.held else open_step("move"))
    else:
        steps.append(closed_step("set", held_reason) if facts.held else open_step("set"))
        steps.append(closed_step("move", _("No decision meeting has been set."), shown=False))
    if not route.meeting_date:
        steps.append(closed_step("cancel", _("No decision meeting has been set."), shown=False))
    else:
        steps.append(closed_step("cancel", held_reason) if facts.held else open_step("cancel"))
    steps.append(_invite_step(route, facts, today))
    steps.append(_add_plan_step(route, facts, today))
    return _for_user(Steps(steps), route, user, MEETING_PERMISSIONS, may_change)


def _invite_step(route: Route, facts: RouteFacts, today: datetime.date):
    if not route.meeting_is_set:
        return closed_step("invite", _("Set the date, time and place of the decision meeting "
                                       "before inviting."))
    if route.meeting_date < today:
        return closed_step("invite", _("The decision meeting of %(date)s has passed; nobody "
                                       "can be invited to it.")
                           % {"date": day_text(route.meeting_date)})
    if not facts.spoken:
        return closed_step("invite", _("Nobody has been spoken to beforehand yet; only "
                                       "participants with a preparatory conversation are "
                                       "invited."))
    if not facts.uninvited:
        return closed_step("invite", _("Nobody is left to invite: everyone spoken to "
                                       "beforehand has been invited."))
    if not facts.invitable:
        return closed_step("invite", _("Nobody left to invite has a confirmed e-mail "
                                       "address; record it with their conversation first."))
    return open_step("invite")


def _add_plan_step(route: Route, facts: RouteFacts, today: datetime.date):
    if not route.meeting_date:
        return closed_step("add_plan", _("Set the decision meeting first: the plan is decided "
                                         "there."))
    if route.meeting_date > today:
        return closed_step("add_plan", _("The plan is recorded from the decision meeting on "
                                         "%(date)s.") % {"date": day_text(route.meeting_date)})
    if facts.latest_plan is not None:
        number, verdict = facts.latest_plan
        if verdict == Verdict.PENDING:
            return closed_step("add_plan", _("Version %(number)s of the plan has not been "
                                             "checked yet; check it first.")
                               % {"number": number})
        if verdict == Verdict.ACCEPTED:
            return closed_step("add_plan", _("The plan has been accepted; it needs no new "
                                             "version."), shown=False)
    return open_step("add_plan")


# --- an invitation --------------------------------------------------------------------------


def invitation_steps(invitation: Invitation, *, user=None, today: datetime.date | None = None,
                     may_change: bool | None = None) -> Steps:
    """send_again (a new link, for an unanswered invitation before the meeting) and
    record_attendance (from the meeting on). Reads `invitation.route`."""
    today = _today(today)
    subject = f"invitation-{invitation.pk}"
    meeting = invitation.route.meeting_date
    if invitation.response != InvitationResponse.PENDING:
        send_again = closed_step("send_again", _("%(name)s has already answered the "
                                                 "invitation.")
                                 % {"name": invitation.participant.name},
                                 shown=False, subject=subject)
    elif meeting is None or meeting < today:
        send_again = closed_step("send_again", _("The decision meeting has passed; nobody can "
                                                 "be invited to it."),
                                 shown=False, subject=subject)
    else:
        send_again = open_step("send_again", subject=subject)
    if meeting is None:
        attendance = closed_step("record_attendance", _("No decision meeting has been set."),
                                 shown=False, subject=subject)
    elif meeting > today:
        attendance = closed_step("record_attendance", _(
            "Attendance can be recorded from the meeting on %(date)s.")
            % {"date": day_text(meeting)}, subject=subject)
    else:
        attendance = open_step("record_attendance", subject=subject)
    return _for_user(Steps([send_again, attendance]), invitation, user,
                     INVITATION_PERMISSIONS, may_change)


# --- the plan -------------------------------------------------------------------------------


def plan_recipients(route: Route) -> list[tuple[Participant, str, str]]:
    """Everyone spoken to, with their confirmed address and language (latest conversation):
    whom the accepted plan is sent to. One query."""
    seen: dict[int, tuple[Participant, str, str]] = {}
    conversations = (
        Conversation.objects.filter(route=route).select_related("participant")
        .order_by("held_on", "id")
    )
    for conversation in conversations:
        email = conversation.confirmed_email or conversation.participant.email
        if email:
            seen[conversation.participant_id] = (
                conversation.participant, email, conversation.language
            )
    return sorted(seen.values(), key=lambda row: row[0].name)


@dataclass(frozen=True)
class PlanFacts:
    """What a plan version's steps are decided on."""

    fixed: int = 0  # fixed kaders of the route
    failing: list[int] = field(default_factory=list)  # numbers of fixed kaders not met
    missing: list[int] = field(default_factory=list)  # numbers not checked against
    attendance: bool = False  # who attended the meeting has been recorded
    recipients: int = 0  # participants with a confirmed address
    unsent: int = 0  # of those, not sent the plan yet

    @classmethod
    def of(cls, plan: PlanVersion) -> "PlanFacts":
        """For a pending version three queries, for an accepted one two, else none."""
        if plan.verdict == Verdict.PENDING:
            fixed = list(Kader.objects.filter(route_id=plan.route_id, status=KaderStatus.FIXED)
                         .order_by("number"))
            checks = {check.kader_id: check for check in KaderCheck.objects.filter(plan=plan)}
            attendance = Invitation.objects.filter(route_id=plan.route_id,
                                                   attended__isnull=False).exists()
            return cls.checked(fixed, checks, attendance=attendance)
        if plan.verdict == Verdict.ACCEPTED:
            sent = set(PlanSending.objects.filter(plan=plan).values_list("participant_id",
                                                                         flat=True))
            return cls.sending(plan_recipients(plan.route), sent)
        return cls()

    @classmethod
    def checked(cls, fixed: list[Kader], checks: dict, *, attendance: bool) -> "PlanFacts":
        """From the route's fixed kaders and the version's checks by kader id."""
        return cls(
            fixed=len(fixed),
            failing=[k.number for k in fixed if k.pk in checks and not checks[k.pk].meets],
            missing=[k.number for k in fixed if k.pk not in checks],
            attendance=attendance,
        )

    @classmethod
    def sending(cls, recipients, sent_to: set[int]) -> "PlanFacts":
        return cls(recipients=len(recipients),
                   unsent=sum(1 for row in recipients if row[0].pk not in sent_to))

    def shortcoming_text(self) -> str:
        parts = []
        if self.failing:
            parts.append(_("The plan does not meet kader(s) %(numbers)s.")
                         % {"numbers": ", ".join(map(str, self.failing))})
        if self.missing:
            parts.append(_("The plan has not been checked against kader(s) %(numbers)s.")
                         % {"numbers": ", ".join(map(str, self.missing))})
        return " ".join(parts)


def plan_steps(plan: PlanVersion, *, user=None, today: datetime.date | None = None,
               facts: PlanFacts | None = None, may_change: bool | None = None) -> Steps:
    """edit (its agreements), check (against a fixed kader), accept, send_back, send.
    Reads `plan.route`."""
    today = _today(today)
    facts = facts or PlanFacts.of(plan)
    if plan.verdict != Verdict.PENDING:
        concluded = _("This version of the plan has been %(verdict)s; record a new version "
                      "instead.") % {"verdict": plan.get_verdict_display()}
        steps = [closed_step(name, concluded, shown=False)
                 for name in ("edit", "check", "accept", "send_back")]
    else:
        no_kaders = _("The route has no fixed kaders yet; the plan cannot be checked.")
        steps = [open_step("edit"),
                 closed_step("check", no_kaders) if not facts.fixed else open_step("check"),
                 _accept_step(plan, facts, today, no_kaders)]
        if not facts.fixed:
            steps.append(closed_step("send_back", no_kaders))
        elif not facts.failing and not facts.missing:
            steps.append(closed_step("send_back", _("The plan meets every fixed kader; it is "
                                                    "accepted, not sent back.")))
        else:
            steps.append(open_step("send_back"))
    steps.append(_send_step(plan, facts))
    return _for_user(Steps(steps), plan, user, PLAN_PERMISSIONS, may_change)


def _accept_step(plan: PlanVersion, facts: PlanFacts, today: datetime.date, no_kaders: str):
    meeting = plan.route.meeting_date
    if not meeting or meeting > today:
        return closed_step("accept", _("The decision meeting has not taken place yet; the "
                                       "plan is accepted after it."))
    if not facts.attendance:
        return closed_step("accept", _("Record who attended the decision meeting before "
                                       "accepting the plan."))
    if not facts.fixed:
        return closed_step("accept", no_kaders)
    if facts.failing or facts.missing:
        return closed_step("accept", _("The plan cannot be accepted. %(reasons)s")
                           % {"reasons": facts.shortcoming_text()})
    return open_step("accept")


def _send_step(plan: PlanVersion, facts: PlanFacts):
    if plan.verdict != Verdict.ACCEPTED:
        return closed_step("send", _("Only an accepted plan is sent."), shown=False)
    if not facts.recipients:
        return closed_step("send", _("Nobody spoken to has a confirmed e-mail address to send "
                                     "the plan to."))
    if not facts.unsent:
        return closed_step("send", _("The plan has already been sent to everyone with a "
                                     "confirmed e-mail address."))
    return open_step("send")


# --- a kader --------------------------------------------------------------------------------


def kader_steps(kader: Kader, *, user=None, today: datetime.date | None = None,
                may_change: bool | None = None) -> Steps:
    """edit (and renumber) a concept kader, fix it; a fixed kader no longer changes."""
    subject = f"kader-{kader.pk}"
    if kader.status == KaderStatus.FIXED:
        reason = _("Kader %(number)s is fixed and can no longer change.") % {
            "number": kader.number}
        steps = Steps(closed_step(name, reason, shown=False, subject=subject)
                      for name in ("edit", "fix"))
    else:
        steps = Steps([open_step("edit", subject=subject), open_step("fix", subject=subject)])
    return _for_user(steps, kader, user, KADER_PERMISSIONS, may_change)


# --- a suggested participant ----------------------------------------------------------------


def suggestion_steps(suggestion: Suggestion, *, user=None, today: datetime.date | None = None,
                     may_change: bool | None = None) -> Steps:
    """accept: the suggested person becomes a participant of the route, once."""
    subject = f"suggestion-{suggestion.pk}"
    if suggestion.participant_id:
        step = closed_step("accept", _("%(name)s has already been added as a participant.")
                           % {"name": suggestion.name}, shown=False, subject=subject)
    else:
        step = open_step("accept", subject=subject)
    return _for_user(Steps([step]), suggestion, user, SUGGESTION_PERMISSIONS, may_change)
