"""The public sign-up with its double opt-in: join, keep me informed, an idea, a question,
'Ik kom'; confirmed once however often the link is followed, and withdrawn again."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.submissions import submitted_once
from initiatives import mail
from initiatives.models import (
    FollowUpKind,
    Initiative,
    InitiativePhase,
    Membership,
    MembershipRole,
    SignUp,
    SignUpKind,
)
from initiatives.services.common import clean_text, unique_slug
from initiatives.services.followups import followup_open
from initiatives.services.memberships import flow_out_if_last, membership_end, membership_start
from initiatives.services.tokens import (
    TokenError,
    check_confirm_token,
    confirm_token,
    hash_token,
    signup_for_withdraw_token,
    withdraw_token,
)
from participants.models import (
    ConsentPurpose,
    FlowKind,
    InflowChannel,
    OutflowReason,
    Participant,
)
from participants.privacy import PRIVACY_STATEMENT_VERSION
from participants.selectors import participant_current_state
from participants.services import (
    consent_record,
    normalise_email,
    participant_create,
    participant_flow_in,
)
from wei.models import Neighbourhood, Phase, Process, ProcessStatus


@submitted_once("signup_submit", remember=lambda signup: {"signup": signup.pk},
                recall=lambda result: SignUp.objects.filter(pk=result.get("signup")).first())
@transaction.atomic
def signup_submit(*, kind: str, neighbourhood: Neighbourhood, name: str, email: str,
                  language: str, base_url: str, initiative: Initiative | None = None,
                  activity=None, phone: str = "", postcode: str = "", contribution: str = "",
                  message: str = "", idea_title: str = "") -> SignUp:
    """Store what a resident typed and queue the e-mail with the confirmation link.

    Whether or not the address is known, the same happens (no enumeration). The same
    form sent again (`submission`) stores and mails nothing more and answers with the
    first sending's sign-up.
    """
    token = confirm_token()
    signup = SignUp(
        kind=kind, initiative=initiative, activity=activity, neighbourhood=neighbourhood,
        name=clean_text(name),
        email=normalise_email(email), phone=clean_text(phone), postcode=clean_text(postcode),
        contribution=clean_text(contribution), message=clean_text(message),
        idea_title=clean_text(idea_title), privacy_version=PRIVACY_STATEMENT_VERSION,
        language=(language or "nl")[:10], token_hash=hash_token(token),
    )
    signup.full_clean()
    signup.save()
    mail.send_confirmation_request(signup, base_url=base_url, confirm_token=token,
                                   withdraw_token=withdraw_token(signup))
    return signup


def _participant_for(signup: SignUp) -> Participant:
    """The participant with this (normalised) address, or a new one."""
    participant = Participant.objects.filter(email__iexact=signup.email).first()
    if participant is not None:
        return participant
    try:
        with transaction.atomic():
            return participant_create(
                name=signup.name, email=signup.email, phone=signup.phone,
                postcode=signup.postcode, neighbourhood=signup.neighbourhood,
                contribution=signup.contribution,
            )
    except ValidationError as error:
        # Created by a concurrent confirmation of another sign-up with this address.
        participant = Participant.objects.filter(email__iexact=signup.email).first()
        if participant is None:
            raise error
        return participant


def _keep_informed(signup: SignUp, participant: Participant, today) -> None:
    process = Process.objects.filter(
        neighbourhood=signup.neighbourhood, status=ProcessStatus.ACTIVE
    ).first()
    if process is None:
        return  # nothing to flow into; the consent is recorded all the same
    current = participant_current_state(participant, process)
    if current is None or current.kind == FlowKind.OUTFLOW:
        # "Keep me informed" is taking part in the information phase.
        signup.inflow = participant_flow_in(
            participant=participant, process=process, occurred_on=today,
            channel=InflowChannel.PUBLIC_SIGNUP, phase=Phase.INFORMATION,
            note=_("Asked to be kept informed."),
        )
    else:
        # Already in the process: no second inflow; the wish joins the open stay.
        signup.inflow = current if current.kind == FlowKind.INFLOW else current.inflow


@transaction.atomic
def signup_confirm(*, token: str, base_url: str) -> SignUp:
    """Confirm a sign-up: participant, consent, membership or idea, inflow, e-mails.

    Raises TokenError for a forged, expired, used or withdrawn link; a second or
    concurrent confirmation finds the row locked and then confirmed, and changes nothing.
    """
    token_hash = check_confirm_token(token)
    signup = SignUp.objects.select_for_update().filter(token_hash=token_hash).first()
    if signup is None:
        raise TokenError("invalid")
    if signup.withdrawn_at:
        raise TokenError("withdrawn", kind=signup.kind)
    if signup.confirmed_at:
        raise TokenError("used", kind=signup.kind)
    if signup.kind == SignUpKind.QUESTION:
        return _question_confirm(signup, base_url=base_url)
    now = timezone.now()
    today = timezone.localdate()
    participant = _participant_for(signup)
    purpose = (ConsentPurpose.KEEP_INFORMED if signup.kind == SignUpKind.KEEP_INFORMED
               else ConsentPurpose.PARTICIPATION)
    consent_record(participant=participant, purpose=purpose,
                   privacy_version=signup.privacy_version, given_at=signup.created_at)
    signup.participant = participant
    signup.confirmed_at = now
    if signup.kind == SignUpKind.JOIN:
        initiative = signup.initiative
        membership = Membership.objects.filter(
            participant=participant, initiative=initiative, ended_on__isnull=True
        ).first()
        # Someone already in the initiative who signs up again stays as they are.
        signup.membership = membership or membership_start(
            participant=participant, initiative=initiative
        )
    elif signup.kind == SignUpKind.IDEA:
        process = Process.objects.filter(
            neighbourhood=signup.neighbourhood, status=ProcessStatus.ACTIVE
        ).first()
        if process is None:
            raise ValidationError(
                _("%(neighbourhood)s has no active process to take up the idea."),
                code="no_process", params={"neighbourhood": signup.neighbourhood.name},
            )
        initiative = Initiative(
            title=signup.idea_title, slug=unique_slug(signup.idea_title, fallback="idee"),
            neighbourhood=signup.neighbourhood, process=process,
            description=signup.message, phase=InitiativePhase.IDEA, is_public=False,
        )
        initiative.full_clean()
        initiative.save()
        signup.created_initiative = initiative
        signup.membership = membership_start(
            participant=participant, initiative=initiative, role=MembershipRole.LEAD,
        )
    elif signup.kind == SignUpKind.KEEP_INFORMED:
        _keep_informed(signup, participant, today)
    # "Ik kom" (ATTEND) makes the participant only: the manager sees them, ticked, on
    # the activity's attendance page and saves who came after the meeting, which
    # records the attendance and their inflow on its day (participant services refuse
    # an attendance of an activity still ahead).
    signup.save(update_fields=[
        "participant", "confirmed_at", "membership", "created_initiative", "inflow",
    ])
    mail.send_confirmed(signup, base_url=base_url, withdraw_token=withdraw_token(signup))
    if signup.kind != SignUpKind.ATTEND:
        # Someone coming to a meeting is no work for the follow-up inbox: they are on
        # the activity's page.
        mail.send_staff_notification(signup, base_url=base_url)
        followup_open(signup, signup.kind)
    return signup


def question_submit(*, initiative: Initiative, name: str, email: str, question: str,
                    language: str, base_url: str, submission: str = "") -> SignUp:
    """A resident asks the initiative's leads a question: kept, like a sign-up, until
    they confirm it from the e-mail; until then it reaches nobody."""
    return signup_submit(
        kind=SignUpKind.QUESTION, initiative=initiative, neighbourhood=initiative.neighbourhood,
        name=name, email=email, message=question, language=language, base_url=base_url,
        submission=submission,
    )


def _question_confirm(signup: SignUp, *, base_url: str) -> SignUp:
    """A confirmed question goes to the process managers of the initiative's process,
    who pass it on to its leads: a follow-up in their inbox and an e-mail each.

    Asking is not taking part: no participant, membership or inflow is made, and the
    question stays with the sign-up (its consent, privacy version and retention)."""
    signup.confirmed_at = timezone.now()
    signup.save(update_fields=["confirmed_at"])
    followup = followup_open(signup, FollowUpKind.QUESTION)
    mail.send_confirmed(signup, base_url=base_url, withdraw_token=withdraw_token(signup))
    mail.send_question_notice(signup, followup=followup, base_url=base_url)
    return signup


@transaction.atomic
def signup_withdraw(*, token: str, base_url: str) -> SignUp:
    """The resident withdraws: before confirmation nothing happened; after it, the
    membership or the wish to be kept informed ends, with an outflow when it was the
    last thing that kept them in the process."""
    signup = signup_for_withdraw_token(token)
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    if signup.withdrawn_at:
        raise TokenError("withdrawn")
    today = timezone.localdate()
    note = _("Withdrew through the link in an e-mail.")
    if signup.membership_id:
        membership = membership_end(membership=signup.membership, ended_on=today,
                                    reason=OutflowReason.UNKNOWN)
        # A membership withdrawn by the staff (recorded by mistake) has nothing to end.
        signup.outflow = membership.outflow if membership.withdrawn_at is None else None
    elif signup.inflow_id and signup.participant_id:
        signup.outflow = flow_out_if_last(
            signup.participant, signup.inflow.process, ended_on=today,
            reason=OutflowReason.UNKNOWN, note=note, except_signup=signup,
        )
    signup.withdrawn_at = timezone.now()
    signup.save(update_fields=["withdrawn_at", "outflow"])
    if signup.confirmed_at:
        mail.send_withdrawn(signup, base_url=base_url)
    if signup.confirmed_at and signup.kind != SignUpKind.ATTEND:
        # Only what was confirmed was ever work for the staff; its withdrawal is too.
        followup_open(signup, FollowUpKind.WITHDRAWAL)
        mail.send_withdrawal_notice(signup)
    return signup




def attendees_tell_moved(activity, before: dict) -> None:
    """Everyone who said "Ik kom" (confirmed, not withdrawn) hears that the activity is
    on another day, time or place, with the link to withdraw if they can no longer come.
    Called by wei.services.activity_update, in its transaction: the e-mails are queued
    with the change, or not at all."""
    coming = SignUp.objects.filter(kind=SignUpKind.ATTEND, activity=activity,
                                   confirmed_at__isnull=False, withdrawn_at__isnull=True)
    for signup in coming.select_related("activity__process__neighbourhood"):
        mail.send_activity_moved(signup, before=before, base_url=settings.SITE_URL,
                                 withdraw_token=withdraw_token(signup))
