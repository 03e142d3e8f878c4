"""Reads of a route that span relations, each a fixed number of queries."""

from itertools import groupby

from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nieuweroute.models import (
    Conversation,
    InformationRequest,
    Invitation,
    InvitationResponse,
    Kader,
    KaderCheck,
    KaderStatus,
    PlanItem,
    PlanSending,
    PlanVersion,
    Route,
    Stage,
    Suggestion,
    Verdict,
)
from participants.models import Organisation, Participant


def route_list(routes):
    """Routes with their progress, one query."""
    return routes.with_progress().select_related("neighbourhood", "facilitator").order_by(
        "-created_at", "-id")


def kaders_of(route: Route) -> list[Kader]:
    """The kaders in number order with organisation and sub-points (two queries)."""
    return list(
        Kader.objects.filter(route=route).select_related("organisation")
        .prefetch_related("sub_points").order_by("number")
    )


def kaders_by_organisation(kaders: list[Kader]) -> list[tuple]:
    ordered = sorted(kaders, key=lambda k: (min(x.number for x in kaders
                                                if x.organisation_id == k.organisation_id),
                                            k.number))
    return [(organisation, list(group))
            for organisation, group in groupby(ordered, key=lambda k: k.organisation)]


def next_step(route: Route) -> str:
    """What the facilitator does next, from the derived stage (needs with_progress())."""
    stage = route.stage
    if stage == Stage.PLAN_SENT:
        return _("The plan has been sent. The route is complete.")
    if stage == Stage.PLAN_CHECKED:
        if route.latest_plan_verdict == Verdict.ACCEPTED:
            return _("Send the accepted plan to every participant.")
        return _("The plan was sent back: record a new version of the plan.")
    if stage == Stage.PLAN_DECIDED:
        return _("Check the plan against every fixed kader, then accept it or send it back.")
    if stage == Stage.DECISION_MEETING:
        return _("Record the plan decided at the decision meeting.")
    if stage == Stage.PREPARING and (
            route.kaders_fixed < route.kaders_total or not route.kaders_total):
        return _("Have the steering organisations set and fix their kaders.")
    if not route.meeting_is_set:
        return _("Set the date, time and place of the decision meeting.")
    if stage == Stage.KADERS_FIXED:
        return _("Hold the preparatory conversations.")
    if route.information_open:
        return _("Fetch the answers to the open information requests.")
    if route.invitations_sent < route.conversations_held:
        return _("Invite everyone who has been spoken to.")
    return _("Hold the decision meeting and record who attended.")


def route_page(route: Route) -> dict:
    """Everything the route page shows, in a fixed number of queries."""
    kaders = kaders_of(route)
    conversations = list(
        Conversation.objects.filter(route=route).select_related("participant", "held_by")
        .order_by("-held_on", "-id")
    )
    suggestions = list(
        Suggestion.objects.filter(route=route, participant__isnull=True)
        .select_related("conversation__participant")
    )
    requests = list(
        InformationRequest.objects.filter(route=route)
        .select_related("asked_by", "informant_person", "informant_organisation")
    )
    invitations = list(
        Invitation.objects.filter(route=route).select_related("participant")
    )
    plans = list(
        PlanVersion.objects.filter(route=route).order_by("-number")
    )
    return {
        "kaders": kaders,
        "kader_groups": kaders_by_organisation(kaders),
        "conversations": conversations,
        "suggestions": suggestions,
        "information_requests": requests,
        "invitations": invitations,
        "plans": plans,
        "next_step": next_step(route),
        "followed_by": list(Route.objects.filter(follows=route).order_by("created_at")),
        "warnings": meeting_warnings(route, requests, invitations),
    }


