"""The kaders of a route, on its own pages: adding one, editing and fixing a concept."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboard.views.routes.common import StepFormView
from dashboard.views.routes.routes import RouteDetailView
from nieuweroute import services
from nieuweroute.forms import KaderForm
from nieuweroute.models import Kader
from nieuweroute.steps import kader_steps


class KaderAddView(StepFormView):
    permission_required = "nieuweroute.add_kader"
    title = gettext_lazy("Add a kader")
    success = gettext_lazy("The kader has been added as a concept.")

    def get_form(self, data=None):
        return KaderForm(data, route=self.route)

    def call(self, d):
        return services.kader_add(
            route=self.route, number=d["number"], organisation=d["organisation"],
            text=d["text"], explanation=d["explanation"],
            sub_points=d["sub_points"].splitlines(), by=self.request.user)


class KaderEditView(StepFormView):
    permission_required = "nieuweroute.change_kader"
    success = gettext_lazy("The kader has been changed.")

    def load(self):
        super().load()
        self.kader = get_object_or_404(Kader.objects.filter(route=self.route),
                                       pk=self.kwargs["kader_pk"])

    def get_title(self):
        return _("Edit kader %(number)s") % {"number": self.kader.number}

    def step(self):
        return kader_steps(self.kader, user=self.request.user)["edit"]

    def get_form(self, data=None):
        kader = self.kader
        return KaderForm(data, route=self.route, editing=True, initial={
            "number": kader.number, "text": kader.text, "explanation": kader.explanation,
            "sub_points": "\n".join(p.text for p in kader.sub_points.all())})

    def call(self, d):
        return services.kader_update(
            kader=self.kader, number=d["number"], text=d["text"], explanation=d["explanation"],
            sub_points=d["sub_points"].splitlines(), by=self.request.user)


class KaderFixView(RouteDetailView):
    permission_required = "nieuweroute.change_kader"

    def get(self, request, pk, kader_pk):
        return super().http_method_not_allowed(request)

    def post(self, request, pk, kader_pk):
        route = self.get_route()
        kader = get_object_or_404(Kader.objects.filter(route=route), pk=kader_pk)
        try:
            services.kader_fix(kader=kader, by=request.user)
        except ValidationError as error:
            return self.refused(error)
        messages.success(request, _("Kader %(number)s is now fixed.") % {"number": kader.number})
        return redirect(route)
