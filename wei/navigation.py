"""The links of the site's header, and where a login lands: each role sees only what
it may open, so no link in the header answers 403."""

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from wei.roles import works_in_admin, works_in_product


def staff_navigation(request):
    def links():
        user = request.user
        return {
            "product": works_in_product(user),  # the dashboard and the route pages
            "admin": works_in_admin(user),
        }

    # Lazy: a page for a resident never asks.
    return {"staff_nav": SimpleLazyObject(links)}


def landing_page(user) -> str:
    """Where a login without a `next` address lands: steering-group members work in the
    admin, so they land on its index; everyone else on LOGIN_REDIRECT_URL."""
    if works_in_admin(user) and not works_in_product(user):
        return reverse("admin:index")
    return resolve_url(settings.LOGIN_REDIRECT_URL)