def meeting_warnings(route: Route, requests, invitations) -> list[str]:
    """What still stands open before the decision meeting (nothing once it has passed)."""
    if not route.meeting_date or route.meeting_date < timezone.localdate():
        return []
    warnings = []
    open_requests = sum(1 for request in requests if request.answered_on is None)
    if open_requests:
        warnings.append(ngettext(
            "%(count)s information request is still open: answer it before the meeting, so "
            "that everyone decides with the same information.",
            "%(count)s information requests are still open: answer them before the meeting, "
            "so that everyone decides with the same information.", open_requests)
            % {"count": open_requests})
    unanswered = [i.participant.name for i in invitations
                  if i.response == InvitationResponse.PENDING]
    if unanswered:
        warnings.append(ngettext(
            "%(count)s invitation has not been answered: %(names)s.",
            "%(count)s invitations have not been answered: %(names)s.", len(unanswered))
            % {"count": len(unanswered), "names": ", ".join(unanswered)})
    return warnings


def uninvited_spoken_to(route: Route):
    """Participants with a held conversation and no invitation yet."""
    return Participant.objects.filter(
        Exists(Conversation.objects.filter(route=route, participant=OuterRef("pk")))
    ).exclude(
        Exists(Invitation.objects.filter(route=route, participant=OuterRef("pk")))
    ).order_by("name")


def plan_page(plan: PlanVersion) -> dict:
    kaders = [k for k in kaders_of(plan.route) if k.is_fixed]
    checks = {c.kader_id: c for c in KaderCheck.objects.filter(plan=plan)
              .select_related("checked_by")}
    rows = [(kader, checks.get(kader.pk)) for kader in kaders]
    items = list(PlanItem.objects.filter(plan=plan)
                 .select_related("who_participant", "who_organisation"))
    sendings = list(plan.sendings.select_related("participant"))
    return {"check_rows": rows, "items": items, "sendings": sendings,
            "checks_done": len(checks), "kaders_fixed": len(kaders)}


def plan_acceptance_warnings(route: Route) -> dict:
    """What to know before accepting a plan (two queries): the steering organisations that
    fixed no kader (the plan was not checked against anything of theirs), and the
    information requests nobody has answered yet."""
    fixed = Kader.objects.filter(route=route, status=KaderStatus.FIXED).values(
        "organisation")
    return {
        "unsteered": list(Organisation.objects.filter(steered_routes=route).exclude(
            pk__in=fixed).order_by("name").values_list("name", flat=True)),
        "open_requests": list(InformationRequest.objects.filter(
            route=route, answered_on__isnull=True).order_by("id").values_list(
            "question", flat=True)),
    }


def spoken_to_without_address(route: Route, recipients) -> list[str]:
    """The names of those spoken to whom the plan cannot reach: no address (one query).
    `recipients`: plan_recipients(route)."""
    reached = [participant.pk for participant, _email, _language in recipients]
    return list(Participant.objects.filter(route_conversations__route=route).exclude(
        pk__in=reached).distinct().order_by("name").values_list("name", flat=True))


def information_pack(route: Route):
    return (
        InformationRequest.objects.filter(route=route, answered_on__isnull=False)
        .select_related("asked_by", "informant_person", "informant_organisation")
        .order_by("id")
    )



# ---- Panels for overviews: each takes the routes a user may see ---------------


def routes_in_progress(routes, *, limit: int = 10) -> list[Route]:
    """Unfinished routes, next decision meeting first, with stage and next step.

    Two queries: the ids are chosen first, so the progress counts are computed for
    the routes shown only, however many routes there are.
    """
    unfinished = routes.exclude(
        Exists(PlanSending.objects.filter(plan__route=OuterRef("pk")))
    ).order_by(F("meeting_date").asc(nulls_last=True), "-created_at", "-id")
    ids = list(unfinished.values_list("pk", flat=True)[:limit])
    chosen = {route.pk: route for route in route_list(Route.objects.filter(pk__in=ids))}
    result = [chosen[pk] for pk in ids]
    for route in result:
        route.next_step = next_step(route)
    return result


def upcoming_meetings(routes, *, today, limit: int = 8) -> list[Route]:
    """Decision meetings from today on, soonest first (one query)."""
    return list(
        routes.filter(meeting_date__gte=today).select_related("neighbourhood")
        .order_by("meeting_date", "meeting_start", "id")[:limit]
    )
