"""Every change to a Nieuwe Route goes through these functions.

The rules of the method live here, once:
- a fixed kader no longer changes; concept kaders can be edited and renumbered;
  kader numbers are unique within a route (also a database constraint);
- only participants who were spoken to beforehand are invited, and only to a
  meeting that has not passed;
- a plan is checked against fixed kaders only, and accepted exactly when every
  fixed kader has a check and all of them are met; otherwise it is sent back.
Each refuses bad input with a ValidationError and changes nothing. Functions that
depend on the date take `today` (or `now`), so a route that already happened is
recorded through the same rules with its own dates. E-mail is queued in the same
transaction as what it reports (an invitation, a plan sending), calendar file included:
both are stored, or neither is.
"""

import copy
import datetime
import hashlib
import logging
import secrets
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nieuweroute import mail
from nieuweroute.models import (
    Conversation,
    InformationRequest,
    Invitation,
    InvitationResponse,
    Kader,
    KaderChange,
    KaderChangeKind,
    KaderCheck,
    KaderStatus,
    KaderSubPoint,
    PlanItem,
    PlanSending,
    PlanVersion,
    Route,
    Suggestion,
    Verdict,
)
from participants.models import ConsentPurpose, Organisation, Participant, ParticipantKind
from participants.privacy import PRIVACY_STATEMENT_VERSION
from participants.services import (
    consent_record,
    normalise_email,
    participant_create,
    participant_register,
)

