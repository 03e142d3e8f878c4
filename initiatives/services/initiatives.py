"""An initiative's own page in the back office: public or not, the support it asks, its
phase changes, reflections and money flows."""


import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from initiatives.models import (
    SUPPORT_FIELDS,
    FollowUp,
    FollowUpKind,
    Initiative,
    InitiativePhase,
    InitiativePhaseChange,
    InitiativeStatus,
    MoneyFlow,
    Reflection,
)
from initiatives.services.common import clean_text
from wei.services import check_not_in_future


def _open_review(initiative: Initiative) -> bool:
    return FollowUp.objects.filter(
        signup__created_initiative=initiative, kind=FollowUpKind.IDEA, outcome="",
    ).exists()


@transaction.atomic
def initiative_set_public(*, initiative: Initiative, is_public: bool, by=None) -> Initiative:
    """Show the initiative on the public pages, or take it off them."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if is_public:
        if initiative.status == InitiativeStatus.ENDED:
            raise ValidationError(
                _("%(initiative)s has ended; an ended initiative is not shown to residents."),
                code="ended", params={"initiative": initiative.title})
        if _open_review(initiative):
            raise ValidationError(
                _("%(initiative)s is a proposed idea: review it in the follow-up inbox "
                  "and publish it there, with its aims, form and themes."),
                code="under_review", params={"initiative": initiative.title})
    initiative.is_public = is_public
    initiative.save(update_fields=["is_public"])
    return initiative


@transaction.atomic
def initiative_set_support(*, initiative: Initiative, by=None, **needs: bool) -> Initiative:
    """Record which kinds of support the initiative asks for (the others: none)."""
    unknown = set(needs) - set(SUPPORT_FIELDS)
    if unknown:
        raise ValueError(f"No such kind of support: {sorted(unknown)}")
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    for field in SUPPORT_FIELDS:
        setattr(initiative, field, bool(needs.get(field, False)))
    initiative.save(update_fields=list(SUPPORT_FIELDS))
    return initiative


@transaction.atomic
def initiative_phase_change(*, initiative: Initiative, to_phase: int,
                            occurred_on: datetime.date, rationale: str, by=None
                            ) -> InitiativePhaseChange:
    """Move the initiative to another phase, and keep why: one phase up or down, or more
    at once (an initiative can grow fast); never on a date before its last change."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    check_not_in_future(occurred_on)
    to_phase = InitiativePhase(int(to_phase))
    rationale = clean_text(rationale)
    if to_phase == initiative.phase:
        raise ValidationError({"to_phase": ValidationError(
            _("%(initiative)s is already in this phase."),
            code="same_phase", params={"initiative": initiative.title})})
    if not rationale:
        raise ValidationError({"rationale": _("Say why the initiative changes phase.")},
                              code="rationale")
    if initiative.status == InitiativeStatus.ENDED:
        raise ValidationError(_("%(initiative)s has ended; its phase no longer changes."),
                              code="ended", params={"initiative": initiative.title})
    if initiative.cooperative_member and to_phase != InitiativePhase.AUTONOMY:
        raise ValidationError(
            _("%(initiative)s is a member of the wijkcoöperatie, which only an autonomous "
              "initiative can be: end the membership in the admin first."),
            code="cooperative", params={"initiative": initiative.title})
    last = initiative.phase_changes.order_by("-occurred_on").values_list(
        "occurred_on", flat=True).first()
    if last and occurred_on < last:
        raise ValidationError({"occurred_on": ValidationError(
            _("The last phase change was on %(date)s; a later one cannot lie before it."),
            code="before_last", params={"date": formats.date_format(last, "j F Y")})})
    change = InitiativePhaseChange.objects.create(
        initiative=initiative, from_phase=initiative.phase, to_phase=to_phase,
        occurred_on=occurred_on, rationale=rationale, by=by)
    initiative.phase = to_phase
    initiative.save(update_fields=["phase"])
    return change


@transaction.atomic
def reflection_add(*, initiative: Initiative, date: datetime.date, what_we_did: str,
                   what_went_well: str = "", what_we_learned: str = "",
                   what_we_need_next: str = "", is_public: bool = False, by=None) -> Reflection:
    """An Action Learning moment of the initiative, in its own words."""
    check_not_in_future(date)
    reflection = Reflection(
        initiative=initiative, date=date, what_we_did=clean_text(what_we_did),
        what_went_well=clean_text(what_went_well),
        what_we_learned=clean_text(what_we_learned),
        what_we_need_next=clean_text(what_we_need_next), is_public=is_public,
    )
    reflection.full_clean()
    reflection.save()
    return reflection


@transaction.atomic
def money_flow_add(*, initiative: Initiative, source, amount, purpose: str,
                   period_start: datetime.date, period_end: datetime.date, by=None
                   ) -> MoneyFlow:
    """Money flowing into the initiative, from one source organisation, for a period."""
    if period_start and period_end and period_end < period_start:
        raise ValidationError(
            {"period_end": _("The period ends before it starts.")}, code="period")
    money_flow = MoneyFlow(
        source=source, neighbourhood_id=initiative.neighbourhood_id, initiative=initiative,
        amount=amount, purpose=clean_text(purpose), period_start=period_start,
        period_end=period_end,
    )
    money_flow.full_clean()
    money_flow.save()
    return money_flow
