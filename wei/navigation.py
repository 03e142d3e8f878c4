"""The links of the site's header, and where a login lands: each role sees only what
it may open, so no link in the header answers 403."""

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from wei.roles import PROCESS_MANAGER, roles_of, works_in_admin, works_in_product


def staff_navigation(request):
    def links():
        user = request.user
        return {
            "product": works_in_product(user),  # the dashboard and the route pages
            "admin": works_in_admin(user),
        }

    # Lazy: a page for a resident never asks.
    return {"staff_nav": SimpleLazyObject(links)}


# Where each role's work is. By URL name, not by import: the pages live in the floors above.
DASHBOARD = "dashboard:overview"
ROUTE_LIST = "nieuweroute:route_list"
ADMIN = "admin:index"


def landing_page(user) -> str:
    """Where a login without a (safe) `next` address lands: where the account's work is.

    A process manager on the dashboard; a facilitator (and nothing more) on the list of
    their routes; a steering-group member in the admin; a superuser on the dashboard
    (they have it; the admin is one link away). Staff without a role have no work here
    yet: LOGIN_REDIRECT_URL.
    """
    roles = roles_of(user)
    if works_in_product(user):
        if user.is_superuser or PROCESS_MANAGER in roles:
            return reverse(DASHBOARD)
        return reverse(ROUTE_LIST)
    if works_in_admin(user):
        return reverse(ADMIN)
    return resolve_url(settings.LOGIN_REDIRECT_URL)
