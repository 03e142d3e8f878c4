"""What the route pages share: the three checks of the back office (the door, the model
permission, the row rule), a step with a form on a page of its own, and a one-button step
posted from the route's or the plan's page."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views import View

from dashboard.permissions import WorkspaceMixin
from dashboard.views.common import REFUSED, apply_service, render_form_page
from nieuweroute.models import Route
from wei import access

FORM_PAGE = "dashboard/routes/step_form.html"


class RouteView(WorkspaceMixin, View):
    """A page of one route this user may change (its facilitator, the process managers of
    its neighbourhood); anyone else gets a 404."""

    permission_required = "nieuweroute.change_route"

    def get_route(self, *, progress=False) -> Route:
        routes = Route.objects.select_related("neighbourhood", "process", "facilitator",
                                              "follows")
        if progress:
            routes = routes.with_progress()
        return access.get_changeable_or_404(self.request.user, routes, pk=self.kwargs["pk"])

    def http_method_not_allowed(self, request, *args, **kwargs):
        """A method the page does not take: still a 404 for a route out of sight, so that
        no answer tells whether it exists."""
        if "pk" in self.kwargs:
            self.get_route()
        return super().http_method_not_allowed(request, *args, **kwargs)


class StepFormView(RouteView):
    """One step with a form on a page of its own. A closed step shows its reason instead of
    the form; a refused form is shown again as typed (REFUSED); accepted, a redirect."""

    title = ""
    success = ""
    intro = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.route = None

    def load(self):
        """Fetch what the step is about (the route at least) onto the view."""
        self.route = self.get_route()

    def step(self):
        """The Step this page takes (nieuweroute.steps), or None for a plain form."""
        return None

    def get_form(self, data=None):
        raise NotImplementedError

    def call(self, data):
        raise NotImplementedError

    def success_url(self, result):
        return self.route.get_absolute_url()

    def back(self):
        return self.route.get_absolute_url()

    def get_title(self):
        return self.title

    def get_intro(self):
        return self.intro

    def get(self, request, *args, **kwargs):
        self.load()
        return self.page(self.get_form())

    def post(self, request, *args, **kwargs):
        self.load()
        form = self.get_form(request.POST)
        if form.is_valid():
            result, ok = apply_service(form, lambda: self.call(form.cleaned_data))
            if ok:
                messages.success(request, str(self.success))
                return redirect(self.success_url(result))
        return self.page(form)

    def page(self, form):
        step = self.step()
        if step is not None:
            form.helper.attrs = {"data-step": step.key}
        return render_form_page(
            self.request, form=form, title=self.get_title(), back=self.back(),
            action=self.request.path, intro=self.get_intro(), template=FORM_PAGE,
            context={"route": self.route, "step": step,
                     "page_steps": [step] if step is not None else []})


class ButtonStepView(RouteView):
    """A one-button step posted from a page (the route's, the plan's): accepted, back to
    that page with a message; refused, that page again with the reason (REFUSED)."""

    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, *args, **kwargs):
        raise NotImplementedError

    def refused(self, template, context, error):
        context["refusal"] = " ".join(error.messages)
        return render(self.request, template, context, status=REFUSED)
