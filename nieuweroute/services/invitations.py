"""Invitations to the decision meeting: only for people spoken to beforehand, with an
answer link; the answers and the attendance at the meeting."""

import datetime
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.submissions import submitted_once
from nieuweroute import mail
from nieuweroute.models import (
    Conversation,
    Invitation,
    InvitationResponse,
    Route,
)
from nieuweroute.services.common import hash_token, queue_mail
from nieuweroute.steps import invitation_steps, meeting_steps
from participants.models import Participant


def latest_conversation(route: Route, participant: Participant) -> Conversation | None:
    return (
        Conversation.objects.filter(route=route, participant=participant)
        .order_by("-held_on", "-id").first()
    )


@transaction.atomic
def invitation_send(*, route: Route, participant: Participant,
                    today: datetime.date | None = None, now: datetime.datetime | None = None,
                    notify: bool = True, base_url: str = "") -> Invitation:
    """Invite someone who was spoken to beforehand; the e-mail is queued with it.

    `notify=False` records an invitation that went out outside the product (history).
    """
    today = today or timezone.localdate()
    route = Route.objects.select_for_update().get(pk=route.pk)
    meeting_steps(route, today=today).require("invite")
    conversation = latest_conversation(route, participant)
    if conversation is None:
        raise ValidationError(
            _("%(name)s has not been spoken to beforehand; only participants with a "
              "preparatory conversation can be invited.") % {"name": participant.name},
            code="not_spoken_to",
        )
    email = conversation.confirmed_email or participant.email
    if not email:
        raise ValidationError(
            _("No e-mail address was confirmed for %(name)s; record it with the "
              "conversation first.") % {"name": participant.name},
            code="no_email",
        )
    if Invitation.objects.filter(route=route, participant=participant).exists():
        raise ValidationError(
            _("%(name)s has already been invited.") % {"name": participant.name},
            code="already_invited",
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        route=route, participant=participant, email=email, language=conversation.language,
        token_hash=hash_token(token), sent_at=now or timezone.now(),
    )
    if notify:
        queue_mail(lambda: mail.send_invitation(invitation, token, base_url))
    return invitation


def _invitations_recalled(result: dict) -> list[Invitation]:
    ids = result.get("invitations", [])
    return list(Invitation.objects.filter(pk__in=ids).select_related("participant")
                .order_by("pk")) if ids else []


@submitted_once("invitations_send", remember=lambda invitations: {
    "invitations": [invitation.pk for invitation in invitations]},
    recall=_invitations_recalled)
@transaction.atomic
def invitations_send(*, route: Route, participants: Iterable[Participant],
                     today: datetime.date | None = None,
                     base_url: str = "") -> list[Invitation]:
    """Invite several people at once: all of them, or (one refused) none. The same
    round sent again (`submission`) invites nobody more and answers with the first's."""
    participants = list(participants)
    if not participants:
        raise ValidationError(_("Choose at least one participant to invite."), code="nobody")
    return [invitation_send(route=route, participant=participant, today=today,
                            base_url=base_url) for participant in participants]


@transaction.atomic
def invitation_resend(*, invitation: Invitation, today: datetime.date | None = None,
                      now: datetime.datetime | None = None, base_url: str = "") -> Invitation:
    """Send an unanswered invitation again (its mail failed, or never arrived), with a new
    link; the earlier link stops working."""
    today = today or timezone.localdate()
    invitation = (Invitation.objects.select_for_update().select_related("route", "participant")
                  .get(pk=invitation.pk))
    invitation_steps(invitation, today=today).require("send_again")
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.sent_at = now or timezone.now()
    invitation.save(update_fields=["token_hash", "sent_at"])
    queue_mail(lambda: mail.send_invitation(invitation, token, base_url))
    return invitation


class InvitationLinkError(Exception):
    """The answer link cannot be used; `reason` is forged, used or expired."""

    def __init__(self, reason: str, invitation: Invitation | None = None):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def invitation_for_token(token: str, *, today: datetime.date | None = None) -> Invitation:
    """The invitation a link belongs to, if it can still be answered."""
    invitation = (
        Invitation.objects.select_related("route", "participant")
        .filter(token_hash=hash_token(token or "")).first()
    )
    if invitation is None:
        raise InvitationLinkError("forged")
    if invitation.response != InvitationResponse.PENDING:
        raise InvitationLinkError("used", invitation)
    if invitation.route.meeting_date < (today or timezone.localdate()):
        raise InvitationLinkError("expired", invitation)
    return invitation


@transaction.atomic
def invitation_respond(*, token: str, attending: bool, now: datetime.datetime | None = None,
                       ) -> Invitation:
    now = now or timezone.now()
    invitation = invitation_for_token(token, today=timezone.localdate(now))
    updated = Invitation.objects.filter(
        pk=invitation.pk, response=InvitationResponse.PENDING
    ).update(
        response=InvitationResponse.YES if attending else InvitationResponse.NO,
        responded_at=now,
    )
    if not updated:  # answered in another tab at the same moment
        raise InvitationLinkError("used", invitation)
    invitation.refresh_from_db()
    return invitation


@transaction.atomic
def invitation_record_response(*, invitation: Invitation, attending: bool,
                               at: datetime.datetime | None = None) -> Invitation:
    """An answer that reached the facilitator another way (by phone, in person)."""
    at = at or timezone.now()
    invitation = Invitation.objects.select_for_update().select_related("route").get(
        pk=invitation.pk)
    if invitation.response != InvitationResponse.PENDING:
        raise ValidationError(
            _("%(name)s has already answered.") % {"name": invitation.participant.name},
            code="answered",
        )
    if invitation.route.meeting_date < timezone.localdate(at):
        raise ValidationError(_("The decision meeting has passed; record attendance instead."),
                              code="meeting_passed")
    invitation.response = InvitationResponse.YES if attending else InvitationResponse.NO
    invitation.responded_at = at
    invitation.save(update_fields=["response", "responded_at"])
    return invitation


@transaction.atomic
def invitation_record_attendance(*, invitation: Invitation, attended: bool,
                                 today: datetime.date | None = None) -> Invitation:
    invitation = (Invitation.objects.select_for_update().select_related("route", "participant")
                  .get(pk=invitation.pk))
    invitation_steps(invitation, today=today).require("record_attendance")
    invitation.attended = attended
    invitation.save(update_fields=["attended"])
    return invitation


