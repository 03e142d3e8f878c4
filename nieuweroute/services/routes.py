"""A route itself: starting it, editing it, and setting, moving or cancelling its decision
meeting (which re-asks or releases every invitee)."""

import copy
import datetime
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nieuweroute import mail
from nieuweroute.models import (
    InvitationResponse,
    Route,
)
from nieuweroute.services.common import hash_token, queue_mail
from nieuweroute.steps import meeting_steps


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
    meeting_steps(route, today=today).require("move" if route.meeting_is_set else "set")
    place = place.strip()
    if not place:
        raise ValidationError({"place": _("Say where the meeting takes place.")},
                              code="place")
    invitations = list(route.invitations.select_related("participant"))
    moved = bool(invitations) and (date, start, end, place) != (
        route.meeting_date, route.meeting_start, route.meeting_end, route.meeting_place)
    if moved:
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
        queue_mail(lambda invitation=invitation, token=token: mail.send_invitation(
            invitation, token, base_url, moved=True))
    return route


@transaction.atomic
def route_cancel_meeting(*, route: Route) -> int:
    """Call the decision meeting off: every invitee gets a cancellation of their calendar
    event, and the invitations go (a new meeting is set and invited to anew). Returns how
    many were told."""
    route = Route.objects.select_for_update().get(pk=route.pk)
    meeting_steps(route).require("cancel")
    route.meeting_sequence += 1
    as_it_was = copy.copy(route)  # the cancellation describes the meeting that was set
    invitations = list(route.invitations.select_related("participant"))
    for invitation in invitations:
        queue_mail(lambda invitation=invitation: mail.send_cancellation(invitation, as_it_was))
    route.invitations.all().delete()
    route.meeting_date = route.meeting_start = route.meeting_end = None
    route.meeting_place = ""
    route.save(update_fields=["meeting_date", "meeting_start", "meeting_end", "meeting_place",
                              "meeting_sequence"])
    return len(invitations)