logger = logging.getLogger(__name__)

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _date(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def _not_after(day: datetime.date, today: datetime.date) -> None:
    if day > today:
        raise ValidationError(
            _("The date %(date)s lies in the future; record what has happened."),
            code="future", params={"date": _date(day)},
        )


# --- routes ---------------------------------------------------------------------------------


@transaction.atomic
def route_create(*, title: str, kwestie: str, facilitator, consequences: str = "",
                 neighbourhood=None, process=None, steering_organisations: Iterable = (),
                 core_group: Iterable = (), follows: Route | None = None) -> Route:
    if process is not None and neighbourhood is not None and \
            process.neighbourhood_id != neighbourhood.pk:
        raise ValidationError(
            {"process": _("This WEI process belongs to another neighbourhood.")},
            code="process_elsewhere",
        )
    route = Route(
        title=title.strip(), kwestie=kwestie.strip(), consequences=consequences.strip(),
        facilitator=facilitator, neighbourhood=neighbourhood or getattr(process, "neighbourhood",
                                                                         None),
        process=process, follows=follows,
    )
    route.full_clean()
    route.save()
    route.steering_organisations.add(*steering_organisations)
    core_group = list(core_group)
    route.core_group.add(*core_group)
    route.participants.add(*core_group)
    return route


def _refuse_after_meeting(route: Route) -> None:
    if route.plans.exists() or route.invitations.filter(attended__isnull=False).exists():
        raise ValidationError(
            _("The decision meeting has taken place (attendance or a plan has been recorded); "
              "it can no longer be moved or cancelled."),
            code="held",
        )


@transaction.atomic
def route_update(*, route: Route, title: str, kwestie: str, consequences: str = "",
                 neighbourhood=None, process=None, follows: Route | None = None) -> Route:
    """Title, kwestie, consequences, neighbourhood, WEI process and the route it follows."""
    route = Route.objects.select_for_update().get(pk=route.pk)
    kwestie = kwestie.strip()
    if kwestie != route.kwestie and route.plans.exists():
        raise ValidationError(
            {"kwestie": _("A plan has been decided on this kwestie; it can no longer change.")},
            code="kwestie_decided",
        )
    if process is not None and neighbourhood is not None and \
            process.neighbourhood_id != neighbourhood.pk:
        raise ValidationError(
            {"process": _("This WEI process belongs to another neighbourhood.")},
            code="process_elsewhere",
        )
    earlier, seen = follows, set()
    while earlier is not None and earlier.pk not in seen:
        if earlier.pk == route.pk:
            raise ValidationError(
                {"follows": _("A route cannot follow itself or a route that follows it.")},
                code="follows_itself",
            )
        seen.add(earlier.pk)
        earlier = earlier.follows
    route.title, route.kwestie = title.strip(), kwestie
    route.consequences = consequences.strip()
    route.neighbourhood = neighbourhood or getattr(process, "neighbourhood", None)
    route.process, route.follows = process, follows
    route.full_clean()
    route.save(update_fields=["title", "kwestie", "consequences", "neighbourhood", "process",
                              "follows"])
    return route


@transaction.atomic
def route_set_meeting(*, route: Route, date: datetime.date, start: datetime.time,
                      place: str, end: datetime.time | None = None,
                      today: datetime.date | None = None, base_url: str = "") -> Route:
    """Set the decision meeting. Moving it after invitations went out asks every invitee
    again, with an update of their calendar file (same UID, the next SEQUENCE)."""
    today = today or timezone.localdate()
    route = Route.objects.select_for_update().get(pk=route.pk)
    place = place.strip()
    if not place:
        raise ValidationError({"place": _("Say where the meeting takes place.")},
                              code="place")
    invitations = list(route.invitations.select_related("participant"))
    moved = bool(invitations) and (date, start, end, place) != (
        route.meeting_date, route.meeting_start, route.meeting_end, route.meeting_place)
    if moved:
        _refuse_after_meeting(route)
        if date < today:
            raise ValidationError(
                {"date": _("Invitations have gone out; the meeting can move to today or a "
                           "later day only.")},
                code="moved_to_past",
            )
        route.meeting_sequence += 1
    route.meeting_date, route.meeting_start, route.meeting_end = date, start, end
    route.meeting_place = place
    route.full_clean()
    route.save(update_fields=["meeting_date", "meeting_start", "meeting_end", "meeting_place",
                              "meeting_sequence"])
    now = timezone.now()
    for invitation in invitations if moved else ():
        token = secrets.token_urlsafe(32)
        invitation.route = route
        invitation.token_hash, invitation.sent_at = hash_token(token), now
        invitation.response, invitation.responded_at = InvitationResponse.PENDING, None
        invitation.save(update_fields=["token_hash", "sent_at", "response", "responded_at"])
        _queue(lambda invitation=invitation, token=token: mail.send_invitation(
            invitation, token, base_url, moved=True))
    return route


@transaction.atomic
def route_cancel_meeting(*, route: Route) -> int:
    """Call the decision meeting off: every invitee gets a cancellation of their calendar
    event, and the invitations go (a new meeting is set and invited to anew). Returns how
    many were told."""
    route = Route.objects.select_for_update().get(pk=route.pk)
    if not route.meeting_date:
        raise ValidationError(_("No decision meeting has been set."), code="no_meeting")
    _refuse_after_meeting(route)
    route.meeting_sequence += 1
    as_it_was = copy.copy(route)  # the cancellation describes the meeting that was set
    invitations = list(route.invitations.select_related("participant"))
    for invitation in invitations:
        _queue(lambda invitation=invitation: mail.send_cancellation(invitation, as_it_was))
    route.invitations.all().delete()
    route.meeting_date = route.meeting_start = route.meeting_end = None
    route.meeting_place = ""
    route.save(update_fields=["meeting_date", "meeting_start", "meeting_end", "meeting_place",
                              "meeting_sequence"])
    return len(invitations)


# --- kaders ---------------------------------------------------------------------------------


def _sub_point_lines(sub_points: Sequence[str]) -> list[str]:
    lines = [line.strip() for line in sub_points if line and line.strip()]
    if len(lines) > len(LETTERS):
        raise ValidationError(_("A kader has at most 26 sub-points."), code="too_many")
    return lines


def _history(kader: Kader, kind: str, by, at: datetime.datetime) -> None:
    KaderChange.objects.create(
        kader=kader, kind=kind, number=kader.number, text=kader.text,
        explanation=kader.explanation,
        sub_points="\n".join(
            f"{point.letter}) {point.text}" for point in kader.sub_points.all()
        ),
        changed_at=at, changed_by=by,
    )


def check_kader_number_free(route: Route, number: int, kader: Kader | None = None) -> None:
    taken = Kader.objects.filter(route=route, number=number)
    if kader is not None:
        taken = taken.exclude(pk=kader.pk)
    if taken.exists():
        raise ValidationError(
            {"number": _("This route already has a kader number %(number)s.")
             % {"number": number}},
            code="duplicate_number",
        )


def _save_kader(kader: Kader) -> None:
    try:
        with transaction.atomic():
            kader.save()
    except IntegrityError:
        # Someone took the number at the same moment.
        raise ValidationError(
            {"number": _("This route already has a kader number %(number)s.")
             % {"number": kader.number}},
            code="duplicate_number",
        ) from None


def check_sets_kaders(route: Route, organisation: Organisation) -> None:
    if not route.steering_organisations.filter(pk=organisation.pk).exists():
        raise ValidationError(
            {"organisation": _("%(organisation)s does not set kaders for this route.")
             % {"organisation": organisation.name}},
            code="not_steering",
        )


def _replace_sub_points(kader: Kader, lines: list[str]) -> None:
    kader.sub_points.all().delete()
    KaderSubPoint.objects.bulk_create(
        KaderSubPoint(kader=kader, letter=LETTERS[i], text=line) for i, line in enumerate(lines)
    )


@transaction.atomic
def kader_add(*, route: Route, number: int, organisation: Organisation, text: str,
              explanation: str = "", sub_points: Sequence[str] = (), by=None,
              now: datetime.datetime | None = None) -> Kader:
    check_sets_kaders(route, organisation)
    lines = _sub_point_lines(sub_points)
    check_kader_number_free(route, number)
    kader = Kader(route=route, number=number, organisation=organisation, text=text.strip(),
                  explanation=explanation.strip())
    kader.full_clean(validate_constraints=False)
    _save_kader(kader)
    _replace_sub_points(kader, lines)
    _history(kader, KaderChangeKind.CREATED, by, now or timezone.now())
    return kader


def _locked_kader(kader: Kader) -> Kader:
    return Kader.objects.select_for_update().get(pk=kader.pk)


def refuse_fixed_kader(kader: Kader) -> None:
    if kader.status == KaderStatus.FIXED:
        raise ValidationError(
            _("Kader %(number)s is fixed and can no longer change.") % {"number": kader.number},
            code="fixed",
        )


@transaction.atomic
def kader_update(*, kader: Kader, number: int, text: str, explanation: str = "",
                 sub_points: Sequence[str] = (), by=None,
                 now: datetime.datetime | None = None) -> Kader:
    """Edit or renumber a concept kader."""
    kader = _locked_kader(kader)
    refuse_fixed_kader(kader)
    lines = _sub_point_lines(sub_points)
    check_kader_number_free(kader.route, number, kader)
    kader.number, kader.text, kader.explanation = number, text.strip(), explanation.strip()
    kader.full_clean(validate_constraints=False)
    _save_kader(kader)
    _replace_sub_points(kader, lines)
    _history(kader, KaderChangeKind.EDITED, by, now or timezone.now())
    return kader


@transaction.atomic
def kader_fix(*, kader: Kader, by=None, now: datetime.datetime | None = None) -> Kader:
    kader = _locked_kader(kader)
    refuse_fixed_kader(kader)
    kader.status = KaderStatus.FIXED
    kader.fixed_at = now or timezone.now()
    kader.fixed_by = by
    kader.save(update_fields=["status", "fixed_at", "fixed_by"])
    _history(kader, KaderChangeKind.FIXED, by, kader.fixed_at)
    return kader


# --- conversations, suggestions and information requests ------------------------------------


def _lines(text_or_lines) -> list[str]:
    if isinstance(text_or_lines, str):
        text_or_lines = text_or_lines.splitlines()
    return [line.strip() for line in text_or_lines if line and line.strip()]


@transaction.atomic
def conversation_record(*, route: Route, participant: Participant, held_on: datetime.date,
                        held_by=None, setting: str = "", suggestions=(),
                        information_needs=(), decision_needs: str = "",
                        confirmed_email: str = "", language: str = "nl", notes: str = "",
                        today: datetime.date | None = None) -> Conversation:
    """Record a preparatory conversation; each suggestion becomes a candidate participant and
    each information need an information request."""
    _not_after(held_on, today or timezone.localdate())
    conversation = Conversation(
        route=route, participant=participant, held_on=held_on, held_by=held_by,
        setting=setting.strip(), decision_needs=decision_needs.strip(),
        confirmed_email=normalise_email(confirmed_email), language=language, notes=notes.strip(),
    )
    conversation.full_clean()
    conversation.save()
    route.participants.add(participant)
    # Confirming the address is consenting to receive the invitation and the plan there.
    if conversation.confirmed_email and not participant.consents.filter(
        purpose=ConsentPurpose.PLAN_MAIL, privacy_version=PRIVACY_STATEMENT_VERSION,
        withdrawn_at__isnull=True,
    ).exists():
        consent_record(participant=participant, purpose=ConsentPurpose.PLAN_MAIL,
                       privacy_version=PRIVACY_STATEMENT_VERSION)
    Suggestion.objects.bulk_create(
        Suggestion(route=route, conversation=conversation, name=name[:200])
        for name in _lines(suggestions)
    )
    InformationRequest.objects.bulk_create(
        InformationRequest(route=route, conversation=conversation, asked_by=participant,
                           question=question)
        for question in _lines(information_needs)
    )
    return conversation


@transaction.atomic
def route_participants_add(*, route: Route, participants: Iterable[Participant]) -> list:
    """Put people the route's neighbourhood knows onto the route."""
    participants = list(participants)
    route.participants.add(*participants)
    return participants


@transaction.atomic
def route_person_register(*, route: Route, name: str, email: str = "", phone: str = "",
                          postcode: str = "", kind: str = "", consent: bool = False,
                          ) -> Participant:
    """Someone new, added by the facilitator: a person of the route's neighbourhood, with
    the consent they gave, on the route (so the facilitator keeps seeing them)."""
    if route.neighbourhood_id is None:
        raise ValidationError(
            _("Choose the route's neighbourhood first: a new person is added there."),
            code="no_neighbourhood",
        )
    participant = participant_register(
        name=name, neighbourhood=route.neighbourhood, email=email, phone=phone,
        postcode=postcode, kind=kind or ParticipantKind.RESIDENT,
        consent_purpose=ConsentPurpose.PARTICIPATION if consent else "",
        privacy_version=PRIVACY_STATEMENT_VERSION if consent else "",
    )
    route.participants.add(participant)
    return participant


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion) -> Participant:
    """One click: the suggested person becomes a known participant of the route."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.participant_id:
        raise ValidationError(
            _("%(name)s has already been added as a participant.") % {"name": suggestion.name},
            code="already_added",
        )
    participant = participant_create(
        name=suggestion.name,
        notes=_("Suggested by %(name)s.") % {"name": suggestion.conversation.participant.name},
    )
    suggestion.participant = participant
    suggestion.save(update_fields=["participant"])
    suggestion.route.participants.add(participant)
    return participant


@transaction.atomic
def information_request_add(*, route: Route, question: str, asked_by=None,
                            informant_person=None, informant_organisation=None,
                            ) -> InformationRequest:
    request = InformationRequest(
        route=route, question=question.strip(), asked_by=asked_by,
        informant_person=informant_person, informant_organisation=informant_organisation,
    )
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def information_request_answer(*, request: InformationRequest, answer: str,
                               answered_on: datetime.date, informant_person=None,
                               informant_organisation=None,
                               today: datetime.date | None = None) -> InformationRequest:
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Write down the answer.")}, code="empty")
    if informant_person is None and informant_organisation is None and \
            request.informant is None:
        raise ValidationError(
            _("Say who gave the answer: a person or an organisation."), code="informant"
        )
    _not_after(answered_on, today or timezone.localdate())
    request.answer, request.answered_on = answer, answered_on
    request.informant_person = informant_person or request.informant_person
    request.informant_organisation = informant_organisation or request.informant_organisation
    request.full_clean()
    request.save(update_fields=["answer", "answered_on", "informant_person",
                                "informant_organisation"])
    return request


# --- invitations ----------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


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
    if not route.meeting_is_set:
        raise ValidationError(
            _("Set the date, time and place of the decision meeting before inviting."),
            code="no_meeting",
        )
    if route.meeting_date < today:
        raise ValidationError(
            _("The decision meeting of %(date)s has passed; nobody can be invited to it.")
            % {"date": _date(route.meeting_date)},
            code="meeting_passed",
        )
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
        _queue(lambda: mail.send_invitation(invitation, token, base_url))
    return invitation


@transaction.atomic
def invitations_send(*, route: Route, participants: Iterable[Participant],
                     today: datetime.date | None = None,
                     base_url: str = "") -> list[Invitation]:
    """Invite several people at once: all of them, or (one refused) none."""
    participants = list(participants)
    if not participants:
        raise ValidationError(_("Choose at least one participant to invite."), code="nobody")
    return [invitation_send(route=route, participant=participant, today=today,
                            base_url=base_url) for participant in participants]


def _queue(send) -> None:
    """Queue mail inside the caller's transaction. A message (or its attachment, written
    to MEDIA_ROOT) that cannot be stored refuses the whole action, so nothing is recorded
    as sent that was not queued."""
    try:
        send()
    except OSError:
        logger.exception("Queueing an e-mail failed; the action was refused.")
        raise ValidationError(
            _("The e-mail could not be stored, so nothing has been recorded. Please try "
              "again later; if it keeps failing, tell the site's administrator."),
            code="mail_not_stored",
        ) from None


@transaction.atomic
def invitation_resend(*, invitation: Invitation, today: datetime.date | None = None,
                      now: datetime.datetime | None = None, base_url: str = "") -> Invitation:
    """Send an unanswered invitation again (its mail failed, or never arrived), with a new
    link; the earlier link stops working."""
    today = today or timezone.localdate()
    invitation = (Invitation.objects.select_for_update().select_related("route", "participant")
                  .get(pk=invitation.pk))
    if invitation.response != InvitationResponse.PENDING:
        raise ValidationError(
            _("%(name)s has already answered the invitation.")
            % {"name": invitation.participant.name},
            code="already_answered",
        )
    if invitation.route.meeting_date < today:
        raise ValidationError(
            _("The decision meeting of %(date)s has passed; nobody can be invited to it.")
            % {"date": _date(invitation.route.meeting_date)},
            code="meeting_passed",
        )
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.sent_at = now or timezone.now()
    invitation.save(update_fields=["token_hash", "sent_at"])
    _queue(lambda: mail.send_invitation(invitation, token, base_url))
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
    route = invitation.route
    if route.meeting_date > (today or timezone.localdate()):
        raise ValidationError(
            _("The decision meeting has not taken place yet; record attendance afterwards."),
            code="not_yet",
        )
    invitation.attended = attended
    invitation.save(update_fields=["attended"])
    return invitation


# --- the plan -------------------------------------------------------------------------------


@transaction.atomic
def plan_record(*, route: Route, decided_on: datetime.date, summary: str = "", by=None,
                at_continuation: bool = False,
                today: datetime.date | None = None) -> PlanVersion:
    """A new version of the plan, decided at the decision meeting (or at its continuation
    on a later day, recorded as such); a version that was sent back stays as it was."""
    _not_after(decided_on, today or timezone.localdate())
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
    meeting = _date(route.meeting_date)
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
    _not_after(checked_on, today or timezone.localdate())
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
    _not_after(on, today)
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
    _not_after(on, today)
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
        _queue(lambda: mail.send_plan(plan, sendings, languages))
    return sendings
