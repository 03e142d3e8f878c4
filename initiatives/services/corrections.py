"""Correcting what was recorded about an initiative: its phase changes, memberships,
money flows and reflections (core.corrections: the original stays, withdrawn, with its
replacement beside it).

Each service checks the reason first, locks the row (still current, so a correction
sent twice is recorded once), asks the row's steps (initiatives.steps) and refuses in
words, changing nothing, when the corrected row would break a rule:
- a phase change keeps its place among the initiative's changes (its date between its
  neighbours'); only the latest is withdrawn, and that puts the initiative's phase back;
- a membership's dates stay in order, and an ended one keeps an end; its inflow and
  outflow stay as they are: a flow event is corrected on the person's timeline, where
  its neighbours are checked, never as a side effect here;
- a money flow's amount stays positive and its period in order;
- a reflection keeps what the initiative did, on a day that has passed.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from core import corrections
from initiatives.models import (
    Initiative,
    InitiativePhaseChange,
    Membership,
    MembershipRole,
    MoneyFlow,
    Reflection,
    SignUp,
)
from initiatives.services.common import clean_text
from initiatives.steps import (
    membership_record_steps,
    money_flow_steps,
    phase_change_steps,
    reflection_steps,
)
from wei.services import check_not_in_future


def _refuse(field: str, message: str, code: str) -> ValidationError:
    """A refusal on one field of the correction form, with its code."""
    return ValidationError({field: ValidationError(message, code=code)})


def _replacement(model, row, fields: tuple, values: dict):
    """An unsaved copy of `row` with the values given (None: as recorded); refused when
    it would change nothing."""
    corrected = model.history.get(pk=row.pk)
    for name in fields:
        if values.get(name) is not None:
            setattr(corrected, name, values[name])
    if all(getattr(corrected, name) == getattr(row, name) for name in fields):
        raise ValidationError(_("Nothing was changed; a correction changes at least one "
                                "value."), code="unchanged")
    return corrected


def _required_text(field: str, text: str | None, message: str) -> str | None:
    if text is None:
        return None
    text = clean_text(text)
    if not text:
        raise _refuse(field, message, field)
    return text


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


# ---- Phase changes ----------------------------------------------------------------

def _lock_phase_change(change: InitiativePhaseChange) -> InitiativePhaseChange:
    # The initiative first, as initiative_phase_change does, so corrections and new
    # changes of one initiative are serialised; then the change itself, still current.
    Initiative.objects.select_for_update().get(pk=change.initiative_id)
    return corrections.lock_current(InitiativePhaseChange, change.pk)


def _phase_change_neighbours(change: InitiativePhaseChange):
    changes = InitiativePhaseChange.objects.filter(initiative_id=change.initiative_id)
    order = ("occurred_on", "created_at", "id")
    before = after = None
    for other in changes.order_by(*order):
        key = tuple(getattr(other, name) for name in order)
        if key < tuple(getattr(change, name) for name in order):
            before = other
        elif other.pk != change.pk and after is None:
            after = other
    return before, after


@transaction.atomic
def phase_change_correct(*, change: InitiativePhaseChange, why: str, by=None,
                         occurred_on: datetime.date | None = None,
                         rationale: str | None = None) -> InitiativePhaseChange:
    """Replace a phase change by one with another date or rationale; the phases it
    moved between stay (withdraw the latest change to undo a move)."""
    why = corrections.clean_why(why)
    change = _lock_phase_change(change)
    before, after = _phase_change_neighbours(change)
    phase_change_steps(change, latest=after is None).require("correct")
    rationale = _required_text("rationale", rationale,
                               _("Say why the initiative changes phase."))
    corrected = _replacement(InitiativePhaseChange, change, ("occurred_on", "rationale"),
                             {"occurred_on": occurred_on, "rationale": rationale})
    check_not_in_future(corrected.occurred_on)
    if before is not None and corrected.occurred_on < before.occurred_on:
        raise _refuse("occurred_on", _("The date lies before the previous phase change "
                                       "(%(date)s).") % {"date": _day(before.occurred_on)},
                      "before_previous")
    if after is not None and corrected.occurred_on > after.occurred_on:
        raise _refuse("occurred_on", _("The date lies after the next phase change "
                                       "(%(date)s).") % {"date": _day(after.occurred_on)},
                      "after_next")
    corrections.replace(change, corrected, why=why, by=by)
    # Its place among the changes of one day is where the original was recorded.
    InitiativePhaseChange.history.filter(pk=corrected.pk).update(created_at=change.created_at)
    corrected.created_at = change.created_at
    return corrected


@transaction.atomic
def phase_change_withdraw(*, change: InitiativePhaseChange, why: str, by=None) -> Initiative:
    """Withdraw the initiative's latest phase change, recorded by mistake: its phase is
    put back to where the change started. Returns the initiative."""
    why = corrections.clean_why(why)
    change = _lock_phase_change(change)
    _before, after = _phase_change_neighbours(change)
    phase_change_steps(change, latest=after is None).require("withdraw")
    corrections.withdraw(change, why=why, by=by)
    initiative = change.initiative
    initiative.phase = change.from_phase
    initiative.save(update_fields=["phase"])
    return initiative


# ---- Memberships ------------------------------------------------------------------

@transaction.atomic
def membership_correct(*, membership: Membership, why: str, by=None, role: str | None = None,
                       started_on: datetime.date | None = None,
                       ended_on: datetime.date | None = None) -> Membership:
    """Replace a membership by one with another role or dates. A running membership
    stays running (ending it is a step of its own, with its outflow); an ended one
    keeps an end. Its inflow and outflow are not changed."""
    why = corrections.clean_why(why)
    membership = corrections.lock_current(Membership, membership.pk)
    membership_record_steps(membership).require("correct")
    if role is not None and role not in MembershipRole.values:
        raise _refuse("role", _("Choose one of the roles."), "role")
    if membership.ended_on is None and ended_on is not None:
        raise _refuse("ended_on", _("This membership is still running: end it on the "
                                    "initiative's page, which records the outflow too."),
                      "running")
    corrected = _replacement(Membership, membership, ("role", "started_on", "ended_on"),
                             {"role": role, "started_on": started_on, "ended_on": ended_on})
    check_not_in_future(corrected.started_on)
    if corrected.ended_on is not None:
        check_not_in_future(corrected.ended_on)
        if corrected.ended_on < corrected.started_on:
            raise _refuse("ended_on", _("A membership cannot end before it starts."),
                          "order")
    corrections.replace(membership, corrected, why=why, by=by)
    # The resident's link to withdraw ends the membership as it is now.
    SignUp.objects.filter(membership=membership).update(membership=corrected)
    return corrected


@transaction.atomic
def membership_withdraw(*, membership: Membership, why: str, by=None) -> None:
    """Withdraw a membership recorded by mistake. The inflow it opened (or joined) and
    the outflow it caused stay: they are corrected on the person's timeline."""
    why = corrections.clean_why(why)
    membership = corrections.lock_current(Membership, membership.pk)
    membership_record_steps(membership).require("withdraw")
    corrections.withdraw(membership, why=why, by=by)


