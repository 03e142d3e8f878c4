"""De Nieuwe Route's share of a person's data, for export, erasure and retention
(the conventions are in participants.privacy).

- Export: the routes that know them, their preparatory conversations (with the people
  they suggested and the information they asked for), the suggestions that named them,
  the information requests they asked or answered, their invitations, the agreements
  in plans that name them, and where the plan was sent.
- Erasure: what they said in a conversation, their addresses and the notes about them
  are blanked; a suggestion that named them takes their anonymous name, and so does the
  note "Suggested by …" on the people they suggested. The rows stay: a route still
  shows that a conversation was held, who was invited and came, what was agreed.
  Information requests stay as they are: their questions belong to the route's
  information pack, which every participant received.
- Retention: someone spoken to, invited or named in an agreement recently, or known in
  a route whose meeting is recent or still to come, is still taking part.
"""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Replace

from nieuweroute.models import (
    Conversation,
    InformationRequest,
    Invitation,
    PlanItem,
    PlanSending,
    Route,
    Suggestion,
)
from participants.models import Participant
from participants.privacy import anonymous_name, in_scope, model_fields


def export_personal_data(participant, *, scope=None) -> dict:
    core_group = set(in_scope(scope, participant.core_group_routes.all())
                     .values_list("pk", flat=True))
    routes = in_scope(scope, Route.objects.filter(
        Q(participants=participant) | Q(pk__in=core_group)).distinct())
    conversations = (
        in_scope(scope, Conversation.objects.filter(participant=participant))
        .select_related("route").order_by("held_on", "pk")
        .prefetch_related(
            Prefetch("suggestions", queryset=Suggestion.objects.order_by("pk")),
            Prefetch("information_requests", queryset=InformationRequest.objects.order_by("pk")),
        )
    )
    requests = (
        in_scope(scope, InformationRequest.objects.filter(
            Q(asked_by=participant) | Q(informant_person=participant)))
        .select_related("route").order_by("route", "pk")
    )
    return {
        "routes": [
            {"route": route.title, "core_group": route.pk in core_group}
            for route in routes.order_by("created_at", "pk")
        ],
        "conversations": [
            {
                **model_fields(conversation, [
                    "route", "held_on", "setting", "decision_needs", "confirmed_email",
                    "language", "notes",
                ]),
                "suggested": [suggestion.name for suggestion in conversation.suggestions.all()],
                "information_needs": [
                    request.question for request in conversation.information_requests.all()
                ],
            }
            for conversation in conversations
        ],
        "suggested_by_others": [
            model_fields(suggestion, ["route", "name"])
            for suggestion in in_scope(scope, Suggestion.objects.filter(participant=participant))
            .select_related("route").order_by("pk")
        ],
        "information_requests": [
            {
                **model_fields(request, ["route", "question", "answer", "answered_on"]),
                "asked_by_you": request.asked_by_id == participant.pk,
                "answered_by_you": request.informant_person_id == participant.pk,
            }
            for request in requests
        ],
        "invitations": [
            model_fields(invitation, [
                "route", "email", "language", "sent_at", "response", "responded_at", "attended",
            ])
            for invitation in in_scope(scope, Invitation.objects.filter(participant=participant))
            .select_related("route").order_by("sent_at", "pk")
        ],
        "plan_items": [
            model_fields(item, ["plan", "what", "due_on"])
            for item in in_scope(scope, PlanItem.objects.filter(who_participant=participant))
            .select_related("plan__route").order_by("plan", "pk")
        ],
        "plan_sendings": [
            model_fields(sending, ["plan", "email", "sent_at"])
            for sending in in_scope(scope, PlanSending.objects.filter(participant=participant))
            .select_related("plan__route").order_by("sent_at", "pk")
        ],
    }


def erase_personal_data(*, participant, today: datetime.date, by=None, scope=None) -> None:
    def mine(model, **lookup):
        return model.objects.filter(pk__in=in_scope(scope, model.objects.filter(**lookup))
                                    .values("pk"))

    anonymous = anonymous_name(participant)
    if participant.name and scope is None:
        # The notes name them in every route that took up their suggestions.
        suggested = Suggestion.objects.filter(
            conversation__participant=participant, participant__isnull=False
        ).values("participant")
        Participant.objects.filter(pk__in=suggested, notes__contains=participant.name).update(
            notes=Replace("notes", Value(participant.name), Value(anonymous))
        )
    mine(Conversation, participant=participant).update(
        setting="", decision_needs="", confirmed_email="", notes=""
    )
    if scope is None:
        # Their name where others suggested them; kept while they keep it elsewhere.
        Suggestion.objects.filter(participant=participant).update(name=anonymous)
    mine(Invitation, participant=participant).update(email="")
    mine(PlanSending, participant=participant).update(email="")


def recently_active(since: datetime.date):
    routes = Route.objects.filter(
        Q(meeting_date__gte=since) | Q(meeting_date__isnull=True, created_at__date__gte=since)
    )
    return Participant.objects.filter(
        Exists(Conversation.objects.filter(participant=OuterRef("pk"), held_on__gte=since))
        | Exists(Invitation.objects.filter(participant=OuterRef("pk"), sent_at__date__gte=since))
        | Exists(routes.filter(participants=OuterRef("pk")))
        | Exists(routes.filter(core_group=OuterRef("pk")))
        | Exists(PlanItem.objects.filter(who_participant=OuterRef("pk"), due_on__gte=since))
    ).values("pk")
