"""The preparatory conversations, the people they bring onto the route (suggestions, new
people) and the information requests they raise."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nieuweroute.models import (
    Conversation,
    InformationRequest,
    Route,
    Suggestion,
)
from nieuweroute.services.common import refuse_future
from nieuweroute.steps import suggestion_steps
from participants.models import ConsentPurpose, Participant, ParticipantKind
from participants.privacy import PRIVACY_STATEMENT_VERSION
from participants.services import (
    consent_record,
    normalise_email,
    participant_create,
    participant_register,
)


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
    refuse_future(held_on, today or timezone.localdate())
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
    suggestion_steps(suggestion).require("accept")
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
    refuse_future(answered_on, today or timezone.localdate())
    request.answer, request.answered_on = answer, answered_on
    request.informant_person = informant_person or request.informant_person
    request.informant_organisation = informant_organisation or request.informant_organisation
    request.full_clean()
    request.save(update_fields=["answer", "answered_on", "informant_person",
                                "informant_organisation"])
    return request


