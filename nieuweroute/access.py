"""Who may see and change which route: one place, used by the pages and the admin.

- a superuser sees every route;
- a facilitator sees the routes they facilitate;
- a process manager sees the routes whose neighbourhood (or WEI process) they manage;
- a steering-group member sees, in the admin, the routes their organisation sets kaders
  for, and of those routes only the fixed kaders and their own organisation's concepts.
Everybody else gets a 404, so the existence of a route is not given away.
"""

from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from nieuweroute.models import Kader, KaderStatus, Route
from participants.models import Organisation
from wei.models import Process
from wei.roles import STEERING_MEMBER


def routes_for_user(user, queryset=None):
    queryset = Route.objects.all() if queryset is None else queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    managed = Process.objects.filter(managers=user)
    return queryset.filter(
        Q(facilitator=user)
        | Exists(managed.filter(neighbourhood=OuterRef("neighbourhood")))
        | Exists(managed.filter(pk=OuterRef("process")))
    )


def route_for_user_or_404(user, pk, queryset=None):
    """The route, if this user may work on it (one query)."""
    return get_object_or_404(routes_for_user(user, queryset), pk=pk)


def is_steering_member(user) -> bool:
    return (
        user.is_authenticated and not user.is_superuser
        and user.groups.filter(name=STEERING_MEMBER).exists()
    )


def steering_organisations(user):
    return Organisation.objects.filter(members=user)


def routes_for_steering_member(user, queryset=None):
    queryset = Route.objects.all() if queryset is None else queryset
    return queryset.filter(
        Exists(Route.steering_organisations.through.objects.filter(
            route=OuterRef("pk"), organisation__members=user))
    )


def kaders_for_steering_member(user, queryset=None):
    """Fixed kaders of their routes, and their own organisation's concept kaders."""
    queryset = Kader.objects.all() if queryset is None else queryset
    own = steering_organisations(user)
    return queryset.filter(
        Exists(Route.steering_organisations.through.objects.filter(
            route=OuterRef("route"), organisation__members=user)),
    ).filter(Q(status=KaderStatus.FIXED) | Q(organisation__in=own))


def steering_member_may_change_kader(user, kader) -> bool:
    return (
        kader.status == KaderStatus.CONCEPT
        and kader.organisation.members.filter(pk=user.pk).exists()
        and kaders_for_steering_member(user).filter(pk=kader.pk).exists()
    )
