"""Every write about initiatives: joining and leaving (through the participant flow
services), and the public sign-up with its double opt-in.

The rules, once:
- every join is an inflow into the initiative's process, unless the person is
  already in that process (then the membership joins the open stay);
- every leave that ends a person's last membership in the process is an outflow;
- only a confirmed sign-up creates or links a participant, a membership or an
  inflow; confirming twice, or twice at once, does it once (the SignUp row is
  locked, and the database holds one active membership per person and initiative);
- e-mail is a database row in the same transaction (django-post-office's queue),
  delivered after commit by `manage.py send_queued_mail`.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from initiatives import mail
from initiatives.models import (
    SUPPORT_FIELDS,
    FollowUp,
    FollowUpKind,
    FollowUpOutcome,
    FollowUpStatus,
    Initiative,
    InitiativeForm,
    InitiativePhase,
    InitiativePhaseChange,
    InitiativeStatus,
    Membership,
    MembershipRole,
    MoneyFlow,
    Reflection,
    SignUp,
    SignUpKind,
)
from participants.models import (
    ConsentPurpose,
    FlowEvent,
    FlowKind,
    FlowRole,
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
    participant_flow_out,
    participant_flow_through,
)
from wei.models import Neighbourhood, Phase, Process, ProcessStatus
from wei.services import check_not_in_future

FLOW_ROLE = {
    MembershipRole.LEAD: FlowRole.INITIATIVE_LEAD,
    MembershipRole.MEMBER: FlowRole.PARTICIPANT,
    MembershipRole.VOLUNTEER: FlowRole.VOLUNTEER,
    MembershipRole.PAID: FlowRole.PAID,
}
# A second membership only moves the person on (throughflow) when it asks more of them.
ROLE_WEIGHT = {
    FlowRole.PARTICIPANT: 0, FlowRole.VOLUNTEER: 1, FlowRole.ENTREPRENEUR: 1,
    FlowRole.INITIATIVE_LEAD: 2, FlowRole.PAID: 3,
}
CONFIRM_SALT = "initiatives.signup.confirm"
WITHDRAW_SALT = "initiatives.signup.withdraw"


class TokenError(Exception):
    """A link that cannot be used: forged, expired, used or unknown. `reason` says which;
    `kind` the kind of sign-up, where the link belongs to a known one."""

    def __init__(self, reason: str, *, kind: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.kind = kind


# --- memberships ---------------------------------------------------------------------------

def _active_process(initiative: Initiative) -> Process:
    process = initiative.process
    if process.status != ProcessStatus.ACTIVE:
        raise ValidationError(
            _("The neighbourhood process of %(initiative)s is not active; nobody can join now."),
            code="process_inactive", params={"initiative": initiative.title},
        )
    return process


@transaction.atomic
def membership_start(*, participant: Participant, initiative: Initiative,
                     role: str = MembershipRole.MEMBER, started_on: datetime.date | None = None,
                     channel: str = InflowChannel.PUBLIC_SIGNUP, by=None) -> Membership:
    """Someone joins an initiative: an inflow into its process, or the open stay joined."""
    started_on = started_on or timezone.localdate()
    if initiative.status == InitiativeStatus.ENDED:
        raise ValidationError(
            _("%(initiative)s has ended; nobody can join it any more."),
            code="initiative_ended", params={"initiative": initiative.title},
        )
    process = _active_process(initiative)
    if Membership.objects.filter(
        participant=participant, initiative=initiative, ended_on__isnull=True
    ).exists():
        raise ValidationError(
            _("%(name)s is already a member of %(initiative)s."),
            code="already_member",
            params={"name": participant.name, "initiative": initiative.title},
        )
    flow_role = FLOW_ROLE[role]
    current = participant_current_state(participant, process)
    if current is None or current.kind == FlowKind.OUTFLOW:
        inflow = participant_flow_in(
            participant=participant, process=process, occurred_on=started_on, channel=channel,
            role=flow_role, note=_("Joined %(initiative)s.") % {"initiative": initiative.title},
            by=by,
        )
    else:
        # Already in this process (e.g. in another initiative there, or kept informed):
        # no second inflow; this membership belongs to the open stay. A role that asks
        # more of them is a throughflow.
        inflow = current if current.kind == FlowKind.INFLOW else current.inflow
        if ROLE_WEIGHT.get(flow_role, 0) > ROLE_WEIGHT.get(current.role, 0):
            participant_flow_through(
                participant=participant, process=process, occurred_on=started_on,
                role=flow_role, by=by,
                note=_("Role in %(initiative)s.") % {"initiative": initiative.title},
            )
    membership = Membership(
        participant=participant, initiative=initiative, role=role, started_on=started_on,
        inflow=inflow,
    )
    membership.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        raise ValidationError(
            _("%(name)s is already a member of %(initiative)s."),
            code="already_member",
            params={"name": participant.name, "initiative": initiative.title},
        ) from None
    return membership


def _still_in_process(participant: Participant, process: Process, *,
                      except_membership=None, except_signup=None) -> bool:
    memberships = Membership.objects.filter(
        participant=participant, initiative__process=process, ended_on__isnull=True
    )
    if except_membership is not None:
        memberships = memberships.exclude(pk=except_membership.pk)
    kept_informed = SignUp.objects.filter(
        participant=participant, kind=SignUpKind.KEEP_INFORMED, inflow__process=process,
        confirmed_at__isnull=False, withdrawn_at__isnull=True,
    )
    if except_signup is not None:
        kept_informed = kept_informed.exclude(pk=except_signup.pk)
    return memberships.exists() or kept_informed.exists()


def _flow_out_if_last(participant: Participant, process: Process, *, ended_on, reason, note,
                      by=None, except_membership=None, except_signup=None) -> FlowEvent | None:
    if _still_in_process(participant, process, except_membership=except_membership,
                         except_signup=except_signup):
        return None
    current = participant_current_state(participant, process)
    if current is None or current.kind == FlowKind.OUTFLOW:
        return None  # their stay was already closed by hand
    return participant_flow_out(participant=participant, process=process, occurred_on=ended_on,
                                reason=reason, note=note, by=by)


@transaction.atomic
def membership_end(*, membership: Membership, ended_on: datetime.date | None = None,
                   reason: str = OutflowReason.UNKNOWN, by=None) -> Membership:
    """Someone leaves an initiative; leaving their last one in the process is an outflow."""
    membership = Membership.objects.select_for_update().select_related(
        "initiative__process", "participant"
    ).get(pk=membership.pk)
    if membership.ended_on is not None:
        return membership
    ended_on = ended_on or timezone.localdate()
    if ended_on < membership.started_on:
        raise ValidationError(_("A membership cannot end before it starts."), code="order")
    membership.outflow = _flow_out_if_last(
        membership.participant, membership.initiative.process, ended_on=ended_on, reason=reason,
        note=_("Left %(initiative)s.") % {"initiative": membership.initiative.title},
        by=by, except_membership=membership,
    )
    membership.ended_on = ended_on
    membership.save(update_fields=["ended_on", "outflow"])
    return membership


# --- tokens --------------------------------------------------------------------------------

def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _confirm_token() -> str:
    # Signed (a forged link is refused before any query) and timestamped (expiry);
    # the random part makes it unguessable; only its hash is stored.
    return signing.dumps(secrets.token_urlsafe(24), salt=CONFIRM_SALT)


def withdraw_token(signup: SignUp) -> str:
    # No expiry: a resident may withdraw at any time, from any of our e-mails.
    return signing.dumps(signup.pk, salt=WITHDRAW_SALT)


def signup_for_withdraw_token(token: str) -> SignUp:
    try:
        pk = signing.loads(token, salt=WITHDRAW_SALT)
    except signing.BadSignature:
        raise TokenError("invalid") from None
    signup = SignUp.objects.select_related("initiative", "activity", "neighbourhood").filter(
        pk=pk).first()
    if signup is None:
        raise TokenError("invalid")
    return signup


def _check_confirm_token(token: str) -> str:
    try:
        signing.loads(token, salt=CONFIRM_SALT,
                      max_age=datetime.timedelta(days=settings.SIGNUP_CONFIRMATION_DAYS))
    except signing.SignatureExpired:
        raise TokenError("expired") from None
    except signing.BadSignature:
        raise TokenError("invalid") from None
    return _hash(token)


def signup_for_confirm_token(token: str) -> SignUp:
    """The sign-up a confirmation link belongs to, for showing; raises TokenError."""
    signup = SignUp.objects.select_related("initiative", "activity", "neighbourhood").filter(
        token_hash=_check_confirm_token(token)
    ).first()
    if signup is None:
        raise TokenError("invalid")
    if signup.withdrawn_at:
        raise TokenError("withdrawn", kind=signup.kind)
    if signup.confirmed_at:
        raise TokenError("used", kind=signup.kind)
    return signup


# --- public sign-up ------------------------------------------------------------------------

def _clean_text(value: str) -> str:
    return (value or "").strip()


@transaction.atomic
def signup_submit(*, kind: str, neighbourhood: Neighbourhood, name: str, email: str,
                  language: str, base_url: str, initiative: Initiative | None = None,
                  activity=None, phone: str = "", postcode: str = "", contribution: str = "",
                  message: str = "", idea_title: str = "") -> SignUp:
    """Store what a resident typed and queue the e-mail with the confirmation link.

    Whether or not the address is known, the same happens (no enumeration).
    """
    token = _confirm_token()
    signup = SignUp(
        kind=kind, initiative=initiative, activity=activity, neighbourhood=neighbourhood,
        name=_clean_text(name),
        email=normalise_email(email), phone=_clean_text(phone), postcode=_clean_text(postcode),
        contribution=_clean_text(contribution), message=_clean_text(message),
        idea_title=_clean_text(idea_title), privacy_version=PRIVACY_STATEMENT_VERSION,
        language=(language or "nl")[:10], token_hash=_hash(token),
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


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "idee"
    slug, n = base, 2
    while Initiative.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


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
    token_hash = _check_confirm_token(token)
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
            title=signup.idea_title, slug=_unique_slug(signup.idea_title),
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
        _followup_open(signup, signup.kind)
    return signup


def question_submit(*, initiative: Initiative, name: str, email: str, question: str,
                    language: str, base_url: str) -> SignUp:
    """A resident asks the initiative's leads a question: kept, like a sign-up, until
    they confirm it from the e-mail; until then it reaches nobody."""
    return signup_submit(
        kind=SignUpKind.QUESTION, initiative=initiative, neighbourhood=initiative.neighbourhood,
        name=name, email=email, message=question, language=language, base_url=base_url,
    )


def _question_confirm(signup: SignUp, *, base_url: str) -> SignUp:
    """A confirmed question goes to the process managers of the initiative's process,
    who pass it on to its leads: a follow-up in their inbox and an e-mail each.

    Asking is not taking part: no participant, membership or inflow is made, and the
    question stays with the sign-up (its consent, privacy version and retention)."""
    signup.confirmed_at = timezone.now()
    signup.save(update_fields=["confirmed_at"])
    followup = _followup_open(signup, FollowUpKind.QUESTION)
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
        signup.outflow = membership.outflow
    elif signup.inflow_id and signup.participant_id:
        signup.outflow = _flow_out_if_last(
            signup.participant, signup.inflow.process, ended_on=today,
            reason=OutflowReason.UNKNOWN, note=note, except_signup=signup,
        )
    signup.withdrawn_at = timezone.now()
    signup.save(update_fields=["withdrawn_at", "outflow"])
    if signup.confirmed_at:
        mail.send_withdrawn(signup, base_url=base_url)
    if signup.confirmed_at and signup.kind != SignUpKind.ATTEND:
        # Only what was confirmed was ever work for the staff; its withdrawal is too.
        _followup_open(signup, FollowUpKind.WITHDRAWAL)
        mail.send_withdrawal_notice(signup)
    return signup


# --- the follow-up of sign-ups: the staff's inbox ----------------------------------------
# A confirmed sign-up (join, keep me informed, an idea) is work for the process
# managers of its neighbourhood, and so is its withdrawal: each is a FollowUp, new until
# someone says they contacted the resident or finished it. An idea is finished by being
# published as an initiative or declined with a message to the proposer.

def _followup_open(signup: SignUp, kind: str) -> FollowUp:
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
        followup.note = _clean_text(note)
    followup.full_clean(exclude=["signup", "handled_by"], validate_constraints=False)
    followup.save(update_fields=["status", "outcome", "note", "handled_by", "handled_at"])


@transaction.atomic
def followup_set_status(*, followup: FollowUp, status: str, by, note: str | None = None
                        ) -> FollowUp:
    """Say where the follow-up stands (new, contacted, done) and who said so."""
    followup = _locked_followup(followup)
    if status not in FollowUpStatus.values:
        raise ValidationError(_("Choose new, contacted or done."), code="status")
    if followup.outcome and status != FollowUpStatus.DONE:
        raise ValidationError(
            _("This idea has been %(outcome)s; its follow-up stays done."),
            code="decided", params={"outcome": followup.get_outcome_display()},
        )
    _handled(followup, status=status, by=by, note=note)
    return followup


def _idea_under_review(followup: FollowUp) -> tuple[FollowUp, SignUp, Initiative]:
    followup = _locked_followup(followup)
    signup = followup.signup
    if followup.kind != FollowUpKind.IDEA or signup.created_initiative_id is None:
        raise ValidationError(_("Only a proposed idea can be published or declined."),
                              code="not_an_idea")
    if followup.outcome:
        raise ValidationError(
            _("This idea has already been %(outcome)s."),
            code="decided", params={"outcome": followup.get_outcome_display()},
        )
    if signup.withdrawn_at:
        raise ValidationError(
            _("%(name)s has withdrawn the idea; mark its follow-up as done."),
            code="withdrawn", params={"name": signup.name},
        )
    initiative = Initiative.objects.select_for_update().get(pk=signup.created_initiative_id)
    return followup, signup, initiative


@transaction.atomic
def idea_publish(*, followup: FollowUp, by, title: str, description: str, form: str,
                 themes, aims_people: str = "", aims_planet: str = "", aims_profit: str = ""
                 ) -> Initiative:
    """A proposed idea, reviewed, becomes a public initiative with its aims, form and
    themes; the proposer is its lead already (since the confirmation)."""
    followup, signup, initiative = _idea_under_review(followup)
    aims = [_clean_text(aim) for aim in (aims_people, aims_planet, aims_profit)]
    if not any(aims):
        raise ValidationError(
            {"aims_people": _("Say what the initiative aims at: for people, the planet or "
                              "profit.")}, code="no_aims")
    themes = list(themes)
    if not themes:
        raise ValidationError({"themes": _("Choose at least one theme.")}, code="no_theme")
    if form not in InitiativeForm.values:
        raise ValidationError({"form": _("Choose a form.")}, code="form")
    initiative.title = _clean_text(title)
    initiative.description = _clean_text(description)
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
    message = _clean_text(message)
    if not message:
        raise ValidationError(
            {"message": _("Write the proposer a message: why the idea is not taken up, "
                          "and what they could do instead.")}, code="no_message")
    followup, signup, initiative = _idea_under_review(followup)
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


# --- an initiative's own page in the back office ------------------------------------------

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
    rationale = _clean_text(rationale)
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
        initiative=initiative, date=date, what_we_did=_clean_text(what_we_did),
        what_went_well=_clean_text(what_went_well),
        what_we_learned=_clean_text(what_we_learned),
        what_we_need_next=_clean_text(what_we_need_next), is_public=is_public,
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
        amount=amount, purpose=_clean_text(purpose), period_start=period_start,
        period_end=period_end,
    )
    money_flow.full_clean()
    money_flow.save()
    return money_flow
