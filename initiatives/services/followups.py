"""The follow-up of sign-ups, the staff's inbox: a confirmed sign-up (join, keep me informed,
an idea) is work for the process managers of its neighbourhood, and so is its withdrawal:
each is a FollowUp, new until someone says they contacted the resident or finished it. An
idea is finished by being published as an initiative or declined with a message."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives import mail
from initiatives.models import (
    FollowUp,
    FollowUpOutcome,
    FollowUpStatus,
    Initiative,
    InitiativeForm,
    InitiativeStatus,
    SignUp,
)
from initiatives.services.common import clean_text
from initiatives.services.memberships import membership_end
from initiatives.services.tokens import withdraw_token
from initiatives.steps import followup_steps, status_step
from participants.models import (
    OutflowReason,
)


def followup_open(signup: SignUp, kind: str) -> FollowUp:
    followup, _created = FollowUp.objects.get_or_create(signup=signup, kind=kind)
    return followup


def _locked_followup(followup: FollowUp) -> FollowUp:
    return FollowUp.objects.select_for_update().select_related("signup").get(pk=followup.pk)


def _handled(followup: FollowUp, *, status: str, by, outcome: str = "", note=None) -> None:
    followup.status = status
    followup.outcome = outcome or followup.outcome
    followup.handled_by = by
    followup.handled_at = timezone.now()
    if note is not None:
        followup.note = clean_text(note)
    followup.full_clean(exclude=["signup", "handled_by"], validate_constraints=False)
    followup.save(update_fields=["status", "outcome", "note", "handled_by", "handled_at"])


@transaction.atomic
def followup_set_status(*, followup: FollowUp, status: str, by, note: str | None = None
                        ) -> FollowUp:
    """Say where the follow-up stands (new, contacted, done) and who said so."""
    followup = _locked_followup(followup)
    if status not in FollowUpStatus.values:
        raise ValidationError(_("Choose new, contacted or done."), code="status")
    followup_steps(followup).require(status_step(status))
    _handled(followup, status=status, by=by, note=note)
    return followup


def _idea_under_review(followup: FollowUp, step: str
                       ) -> tuple[FollowUp, SignUp, Initiative]:
    followup = _locked_followup(followup)
    signup = followup.signup
    followup_steps(followup).require(step)
    initiative = Initiative.objects.select_for_update().get(pk=signup.created_initiative_id)
    return followup, signup, initiative


@transaction.atomic
def idea_publish(*, followup: FollowUp, by, title: str, description: str, form: str,
                 themes, aims_people: str = "", aims_planet: str = "", aims_profit: str = ""
                 ) -> Initiative:
    """A proposed idea, reviewed, becomes a public initiative with its aims, form and
    themes; the proposer is its lead already (since the confirmation)."""
    followup, signup, initiative = _idea_under_review(followup, "publish")
    aims = [clean_text(aim) for aim in (aims_people, aims_planet, aims_profit)]
    if not any(aims):
        raise ValidationError(
            {"aims_people": _("Say what the initiative aims at: for people, the planet or "
                              "profit.")}, code="no_aims")
    themes = list(themes)
    if not themes:
        raise ValidationError({"themes": _("Choose at least one theme.")}, code="no_theme")
    if form not in InitiativeForm.values:
        raise ValidationError({"form": _("Choose a form.")}, code="form")
    initiative.title = clean_text(title)
    initiative.description = clean_text(description)
    initiative.form = form
    initiative.aims_people, initiative.aims_planet, initiative.aims_profit = aims
    initiative.is_public = True
    initiative.full_clean()
    initiative.save(update_fields=["title", "description", "form", "aims_people",
                                   "aims_planet", "aims_profit", "is_public"])
    initiative.themes.set(themes)
    _handled(followup, status=FollowUpStatus.DONE, by=by, outcome=FollowUpOutcome.PUBLISHED)
    return initiative


@transaction.atomic
def idea_decline(*, followup: FollowUp, message: str, by) -> FollowUp:
    """A proposed idea is not taken up: the proposer gets the message by e-mail, their
    lead membership of the hidden initiative ends (an outflow when it was all that
    kept them in the process) and the initiative ends."""
    message = clean_text(message)
    if not message:
        raise ValidationError(
            {"message": _("Write the proposer a message: why the idea is not taken up, "
                          "and what they could do instead.")}, code="no_message")
    followup, signup, initiative = _idea_under_review(followup, "decline")
    today = timezone.localdate()
    if signup.membership_id:
        membership_end(membership=signup.membership, ended_on=today,
                       reason=OutflowReason.OTHER, by=by)
    initiative.status = InitiativeStatus.ENDED
    # Not the message itself: that is for the proposer (and goes with their sign-up).
    initiative.status_reason = _("The idea was declined on %(date)s.") % {
        "date": today.strftime("%d-%m-%Y")}
    initiative.is_public = False
    initiative.save(update_fields=["status", "status_reason", "is_public"])
    _handled(followup, status=FollowUpStatus.DONE, by=by, outcome=FollowUpOutcome.DECLINED,
             note=message)
    mail.send_idea_declined(signup, message=message, withdraw_token=withdraw_token(signup))
    return followup


