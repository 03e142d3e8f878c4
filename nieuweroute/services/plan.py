"""The plan decided at the meeting: versions with agreements, the check against every fixed
kader, acceptance or sending back, and sending the accepted plan to everyone."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nieuweroute import mail
from nieuweroute.models import (
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
from nieuweroute.steps import PlanFacts, meeting_steps, plan_recipients, plan_steps

__all__ = ["kader_check_record", "plan_accept", "plan_item_add", "plan_item_remove",
           "plan_item_update", "plan_recipients", "plan_record", "plan_send", "plan_send_back"]


@transaction.atomic
def plan_record(*, route: Route, decided_on: datetime.date, summary: str = "", by=None,
                at_continuation: bool = False,
                today: datetime.date | None = None) -> PlanVersion:
    """A new version of the plan, decided at the decision meeting (or at its continuation
    on a later day, recorded as such); a version that was sent back stays as it was."""
    today = today or timezone.localdate()
    refuse_future(decided_on, today)
    route = Route.objects.select_for_update().get(pk=route.pk)
    meeting_steps(route, today=today).require("add_plan")
    _check_decided_at_meeting(route, decided_on, at_continuation)
    previous = route.plans.order_by("-number").first()
    plan = PlanVersion(route=route, number=(previous.number + 1) if previous else 1,
                       decided_on=decided_on, at_continuation=at_continuation,
                       summary=summary.strip(), recorded_by=by)
    plan.full_clean()
    plan.save()
    return plan


def _check_decided_at_meeting(route: Route, decided_on: datetime.date,
                              at_continuation: bool) -> None:
    # The method: the plan is made and decided together, at the meeting.
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


def _locked(plan_pk: int) -> PlanVersion:
    return PlanVersion.objects.select_for_update().select_related("route").get(pk=plan_pk)


@transaction.atomic
def plan_item_add(*, plan: PlanVersion, what: str, who_participant=None,
                  who_organisation=None, due_on: datetime.date | None = None) -> PlanItem:
    plan = _locked(plan.pk)
    plan_steps(plan).require("edit")
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
    plan = _locked(item.plan_id)
    plan_steps(plan).require("edit")
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
    today = today or timezone.localdate()
    plan = _locked(plan.pk)
    plan_steps(plan, today=today).require("check")
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
    refuse_future(checked_on, today)
    check, _created = KaderCheck.objects.update_or_create(
        plan=plan, kader=kader,
        defaults={"meets": meets, "explanation": explanation.strip(), "checked_on": checked_on,
                  "checked_by": by},
    )
    return check


def _check_confirmed(confirmed: bool, message) -> None:
    """Accepting and sending have consequences the page lists above its confirmation."""
    if not confirmed:
        raise ValidationError({"confirm": message}, code="unconfirmed")


def _conclude(plan: PlanVersion, verdict: str, on: datetime.date, by, reason: str) -> None:
    plan.verdict, plan.verdict_on, plan.verdict_by, plan.verdict_reason = verdict, on, by, reason
    plan.save(update_fields=["verdict", "verdict_on", "verdict_by", "verdict_reason"])


@transaction.atomic
def plan_accept(*, plan: PlanVersion, by=None, on: datetime.date | None = None,
                today: datetime.date | None = None, confirmed: bool = False) -> PlanVersion:
    """Accepted exactly when every fixed kader has a check and all of them are met; only
    `confirmed`, after reading what the check did not cover (selectors.
    plan_acceptance_warnings)."""
    today = today or timezone.localdate()
    on = on or today
    plan = _locked(plan.pk)
    plan_steps(plan, today=today).require("accept")
    refuse_future(on, today)
    _check_confirmed(confirmed, _("Confirm that the plan is accepted, once you have read "
                                  "the warnings."))
    _conclude(plan, Verdict.ACCEPTED, on, by, "")
    return plan


@transaction.atomic
def plan_send_back(*, plan: PlanVersion, by=None, note: str = "",
                   on: datetime.date | None = None,
                   today: datetime.date | None = None) -> PlanVersion:
    """Send back a plan that fails or misses a check, naming those kaders."""
    today = today or timezone.localdate()
    on = on or today
    plan = _locked(plan.pk)
    facts = PlanFacts.of(plan)
    plan_steps(plan, today=today, facts=facts).require("send_back")
    refuse_future(on, today)
    reason = facts.shortcoming_text()
    if note.strip():
        reason = f"{reason}\n\n{note.strip()}"
    _conclude(plan, Verdict.SENT_BACK, on, by, reason)
    return plan


@transaction.atomic
def plan_send(*, plan: PlanVersion, now: datetime.datetime | None = None,
              notify: bool = True, confirmed: bool = False) -> list[PlanSending]:
    """Send the accepted plan to every participant's confirmed address, once each; only
    `confirmed`, after reading to whom it goes."""
    plan = _locked(plan.pk)
    already = set(plan.sendings.values_list("participant_id", flat=True))
    everyone = plan_recipients(plan.route)
    plan_steps(plan, facts=PlanFacts.sending(everyone, already)).require("send")
    _check_confirmed(confirmed, _("Confirm that the plan is sent, once you have read to "
                                  "whom it goes."))
    now = now or timezone.now()
    recipients = [row for row in everyone if row[0].pk not in already]
    sendings = PlanSending.objects.bulk_create(
        PlanSending(plan=plan, participant=participant, email=email, sent_at=now)
        for participant, email, _language in recipients
    )
    if notify:
        languages = {participant.pk: language for participant, _email, language in recipients}
        queue_mail(lambda: mail.send_plan(plan, sendings, languages))
    return sendings
