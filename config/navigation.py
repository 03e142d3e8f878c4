"""The links of the site's header: each role sees only what it may open, so no link
in the header answers 403."""

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
