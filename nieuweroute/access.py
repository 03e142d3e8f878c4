"""Who may see and change the rows of De Nieuwe Route: this app's rules for wei.access.

- a facilitator works on the routes they facilitate;
- a process manager works on the routes whose neighbourhood (or WEI process) they manage;
- a steering-group member reads, in the admin, the routes their organisation steers:
  every fixed kader, their own organisation's concept kaders (which they may change
  until fixed), the plan and its checks, and the people of the route by name only
  (never the conversations, invitations or anyone's e-mail address);
- a superuser sees everything (wei.access).

Those who work on a route may change it, so the route pages ask `access.changeable`
and answer everyone else with a 404; the admin asks `access.visible` for its lists.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from nieuweroute import models
from nieuweroute.models import KaderStatus, Route
from participants.models import Organisation, Participant
from wei.access import (
    changeable,
    holds_role,
    managed_neighbourhoods,
    managed_processes,
    nothing,
    register,
    used_in,
    visible,
    widen,
)
from wei.roles import STEERING_MEMBER


def working_routes(user):
    """The routes this user facilitates or whose neighbourhood or process they manage."""
    return Route.objects.filter(
        Q(facilitator=user)
        | Q(neighbourhood__in=managed_neighbourhoods(user).values("pk"))
        | Q(process__in=managed_processes(user).values("pk"))
    )


def steering_organisations(user):
    """The organisations this user acts for."""
    return Organisation.objects.filter(members=user)


def steered_routes(user):
    """The routes an organisation of this steering-group member sets kaders for."""
    return Route.objects.filter(
        holds_role(user, STEERING_MEMBER),
        pk__in=Route.steering_organisations.through.objects.filter(
            organisation__in=steering_organisations(user).values("pk")).values("route"),
    )


def is_steering_member(user) -> bool:
    """For what the admin shows, not what it lets through (the rules below do that)."""
    return (
        user.is_authenticated and not user.is_superuser
        and user.groups.filter(name=STEERING_MEMBER).exists()
    )


def _on_routes(path, *route_sets):
    """A rule: rows whose `path` (a route lookup) is a route in one of `route_sets`."""

    def rule(user, queryset):
        condition = Q()
        for routes in route_sets:
            condition |= Q(**{f"{path}__in": routes(user).values("pk")})
        return queryset.filter(condition)

    return rule


def kaders_seen(user, queryset):
    """All kaders of a route one works on; of a steered route, the fixed ones and one's own."""
    steered = Q(route__in=steered_routes(user).values("pk"))
    own = Q(organisation__in=steering_organisations(user).values("pk"))
    return queryset.filter(
        Q(route__in=working_routes(user).values("pk"))
        | steered & (Q(status=KaderStatus.FIXED) | own)
    )


def kaders_changed(user, queryset):
    """A concept kader, by those who work on its route or by its own organisation's member."""
    steered_own = Q(route__in=steered_routes(user).values("pk"),
                    organisation__in=steering_organisations(user).values("pk"))
    return queryset.filter(status=KaderStatus.CONCEPT).filter(
        Q(route__in=working_routes(user).values("pk")) | steered_own
    )


def _through_kader(check):
    def rule(user, queryset):
        return queryset.filter(kader__in=check(user, models.Kader.objects.all()).values("pk"))

    return rule


def people_of_working_routes(user, queryset):
    """The people a route one works on knows of, wherever they live."""
    routes = working_routes(user).values("pk")
    return queryset.filter(
        Q(pk__in=Route.participants.through.objects.filter(route__in=routes)
          .values("participant"))
        | Q(pk__in=Route.core_group.through.objects.filter(route__in=routes)
            .values("participant"))
    )


def facilitators_of_working_routes(user, queryset):
    return queryset.filter(pk__in=working_routes(user).values("facilitator"))


def register_rules():
    works = _on_routes("route", working_routes)
    works_or_steers = _on_routes("route", working_routes, steered_routes)

    register(Route, see=_on_routes("pk", working_routes, steered_routes),
             change=_on_routes("pk", working_routes))
    register(models.Kader, see=kaders_seen, change=kaders_changed)
    register(models.KaderSubPoint, see=_through_kader(visible),
             change=_through_kader(changeable))
    register(models.KaderChange, see=_through_kader(visible), change=nothing)
    # The plan and how it was checked: read by the steering organisations too.
    register(models.PlanVersion, see=works_or_steers, change=works)
    register(models.PlanItem, see=_on_routes("plan__route", working_routes, steered_routes),
             change=_on_routes("plan__route", working_routes))
    register(models.KaderCheck, see=_on_routes("plan__route", working_routes, steered_routes),
             change=_on_routes("plan__route", working_routes))
    # Conversations and mail hold people's details: for those who work on the route only.
    for model in (models.Conversation, models.Suggestion, models.InformationRequest,
                  models.Invitation):
        register(model, see=works)
    register(models.PlanSending, see=_on_routes("plan__route", working_routes), change=nothing)

    # The people and the facilitator of a route are choices on its pages and in the admin.
    # The organisations a route names are shared rows (participants.access).
    for model, via, neighbourhood in [
        (Route, "steering_organisations", "neighbourhood"),
        (models.Kader, "organisation", "route__neighbourhood"),
        (models.InformationRequest, "informant_organisation", "route__neighbourhood"),
        (models.PlanItem, "who_organisation", "plan__route__neighbourhood"),
    ]:
        used_in(Organisation, model, via=via, neighbourhood=neighbourhood)
    widen(Participant, see=people_of_working_routes)
    widen(get_user_model(), see=facilitators_of_working_routes)