# ---- Money flows ------------------------------------------------------------------

MONEY_FLOW_FIELDS = ("source", "amount", "purpose", "period_start", "period_end")


@transaction.atomic
def money_flow_correct(*, money_flow: MoneyFlow, why: str, by=None, **values) -> MoneyFlow:
    """Replace a money flow by one with another source, amount, purpose or period
    (`values`: any of MONEY_FLOW_FIELDS)."""
    unknown = set(values) - set(MONEY_FLOW_FIELDS)
    if unknown:
        raise ValueError(f"A money flow has no such field: {sorted(unknown)}")
    why = corrections.clean_why(why)
    money_flow = corrections.lock_current(MoneyFlow, money_flow.pk)
    money_flow_steps(money_flow).require("correct")
    values["purpose"] = _required_text("purpose", values.get("purpose"),
                                       _("Say what the money is for."))
    corrected = _replacement(MoneyFlow, money_flow, MONEY_FLOW_FIELDS, values)
    if corrected.amount <= 0:
        raise _refuse("amount", _("The amount must be more than zero."), "amount")
    if corrected.period_end < corrected.period_start:
        raise _refuse("period_end", _("The period ends before it starts."), "period")
    corrections.replace(money_flow, corrected, why=why, by=by)
    return corrected


@transaction.atomic
def money_flow_withdraw(*, money_flow: MoneyFlow, why: str, by=None) -> None:
    """Withdraw a money flow recorded by mistake: no figure counts it any more."""
    why = corrections.clean_why(why)
    money_flow = corrections.lock_current(MoneyFlow, money_flow.pk)
    money_flow_steps(money_flow).require("withdraw")
    corrections.withdraw(money_flow, why=why, by=by)


# ---- Reflections ------------------------------------------------------------------

REFLECTION_FIELDS = ("date", "what_we_did", "what_went_well", "what_we_learned",
                     "what_we_need_next", "is_public")


@transaction.atomic
def reflection_correct(*, reflection: Reflection, why: str, by=None, **values) -> Reflection:
    """Replace a reflection by one with other texts, another date, or shown on the public
    pages or not (`values`: any of REFLECTION_FIELDS)."""
    unknown = set(values) - set(REFLECTION_FIELDS)
    if unknown:
        raise ValueError(f"A reflection has no such field: {sorted(unknown)}")
    why = corrections.clean_why(why)
    reflection = corrections.lock_current(Reflection, reflection.pk)
    reflection_steps(reflection).require("correct")
    values["what_we_did"] = _required_text("what_we_did", values.get("what_we_did"),
                                           _("Say what the initiative did."))
    for name in ("what_went_well", "what_we_learned", "what_we_need_next"):
        if values.get(name) is not None:
            values[name] = clean_text(values[name])
    corrected = _replacement(Reflection, reflection, REFLECTION_FIELDS, values)
    check_not_in_future(corrected.date)
    corrections.replace(reflection, corrected, why=why, by=by)
    return corrected


@transaction.atomic
def reflection_withdraw(*, reflection: Reflection, why: str, by=None) -> None:
    """Withdraw a reflection recorded by mistake: it leaves the reports and, when it was
    public, the public pages."""
    why = corrections.clean_why(why)
    reflection = corrections.lock_current(Reflection, reflection.pk)
    reflection_steps(reflection).require("withdraw")
    corrections.withdraw(reflection, why=why, by=by)
