"""The routes: the list, starting and editing one, its page, and setting, moving or
cancelling its decision meeting."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from dashboard.permissions import WorkspaceMixin
from dashboard.views.common import REFUSED
from dashboard.views.routes.common import RouteView, StepFormView
from nieuweroute import selectors, services
from nieuweroute.forms import MeetingForm, RouteEditForm
from nieuweroute.models import Route
from nieuweroute.steps import (
    RouteFacts,
    invitation_steps,
    kader_steps,
    meeting_steps,
    suggestion_steps,
)
from wei import access

DETAIL = "dashboard/routes/route_detail.html"


class RouteListView(WorkspaceMixin, View):
    """The routes this user works on."""

    permission_required = "nieuweroute.view_route"

    def get(self, request):
        # Queries: session, user, roles, permissions, routes with their progress (one query).
        routes = selectors.route_list(access.changeable(request.user, Route.objects.all()))
        return render(request, "dashboard/routes/route_list.html", {"routes": routes})


def route_page(request, route) -> dict:
    """The route page's rows with the steps of its meeting, kaders, suggestions and
    invitations, asked with the rows already loaded (no query more than the rows')."""
    page = selectors.route_page(route)
    user, today = request.user, timezone.localdate()
    facts = RouteFacts.from_page(route, conversations=page["conversations"],
                                 invitations=page["invitations"], plans=page["plans"])
    steps = meeting_steps(route, user=user, today=today, facts=facts, may_change=True)
    page_steps = list(steps.values())
    for kader in page["kaders"]:
        kader.steps = kader_steps(kader, user=user, may_change=True)
        page_steps += kader.steps.values()
    for suggestion in page["suggestions"]:
        suggestion.steps = suggestion_steps(suggestion, user=user, may_change=True)
        page_steps += suggestion.steps.values()
    for invitation in page["invitations"]:
        invitation.route = route
        invitation.steps = invitation_steps(invitation, user=user, today=today,
                                            may_change=True)
        page_steps += invitation.steps.values()
    if facts.held:
        page["warnings"] = []  # nothing stands open before a meeting that has taken place
    return {"route": route, **page, "steps": steps, "page_steps": page_steps}


class RouteDetailView(RouteView):
    permission_required = "nieuweroute.view_route"

    def get(self, request, pk):
        # Queries: session, user, roles, permissions, route with progress; kaders, their
        # sub-points, conversations, open suggestions, information requests, invitations,
        # plan versions, the routes that follow it. Fixed in the data.
        return render(request, DETAIL, route_page(request, self.get_route(progress=True)))

    def refused(self, error):
        """The route page again with a service's refusal (for its one-button steps)."""
        context = route_page(self.request, self.get_route(progress=True))
        context["refusal"] = " ".join(error.messages)
        return render(self.request, DETAIL, context, status=REFUSED)


class RouteCreateView(StepFormView):
    permission_required = "nieuweroute.add_route"
    title = gettext_lazy("Start a Nieuwe Route")
    success = gettext_lazy("The route has been started.")

    def load(self):
        self.route = None

    def back(self):
        return reverse("nieuweroute:route_list")

    def get_form(self, data=None):
        return RouteEditForm(data, user=self.request.user, new=True)

    def call(self, data):
        return services.route_create(
            title=data["title"], kwestie=data["kwestie"], consequences=data["consequences"],
            facilitator=self.request.user, steering_organisations=data["steering_organisations"],
            neighbourhood=data["neighbourhood"], process=data["process"],
            follows=data["follows"])

    def success_url(self, route):
        return route.get_absolute_url()


class RouteEditView(StepFormView):
    title = gettext_lazy("Edit the route")
    success = gettext_lazy("The route has been saved.")

    def get_form(self, data=None):
        route = self.route
        return RouteEditForm(data, user=self.request.user, route=route, initial={
            "title": route.title, "kwestie": route.kwestie, "consequences": route.consequences,
            "neighbourhood": route.neighbourhood_id, "process": route.process_id,
            "follows": route.follows_id})

    def call(self, d):
        return services.route_update(
            route=self.route, title=d["title"], kwestie=d["kwestie"],
            consequences=d["consequences"], neighbourhood=d["neighbourhood"],
            process=d["process"], follows=d["follows"])


class MeetingEditView(StepFormView):
    """Set the decision meeting, or move it (the step that fits the route)."""

    title = gettext_lazy("The decision meeting")
    success = gettext_lazy("The decision meeting has been set.")

    def load(self):
        super().load()
        self.steps = meeting_steps(self.route, user=self.request.user, may_change=True)

    def step(self):
        return self.steps["move" if self.route.meeting_is_set else "set"]

    def get_intro(self):
        invited = self.route.invitations.count()
        if not invited:
            return ""
        return ngettext(
            "One invitation has gone out: moving the meeting sends the invitee the new date, "
            "time and place with an updated calendar file, and asks again whether they will "
            "come.",
            "%(count)s invitations have gone out: moving the meeting sends every invitee the "
            "new date, time and place with an updated calendar file, and asks again whether "
            "they will come.", invited) % {"count": invited}

    def get_form(self, data=None):
        route = self.route
        return MeetingForm(data, initial={"date": route.meeting_date,
                                          "start": route.meeting_start,
                                          "end": route.meeting_end,
                                          "place": route.meeting_place})

    def call(self, d):
        return services.route_set_meeting(
            route=self.route, date=d["date"], start=d["start"], end=d["end"], place=d["place"],
            base_url=self.request.build_absolute_uri("/"))


class MeetingCancelView(RouteView):
    template = "dashboard/routes/meeting_cancel.html"

    def context(self, route):
        step = meeting_steps(route, user=self.request.user, may_change=True)["cancel"]
        return {"route": route, "invited": route.invitations.count(), "step": step,
                "page_steps": [step]}

    def get(self, request, pk):
        return render(request, self.template, self.context(self.get_route()))

    def post(self, request, pk):
        route = self.get_route()
        try:
            told = services.route_cancel_meeting(route=route)
        except ValidationError as error:
            context = self.context(route)
            context["refusal"] = " ".join(error.messages)
            return render(request, self.template, context, status=REFUSED)
        messages.success(request, ngettext(
            "The decision meeting has been cancelled; one invitee has been told.",
            "The decision meeting has been cancelled; %(count)s invitees have been told.",
            told) % {"count": told})
        return redirect(route)


class InformationPackView(RouteView):
    permission_required = "nieuweroute.view_route"

    def get(self, request, pk):
        route = self.get_route()
        return render(request, "dashboard/routes/information_pack.html", {
            "route": route, "requests": selectors.information_pack(route),
            "kader_groups": selectors.kaders_by_organisation(
                [k for k in selectors.kaders_of(route) if k.is_fixed]),
        })
