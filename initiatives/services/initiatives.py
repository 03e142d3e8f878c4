"""An initiative's own page in the back office: starting one, public or not, the support
it asks, its phase changes, reflections and money flows."""


import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from initiatives.models import (
    SUPPORT_FIELDS,
    Initiative,
    InitiativeForm,
    InitiativePhase,
    InitiativePhaseChange,
    InitiativeStatus,
    MoneyFlow,
    Reflection,
)
from initiatives.services.common import clean_text, unique_slug
from initiatives.steps import (
    initiative_steps,
    new_initiative_steps,
    next_phase,
    previous_phase,
)
from wei.models import Process
from wei.services import check_not_in_future


@transaction.atomic
def initiative_create(*, process: Process, title: str, by=None, themes=(),
                      description: str = "", form: str = InitiativeForm.LASTING,
                      phase: int = InitiativePhase.IDEA, cooperative_member: bool = False,
                      is_public: bool = False, aims_people: str = "", aims_planet: str = "",
                      aims_profit: str = "", economic_role: str = "", economic_goods: str = "",
                      status: str = InitiativeStatus.ACTIVE, status_reason: str = "", activities=(),
                      **needs: bool) -> Initiative:
    """A new initiative in a running process of its neighbourhood, with an address of its
    own. `by` may only start one in a process they may change (new_initiative_steps);
    the process row is locked, so the same initiative submitted twice is made once."""
    unknown = set(needs) - set(SUPPORT_FIELDS)
    if unknown:
        raise ValueError(f"No such kind of support: {sorted(unknown)}")
    process = Process.objects.select_for_update().select_related("neighbourhood").get(
        pk=process.pk)
    new_initiative_steps(process, user=by).require("add_initiative")
    title = " ".join((title or "").split())
    neighbourhood = process.neighbourhood
    if title and Initiative.objects.filter(neighbourhood=neighbourhood,
                                           title__iexact=title).exists():
        raise ValidationError({"title": ValidationError(
            _("%(neighbourhood)s already has an initiative called %(title)s."),
            code="duplicate_initiative",
            params={"neighbourhood": neighbourhood.name, "title": title})})
    if cooperative_member and int(phase) != InitiativePhase.AUTONOMY:
        raise ValidationError({"cooperative_member": _(
            "Only an initiative in the autonomous phase is a member of the wijkcoöperatie.")},
            code="cooperative_member")
    status_reason = clean_text(status_reason)
    if status != InitiativeStatus.ACTIVE and not status_reason:
        raise ValidationError({"status_reason": _(
            "Say why the initiative is paused or has ended.")}, code="status_reason")
    activities = list(activities)
    if any(activity.process_id != process.pk for activity in activities):
        raise ValidationError({"activities": _(
            "Choose only activities of the process the initiative belongs to.")},
            code="activities")
    initiative = Initiative(
        title=title, slug=unique_slug(title), neighbourhood=neighbourhood, process=process,
        description=clean_text(description), form=form, phase=phase,
        cooperative_member=cooperative_member, aims_people=clean_text(aims_people),
        aims_planet=clean_text(aims_planet), aims_profit=clean_text(aims_profit),
        economic_role=economic_role, economic_goods=clean_text(economic_goods),
        status=status, status_reason=status_reason,
        **{field: bool(needs.get(field, False)) for field in SUPPORT_FIELDS},
    )
    initiative.full_clean()
    initiative.save()
    initiative.themes.set(themes)
    initiative.activities.set(activities)
    if is_public:
        # Shown to residents by the same step as on its page (an ended one is not).
        initiative_steps(initiative).require("publish")
        initiative.is_public = True
        initiative.save(update_fields=["is_public"])
    return initiative


@transaction.atomic
def initiative_set_public(*, initiative: Initiative, is_public: bool, by=None) -> Initiative:
    """Show the initiative on the public pages, or take it off them."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    initiative_steps(initiative).require("publish" if is_public else "hide")
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
    """Move the initiative one phase on, or one back, and keep why (the WEI phases are
    taken one at a time); never on a date before its last change."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    to_phase = InitiativePhase(int(to_phase))
    if to_phase == initiative.phase:
        raise ValidationError({"to_phase": ValidationError(
            _("%(initiative)s is already in this phase."),
            code="same_phase", params={"initiative": initiative.title})})
    if to_phase not in (next_phase(initiative), previous_phase(initiative)):
        raise ValidationError({"to_phase": ValidationError(
            _("An initiative moves one phase at a time: to the next phase, or one back."),
            code="one_at_a_time")})
    initiative_steps(initiative).require(
        "next_phase" if to_phase > initiative.phase else "step_back")
    check_not_in_future(occurred_on)
    rationale = clean_text(rationale)
    if not rationale:
        raise ValidationError({"rationale": _("Say why the initiative changes phase.")},
                              code="rationale")
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
