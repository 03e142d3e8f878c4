"""The back office's sub-navigation, built from the pages' own doors.

Each entry names a URL; the view that answers that URL is asked `may_open(user)`, the
very check its dispatch makes (dashboard.permissions), so a link is shown exactly when
the page would let this user in, and templates hold no permission logic of their own.
"""

from dataclasses import dataclass

from django.urls import resolve, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from dashboard.permissions import may_use_dashboard


@dataclass(frozen=True)
class Entry:
    key: str  # how a template asks for it: nav.opens.<key>
    label: str
    url_name: str
    in_menu: bool = True  # False: a page linked from a page's own text, never from the menu


ENTRIES = (
    Entry("overview", _("Overview"), "dashboard:overview"),
    Entry("participants", _("Participants"), "dashboard:participants"),
    Entry("initiatives", _("Citizen initiatives"), "dashboard:initiatives"),
    Entry("flow_events", _("Inflow, throughflow and outflow"), "dashboard:flow_events"),
    Entry("followup", _("Follow-up"), "dashboard:followup"),
    Entry("report", _("Report"), "dashboard:report"),
    Entry("import", _("Import people"), "dashboard:import"),
    Entry("routes", _("Nieuwe Route"), "nieuweroute:route_list"),
    Entry("neighbourhood_start", _("Start in a new neighbourhood"),
          "dashboard:neighbourhood_start", in_menu=False),
    Entry("initiative_create", _("New initiative"), "dashboard:initiative_create",
          in_menu=False),
)


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool


def page_may_open(view, user) -> bool:
    """Whether the view behind a URL lets `user` in. A page that is not (yet) one of the
    back office's views, such as the route list behind login_required, opens for every
    dashboard role: the site's header shows it to exactly them."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None and hasattr(view_class, "may_open"):
        return view_class.may_open(user)
    return may_use_dashboard(user)


class Navigation:
    """What this request's user may open of the back office; asked once per request."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def _urls(self) -> dict[str, str]:
        return {entry.key: reverse(entry.url_name) for entry in ENTRIES}

    @cached_property
    def opens(self) -> dict[str, bool]:
        user = self.request.user
        return {entry.key: page_may_open(resolve(self._urls[entry.key]).func, user)
                for entry in ENTRIES}

    @cached_property
    def links(self) -> list[Link]:
        path = self.request.path
        return [Link(entry.label, self._urls[entry.key], self._urls[entry.key] == path)
                for entry in ENTRIES if entry.in_menu and self.opens[entry.key]]


def navigation(request) -> Navigation:
    """The request's navigation, built once however many templates ask for it."""
    nav = getattr(request, "_back_office_navigation", None)
    if nav is None:
        nav = request._back_office_navigation = Navigation(request)
    return nav
