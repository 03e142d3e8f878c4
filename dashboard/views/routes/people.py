"""The people of a route: finding or adding them, the preparatory conversations, the
people suggested there and the information requests they raise."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dashboard.views.common import REFUSED, apply_service
from dashboard.views.routes.common import RouteView, StepFormView
from dashboard.views.routes.routes import RouteDetailView
from nieuweroute import services
from nieuweroute.forms import AnswerForm, ConversationForm, RoutePeopleForm
from nieuweroute.models import InformationRequest
from participants.forms import NewParticipantForm


class PeopleView(RouteView):
    """Find people of the route's neighbourhood, or add someone new there, onto the route."""

    def forms(self, route):
        request = self.request
        find = RoutePeopleForm(request.POST or request.GET or None, route=route)
        new = NewParticipantForm(request.POST if request.POST.get("action") == "new" else None,
                                 prefix="nieuw")
        return find, new

    def page(self, route, find, new, status=200):
        return render(self.request, "dashboard/routes/people.html", {
            "route": route, "find": find, "new": new, "found": find.found()}, status=status)

    def get(self, request, pk):
        route = self.get_route()
        return self.page(route, *self.forms(route))

    def post(self, request, pk):
        route = self.get_route()
        find, new = self.forms(route)
        if request.POST.get("action") == "new":
            if new.is_valid():
                person, ok = apply_service(new, lambda: services.route_person_register(
                    route=route, **new.cleaned_data))
                if ok:
                    messages.success(request, _("%(name)s has been added to the route. Record "
                                                "the preparatory conversation now.")
                                     % {"name": person.name})
                    return redirect(reverse("nieuweroute:conversation_add", args=[route.pk])
                                    + f"?participant={person.pk}")
        elif find.is_valid() and find.cleaned_data["add"]:
            added = services.route_participants_add(route=route,
                                                    participants=find.cleaned_data["add"])
            messages.success(request, ngettext(
                "%(count)s person has been added to the route.",
                "%(count)s people have been added to the route.", len(added))
                % {"count": len(added)})
            return redirect(route)
        elif find.is_valid():
            find.add_error("add", _("Tick the people to add to the route."))
        return self.page(route, find, new, status=REFUSED)


class ConversationAddView(StepFormView):
    permission_required = "nieuweroute.add_conversation"
    title = gettext_lazy("Record a preparatory conversation")
    success = gettext_lazy("The conversation has been recorded.")

    def get_form(self, data=None):
        return ConversationForm(data, route=self.route, initial={
            "held_on": timezone.localdate(),
            "participant": self.request.GET.get("participant")})

    def call(self, d):
        return services.conversation_record(
            route=self.route, participant=d["participant"], held_on=d["held_on"],
            held_by=self.request.user, setting=d["setting"], suggestions=d["suggestions"],
            information_needs=d["information_needs"], decision_needs=d["decision_needs"],
            confirmed_email=d["confirmed_email"], language=d["language"], notes=d["notes"])


class SuggestionAcceptView(RouteDetailView):
    """One click: the suggested person becomes a participant of the route."""

    permission_required = "nieuweroute.change_suggestion"

    def get(self, request, pk, suggestion_pk):
        return super().http_method_not_allowed(request)

    def post(self, request, pk, suggestion_pk):
        route = self.get_route()
        suggestion = get_object_or_404(
            route.suggestions.select_related("conversation__participant"), pk=suggestion_pk)
        try:
            participant = services.suggestion_accept(suggestion=suggestion)
        except ValidationError as error:
            return self.refused(error)
        messages.success(request, _("%(name)s is now a participant of the route.")
                         % {"name": participant.name})
        return redirect(route)


class InformationAnswerView(StepFormView):
    permission_required = "nieuweroute.change_informationrequest"
    title = gettext_lazy("Answer an information request")
    success = gettext_lazy("The answer has been saved for the information pack.")

    def load(self):
        super().load()
        self.info = get_object_or_404(InformationRequest.objects.filter(route=self.route),
                                      pk=self.kwargs["request_pk"])

    def get_intro(self):
        return self.info.question

    def get_form(self, data=None):
        info = self.info
        return AnswerForm(data, route=self.route, initial={
            "answer": info.answer, "answered_on": info.answered_on or timezone.localdate(),
            "informant_person": info.informant_person_id,
            "informant_organisation": info.informant_organisation_id})

    def call(self, d):
        return services.information_request_answer(
            request=self.info, answer=d["answer"], answered_on=d["answered_on"],
            informant_person=d["informant_person"],
            informant_organisation=d["informant_organisation"])
