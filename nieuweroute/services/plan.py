"""The plan decided at the meeting: versions with agreements, the check against every fixed
kader, acceptance or sending back, and sending the accepted plan to everyone."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nieuweroute import mail
from nieuweroute.models import (
    Conversation,
    Kader,
    KaderCheck,
    KaderStatus,
    PlanItem,
    PlanSending,
    PlanVersion,
    Route,
    Verdict,
)
from nieuweroute.services.common import day_text, queue_mail, refuse_future
from participants.models import Participant


@transaction.atomic
def plan_record(*, route: Route, decided_on: datetime.date, summary: str = "", by=None,
                at_continuation: bool = False,
                today: datetime.date | None = None) -> PlanVersion:
    """A new version of the plan, decided at the decision meeting (or at its continuation
    on a later day, recorded as such); a version that was sent back stays as it was."""
    refuse_future(decided_on, today or timezone.localdate())
    route = Route.objects.select_for_update().get(pk=route.pk)
    _check_decided_at_meeting(route, decided_on, at_continuation)
    previous = route.plans.order_by("-number").first()
    if previous is not None and previous.verdict == Verdict.PENDING:
        raise ValidationError(
            _("Version %(number)s of the plan has not been checked yet; check it first.")
            % {"number": previous.number},
            code="previous_pending",
        )
    if previous is not None and previous.verdict == Verdict.ACCEPTED:
        raise ValidationError(_("The plan has been accepted; it needs no new version."),
                              code="accepted")
    plan = PlanVersion(route=route, number=(previous.number + 1) if previous else 1,
                       decided_on=decided_on, at_continuation=at_continuation,
                       summary=summary.strip(), recorded_by=by)
    plan.full_clean()
    plan.save()
    return plan


def _check_decided_at_meeting(route: Route, decided_on: datetime.date,
                              at_continuation: bool) -> None:
    # The method: the plan is made and decided together, at the meeting.
    if not route.meeting_date:
        raise ValidationError(
            _("Set the decision meeting first: the plan is decided there."), code="no_meeting")
    meeting = day_text(route.meeting_date)
    if decided_on < route.meeting_date:
        raise ValidationError(
            {"decided_on": _("The plan is decided at the decision meeting of %(date)s, not "
                             "before it.") % {"date": meeting}},
            code="before_meeting",
        )
    if decided_on > route.meeting_date and not at_continuation:
        raise ValidationError(
            {"decided_on": _("The decision meeting was on %(date)s. Give that date, or say "
                             "that the plan was decided at a continuation meeting.")
             % {"date": meeting}},
            code="after_meeting",
        )
    if decided_on == route.meeting_date and at_continuation:
        raise ValidationError(
            {"at_continuation": _("A continuation meeting is held after the decision meeting "
                                  "of %(date)s; give its date.") % {"date": meeting}},
            code="continuation_same_day",
        )


def _refuse_checked(plan: PlanVersion) -> None:
    if plan.verdict != Verdict.PENDING:
        raise ValidationError(
            _("This version of the plan has been %(verdict)s; record a new version instead.")
            % {"verdict": plan.get_verdict_display()},
            code="concluded",
        )


@transaction.atomic
def plan_item_add(*, plan: PlanVersion, what: str, who_participant=None,
                  who_organisation=None, due_on: datetime.date | None = None) -> PlanItem:
    _refuse_checked(plan)
    if (who_participant is None) == (who_organisation is None):
        raise ValidationError(
            _("Say who does it: a participant or an organisation, not both."), code="who"
        )
    item = PlanItem(plan=plan, what=what.strip(), who_participant=who_participant,
                    who_organisation=who_organisation, due_on=due_on)
    item.full_clean()
    item.save()
    return item


def _locked_plan_of(item: PlanItem) -> PlanVersion:
    plan = PlanVersion.objects.select_for_update().get(pk=item.plan_id)
    _refuse_checked(plan)
    return plan


@transaction.atomic
def plan_item_update(*, item: PlanItem, what: str, who_participant=None,
                     who_organisation=None, due_on: datetime.date | None = None) -> PlanItem:
    """Change an agreement of a version that has not been checked yet."""
    _locked_plan_of(item)
    if (who_participant is None) == (who_organisation is None):
        raise ValidationError(
            _("Say who does it: a participant or an organisation, not both."), code="who"
        )
    item.what, item.due_on = what.strip(), due_on
    item.who_participant, item.who_organisation = who_participant, who_organisation
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def plan_item_remove(*, item: PlanItem) -> None:
    """Remove an agreement of a version that has not been checked yet."""
    _locked_plan_of(item)
    item.delete()


@transaction.atomic
def kader_check_record(*, plan: PlanVersion, kader: Kader, meets: bool, explanation: str,
                       checked_on: datetime.date, by=None,
                       today: datetime.date | None = None) -> KaderCheck:
    """Check the plan against one fixed kader; checking again replaces the earlier check."""
    plan = PlanVersion.objects.select_for_update().get(pk=plan.pk)
    _refuse_checked(plan)
    if kader.route_id != plan.route_id:
        raise ValidationError(_("This kader belongs to another route."), code="other_route")
    if kader.status != KaderStatus.FIXED:
        raise ValidationError(
            _("Kader %(number)s is still a concept; a plan is only checked against fixed "
              "kaders.") % {"number": kader.number},
            code="concept_kader",
        )
    if not explanation.strip():
        raise ValidationError({"explanation": _("Explain the outcome of the check.")},
                              code="explanation")
    refuse_future(checked_on, today or timezone.localdate())
    check, _created = KaderCheck.objects.update_or_create(
        plan=plan, kader=kader,
        defaults={"meets": meets, "explanation": explanation.strip(), "checked_on": checked_on,
                  "checked_by": by},
    )
    return check


def plan_shortcomings(plan: PlanVersion) -> tuple[list[Kader], list[Kader]]:
    """The fixed kaders the plan fails, and those it has not been checked against."""
    checks = {check.kader_id: check for check in plan.checks.all()}
    fixed = list(plan.route.kaders.filter(status=KaderStatus.FIXED).order_by("number"))
    failing = [k for k in fixed if k.pk in checks and not checks[k.pk].meets]
    missing = [k for k in fixed if k.pk not in checks]
    return failing, missing


def _numbers(kaders: list[Kader]) -> str:
    return ", ".join(str(k.number) for k in kaders)


def _shortcoming_text(failing: list[Kader], missing: list[Kader]) -> str:
    parts = []
    if failing:
        parts.append(_("The plan does not meet kader(s) %(numbers)s.")
                     % {"numbers": _numbers(failing)})
    if missing:
        parts.append(_("The plan has not been checked against kader(s) %(numbers)s.")
                     % {"numbers": _numbers(missing)})
    return " ".join(parts)


def _conclude(plan: PlanVersion, verdict: str, on: datetime.date, by, reason: str) -> None:
    plan.verdict, plan.verdict_on, plan.verdict_by, plan.verdict_reason = verdict, on, by, reason
    plan.save(update_fields=["verdict", "verdict_on", "verdict_by", "verdict_reason"])


@transaction.atomic
def plan_accept(*, plan: PlanVersion, by=None, on: datetime.date | None = None,
                today: datetime.date | None = None) -> PlanVersion:
    """Accepted exactly when every fixed kader has a check and all of them are met."""
    today = today or timezone.localdate()
    on = on or today
    plan = PlanVersion.objects.select_for_update().select_related("route").get(pk=plan.pk)
    _refuse_checked(plan)
    refuse_future(on, today)
    route = plan.route
    if not route.meeting_date or route.meeting_date > today:
        raise ValidationError(
            _("The decision meeting has not taken place yet; the plan is accepted after it."),
            code="meeting_ahead",
        )
    if not route.invitations.filter(attended__isnull=False).exists():
        raise ValidationError(
            _("Record who attended the decision meeting before accepting the plan."),
            code="no_attendance",
        )
    if not plan.route.kaders.filter(status=KaderStatus.FIXED).exists():
        raise ValidationError(_("The route has no fixed kaders yet; the plan cannot be checked."),
                              code="no_kaders")
    failing, missing = plan_shortcomings(plan)
    if failing or missing:
        raise ValidationError(
            _("The plan cannot be accepted. %(reasons)s")
            % {"reasons": _shortcoming_text(failing, missing)},
            code="not_met",
        )
    _conclude(plan, Verdict.ACCEPTED, on, by, "")
    return plan


@transaction.atomic
def plan_send_back(*, plan: PlanVersion, by=None, note: str = "",
                   on: datetime.date | None = None,
                   today: datetime.date | None = None) -> PlanVersion:
    """Send back a plan that fails or misses a check, naming those kaders."""
    today = today or timezone.localdate()
    on = on or today
    plan = PlanVersion.objects.select_for_update().select_related("route").get(pk=plan.pk)
    _refuse_checked(plan)
    refuse_future(on, today)
    failing, missing = plan_shortcomings(plan)
    if not failing and not missing:
        raise ValidationError(
            _("The plan meets every fixed kader; it is accepted, not sent back."),
            code="all_met",
        )
    reason = _shortcoming_text(failing, missing)
    if note.strip():
        reason = f"{reason}\n\n{note.strip()}"
    _conclude(plan, Verdict.SENT_BACK, on, by, reason)
    return plan


def plan_recipients(route: Route) -> list[tuple[Participant, str, str]]:
    """Everyone spoken to, with their confirmed address and language (latest conversation)."""
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


@transaction.atomic
def plan_send(*, plan: PlanVersion, now: datetime.datetime | None = None,
              notify: bool = True) -> list[PlanSending]:
    """Send the accepted plan to every participant's confirmed address, once each."""
    plan = PlanVersion.objects.select_for_update().select_related("route").get(pk=plan.pk)
    if plan.verdict != Verdict.ACCEPTED:
        raise ValidationError(_("Only an accepted plan is sent."), code="not_accepted")
    now = now or timezone.now()
    already = set(plan.sendings.values_list("participant_id", flat=True))
    recipients = [row for row in plan_recipients(plan.route) if row[0].pk not in already]
    if not recipients:
        raise ValidationError(
            _("The plan has already been sent to everyone with a confirmed e-mail address."),
            code="nobody_left",
        )
    sendings = PlanSending.objects.bulk_create(
        PlanSending(plan=plan, participant=participant, email=email, sent_at=now)
        for participant, email, _language in recipients
    )
    if notify:
        languages = {participant.pk: language for participant, _email, language in recipients}
        queue_mail(lambda: mail.send_plan(plan, sendings, languages))
    return sendings
