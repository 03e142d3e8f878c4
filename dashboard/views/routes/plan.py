"""The plan decided at the meeting: recording a version, its page with the agreements and
the checks against the kaders, and the verdict and sending that follow."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dashboard.forms.confirm import Consequence
from dashboard.forms.plan import PlanAcceptForm, PlanSendForm
from dashboard.views.common import REFUSED, apply_service, render_form_page
from dashboard.views.routes.common import FORM_PAGE, RouteView, StepFormView
from nieuweroute import selectors, services
from nieuweroute.forms import KaderCheckForm, PlanForm, PlanItemForm, SendBackForm
from nieuweroute.models import PlanItem, PlanVersion
from nieuweroute.steps import PlanFacts, meeting_steps, plan_steps

DETAIL = "dashboard/routes/plan_detail.html"


class PlanAddView(StepFormView):
    permission_required = "nieuweroute.add_planversion"
    title = gettext_lazy("Record the plan")
    success = gettext_lazy("The plan has been recorded.")

    def step(self):
        return meeting_steps(self.route, user=self.request.user, may_change=True)["add_plan"]

    def get_form(self, data=None):
        return PlanForm(data, initial={"decided_on": self.route.meeting_date})

    def call(self, d):
        return services.plan_record(route=self.route, decided_on=d["decided_on"],
                                    summary=d["summary"], at_continuation=d["at_continuation"],
                                    by=self.request.user)

    def success_url(self, plan):
        return plan.get_absolute_url()


def plan_page_facts(plan, page) -> PlanFacts:
    """The plan's facts from the rows its page loaded (its route with progress, and for
    an accepted plan its recipients)."""
    if plan.is_accepted:
        return PlanFacts.sending(page["recipients"],
                                 {sending.participant_id for sending in page["sendings"]})
    return PlanFacts.checked([kader for kader, _check in page["check_rows"]],
                             {check.kader_id: check for _kader, check in page["check_rows"]
                              if check is not None},
                             attendance=plan.route.attendance_recorded)


def accept_consequences(plan, facts: PlanFacts) -> list[Consequence]:
    """Before the confirmation: what the check against the kaders did not cover."""
    warnings = selectors.plan_acceptance_warnings(plan.route)
    said = []
    if warnings["unsteered"]:
        said.append(Consequence(_(
            "These steering organisations fixed no kader, so the plan has not been checked "
            "against anything of theirs:"), warnings["unsteered"]))
    if requests := warnings["open_requests"]:
        said.append(Consequence(ngettext(
            "%(count)s information request has not been answered:",
            "%(count)s information requests have not been answered:", len(requests))
            % {"count": len(requests)}, requests))
    said.append(Consequence(ngettext(
        "The plan meets the %(count)s fixed kader; accepted, it no longer changes and is "
        "ready to be sent to everyone spoken to.",
        "The plan meets all %(count)s fixed kaders; accepted, it no longer changes and is "
        "ready to be sent to everyone spoken to.", facts.fixed) % {"count": facts.fixed}))
    return said


def send_consequences(plan, page) -> list[Consequence]:
    """To whom the plan goes, and who it does not reach."""
    sent = {sending.participant_id for sending in page["sendings"]}
    going = [f"{participant.name} ({email})" for participant, email, _language
             in page["recipients"] if participant.pk not in sent]
    said = [Consequence(ngettext(
        "The plan goes by e-mail to %(count)s person spoken to:",
        "The plan goes by e-mail to %(count)s people spoken to:", len(going))
        % {"count": len(going)}, going)]
    if sent:
        said.append(Consequence(ngettext(
            "%(count)s person has received it already and does not get it again.",
            "%(count)s people have received it already and do not get it again.", len(sent))
            % {"count": len(sent)}))
    if without := selectors.spoken_to_without_address(plan.route, page["recipients"]):
        said.append(Consequence(ngettext(
            "%(count)s person spoken to has no e-mail address and does not receive it:",
            "%(count)s people spoken to have no e-mail address and do not receive it:",
            len(without)) % {"count": len(without)}, without))
    return said


class PlanView(RouteView):
    """The plan page, and the steps posted from it: a refusal shows the page again with
    the reason, and a refused form as typed (REFUSED)."""

    permission_required = "nieuweroute.view_planversion"

    def get_plan(self):
        route = self.get_route(progress=True)
        plan = get_object_or_404(PlanVersion.objects.filter(route=route),
                                 pk=self.kwargs["plan_pk"])
        plan.route = route
        return plan

    def context(self, plan, *, data=None, posted="", **forms):
        route = plan.route
        page = selectors.plan_page(plan)
        page["recipients"] = services.plan_recipients(route) if plan.is_accepted else []
        facts = plan_page_facts(plan, page)
        steps = plan_steps(plan, user=self.request.user, facts=facts, may_change=True)
        # The steps that list what they do above their confirmation, when open.
        if steps["accept"].is_open:
            forms["accept_form"] = PlanAcceptForm(
                data if posted == "accept" else None,
                consequences=accept_consequences(plan, facts))
        if steps["send"].is_open:
            forms["send_form"] = PlanSendForm(
                data if posted == "send" else None,
                consequences=send_consequences(plan, page))
        return {
            "route": route, "plan": plan, **page, "steps": steps,
            "page_steps": list(steps.values()),
            "item_form": forms.get("item_form") or PlanItemForm(route=route),
            "check_form": forms.get("check_form") or KaderCheckForm(
                route=route, initial={"checked_on": timezone.localdate()}),
            "send_back_form": forms.get("send_back_form") or SendBackForm(),
            "accept_form": forms.get("accept_form"),
            "send_form": forms.get("send_form"),
        }

    def get(self, request, *args, **kwargs):
        # Queries: session, user, roles, permissions, route with progress, plan, kaders,
        # sub-points, checks, items, sendings, the forms' choices. Fixed in the data.
        return render(request, DETAIL, self.context(self.get_plan()))

    def refused(self, plan, error=None, **forms):
        context = self.context(plan, **forms)
        if error is not None:
            context["refusal"] = " ".join(error.messages)
        return render(self.request, DETAIL, context, status=REFUSED)


class PlanButtonView(PlanView):
    """A one-button step of the plan."""

    permission_required = "nieuweroute.change_planversion"
    success = ""

    def get(self, request, *args, **kwargs):
        return self.http_method_not_allowed(request)

    def call(self, plan):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        plan = self.get_plan()
        try:
            result = self.call(plan)
        except ValidationError as error:
            return self.refused(self.get_plan(), error)
        messages.success(request, self.message(result))
        return redirect(plan)

    def message(self, result):
        return str(self.success)


class PlanConfirmView(PlanView):
    """A step of the plan posted with its confirmation, the consequences listed above it:
    refused, the page again with the form and the reason (REFUSED); a step closed by now
    (taken already, by a second submit) says why above the page."""

    permission_required = "nieuweroute.change_planversion"
    name = ""
    success = ""

    def get(self, request, *args, **kwargs):
        return self.http_method_not_allowed(request)

    def call(self, plan, confirmed):
        raise NotImplementedError

    def message(self, result):
        return str(self.success)

    def post(self, request, *args, **kwargs):
        plan = self.get_plan()
        context = self.context(plan, data=request.POST, posted=self.name)
        form = context[f"{self.name}_form"]
        if form is None:
            context["refusal"] = context["steps"][self.name].reason
            return render(request, DETAIL, context, status=REFUSED)
        if form.is_valid():
            result, ok = apply_service(
                form, lambda: self.call(plan, form.cleaned_data["confirm"]))
            if ok:
                messages.success(request, self.message(result))
                return redirect(plan)
        return render(request, DETAIL, context, status=REFUSED)


class PlanAcceptView(PlanConfirmView):
    name = "accept"
    success = gettext_lazy("The plan meets every kader and has been accepted.")

    def call(self, plan, confirmed):
        return services.plan_accept(plan=plan, by=self.request.user, confirmed=confirmed)


class PlanSendView(PlanConfirmView):
    permission_required = "nieuweroute.add_plansending"
    name = "send"

    def call(self, plan, confirmed):
        return services.plan_send(plan=plan, confirmed=confirmed)

    def message(self, sendings):
        return _("The plan has been sent to %(count)s participants.") % {"count": len(sendings)}


class PlanItemRemoveView(PlanButtonView):
    permission_required = "nieuweroute.change_planitem"
    success = gettext_lazy("The agreement has been removed.")

    def call(self, plan):
        item = get_object_or_404(PlanItem.objects.filter(plan=plan), pk=self.kwargs["item_pk"])
        return services.plan_item_remove(item=item)


class PlanFormStepView(PlanView):
    """A step of the plan with a form: on the plan page, or on a page of its own (GET)."""

    name = ""  # the step
    form_name = ""  # the form's name on the plan page
    title = success = ""

    def get_form(self, plan, data=None):
        raise NotImplementedError

    def call(self, plan, data):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        plan = self.get_plan()
        step = plan_steps(plan, user=request.user, may_change=True)[self.name]
        form = self.get_form(plan)
        form.helper.attrs = {"data-step": step.key}
        return render_form_page(
            request, form=form, title=self.title, back=plan.get_absolute_url(),
            action=request.path, template=FORM_PAGE,
            context={"route": plan.route, "step": step, "page_steps": [step]})

    def post(self, request, *args, **kwargs):
        plan = self.get_plan()
        form = self.get_form(plan, request.POST)
        if form.is_valid():
            _result, ok = apply_service(form, lambda: self.call(plan, form.cleaned_data))
            if ok:
                messages.success(request, str(self.success))
                return redirect(plan)
        plan = self.get_plan()
        context = self.context(plan, **{self.form_name: form})
        if not context["steps"][self.name].is_open:
            # The form is not shown for a closed step: its refusal is said above the page.
            said = [str(context["steps"][self.name].reason)]
            said += [str(e) for errors in form.errors.values() for e in errors]
            context["refusal"] = " ".join(dict.fromkeys(said))
        return render(request, DETAIL, context, status=REFUSED)


class PlanItemAddView(PlanFormStepView):
    permission_required = "nieuweroute.add_planitem"
    name, form_name = "edit", "item_form"
    title = gettext_lazy("Add an agreement")
    success = gettext_lazy("The agreement has been added.")

    def get_form(self, plan, data=None):
        return PlanItemForm(data, route=plan.route)

    def call(self, plan, d):
        return services.plan_item_add(
            plan=plan, what=d["what"], who_participant=d["who_participant"],
            who_organisation=d["who_organisation"], due_on=d["due_on"])


class KaderCheckView(PlanFormStepView):
    permission_required = "nieuweroute.add_kadercheck"
    name, form_name = "check", "check_form"
    title = gettext_lazy("Check the plan against a kader")
    success = gettext_lazy("The check has been saved.")

    def get_form(self, plan, data=None):
        return KaderCheckForm(data, route=plan.route,
                              initial={"checked_on": timezone.localdate()})

    def call(self, plan, d):
        return services.kader_check_record(
            plan=plan, kader=d["kader"], meets=d["meets"], explanation=d["explanation"],
            checked_on=d["checked_on"], by=self.request.user)


class PlanSendBackView(PlanFormStepView):
    permission_required = "nieuweroute.change_planversion"
    name, form_name = "send_back", "send_back_form"
    title = gettext_lazy("Send the plan back")
    success = gettext_lazy("The plan has been sent back.")

    def get_form(self, plan, data=None):
        return SendBackForm(data)

    def call(self, plan, d):
        return services.plan_send_back(plan=plan, by=self.request.user, note=d["note"])


class PlanItemEditView(StepFormView):
    """Change an agreement, on a page of its own."""

    permission_required = "nieuweroute.change_planitem"
    title = gettext_lazy("Change an agreement")
    success = gettext_lazy("The agreement has been changed.")

    def load(self):
        super().load()
        self.plan = get_object_or_404(PlanVersion.objects.filter(route=self.route),
                                      pk=self.kwargs["plan_pk"])
        self.plan.route = self.route
        self.item = get_object_or_404(PlanItem.objects.filter(plan=self.plan),
                                      pk=self.kwargs["item_pk"])

    def step(self):
        return plan_steps(self.plan, user=self.request.user, may_change=True)["edit"]

    def back(self):
        return self.plan.get_absolute_url()

    def success_url(self, result):
        return self.plan.get_absolute_url()

    def get_form(self, data=None):
        item = self.item
        return PlanItemForm.for_change(data, route=self.route, initial={
            "what": item.what, "who_participant": item.who_participant_id,
            "who_organisation": item.who_organisation_id, "due_on": item.due_on})

    def call(self, d):
        return services.plan_item_update(
            item=self.item, what=d["what"], who_participant=d["who_participant"],
            who_organisation=d["who_organisation"], due_on=d["due_on"])
