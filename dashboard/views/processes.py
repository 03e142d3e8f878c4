"""Neighbourhoods and their WEI processes: start one in a new neighbourhood, and the
process page with its phase track, checklist, transitions and everything under it."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Prefetch, Q, Sum
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from dashboard.forms.activities import ActivityForm
from dashboard.forms.confirm import Consequence
from dashboard.forms.processes import (
    AdvanceForm,
    CompleteForm,
    NeighbourhoodStartForm,
    ReopenForm,
    StepBackForm,
    StopForm,
)
from dashboard.journey import correction_note
from dashboard.permissions import WorkspaceMixin
from dashboard.views.common import apply_service, render_form_page
from initiatives.models import Initiative
from initiatives.steps import new_initiative_steps
from nieuweroute.models import Route
from participants.models import FlowEvent, FlowRole, PresenceTally
from wei import access, services
from wei.models import (
    Activity,
    Phase,
    PhaseDescription,
    PhaseTransition,
    Process,
    TransitionKind,
)
from wei.roles import PROCESS_MANAGER
from wei.steps import process_steps, transition_steps

LATEST = 20  # rows of each list on the process page; the lists behind it hold the rest


def process_url(process) -> str:
    return reverse("dashboard:process", args=[process.pk])


def startable_processes(user):
    """The running processes this user may add activities to."""
    return access.changeable(user, Process.objects.active())


class NeighbourhoodStartView(WorkspaceMixin, View):
    """A new neighbourhood and its first process, with its managers, in one step."""

    permission_required = ("wei.add_neighbourhood", "wei.add_process")
    title = gettext_lazy("Start in a new neighbourhood")

    def colleagues(self):
        managers = get_user_model().objects.filter(groups__name=PROCESS_MANAGER, is_active=True)
        return access.visible(self.request.user, managers).exclude(
            pk=self.request.user.pk).order_by("first_name", "last_name", "username")

    def get(self, request):
        return self.page(NeighbourhoodStartForm(colleagues=self.colleagues()))

    def post(self, request):
        form = NeighbourhoodStartForm(request.POST, colleagues=self.colleagues())
        if form.is_valid():
            data = form.cleaned_data
            process, ok = apply_service(form, lambda: services.neighbourhood_start(
                name=data["name"], municipality=data["municipality"],
                description=data["description"], title=data["title"],
                started_on=data["started_on"], managers=data.get("managers") or [],
                by=request.user))
            if ok:
                messages.success(request, _("%(neighbourhood)s is added and its process has "
                                            "started in the information phase.")
                                 % {"neighbourhood": process.neighbourhood.name})
                return redirect(process_url(process))
        return self.page(form, status=400)

    def page(self, form, status=200):
        return render_form_page(
            self.request, form=form, title=self.title, back=reverse("dashboard:overview"),
            action=reverse("dashboard:neighbourhood_start"),
            intro=_("The neighbourhood and its WEI process are made together; you are one "
                    "of its process managers."),
            submit=_("Add the neighbourhood and start the process"), status=status)


TRANSITION_FORMS = {
    "advance": AdvanceForm,
    "step_back": StepBackForm,
    "stop": StopForm,
    "reopen": ReopenForm,
    "complete": CompleteForm,
}


def advance_consequences(process, user) -> list[Consequence]:
    return [Consequence(_(
        "The process moves from the %(phase)s to the %(next)s; a criterion left unticked "
        "is recorded as not met.") % {"phase": Phase(process.phase).label.lower(),
                                      "next": Phase(process.phase + 1).label.lower()})]


def stop_consequences(process, user) -> list[Consequence]:
    """What a stop ends: the people taking part now, and the public activities still
    ahead, which residents no longer see once the process has stopped. Two queries."""
    people = access.visible(user, PresenceTally.objects.filter(process=process)).aggregate(
        total=Sum("people"))["total"] or 0
    ahead = access.visible(user, Activity.objects.filter(process=process, is_public=True)
                           ).upcoming(timezone.localdate()).order_by("date", "start_time", "id")
    ahead = [f"{date_format(activity.date, 'j F Y')} – {activity.title}" for activity in ahead]
    return [
        Consequence(ngettext(
            "%(count)s person takes part in the process now; they stay recorded as taking "
            "part until their outflow is recorded.",
            "%(count)s people take part in the process now; they stay recorded as taking "
            "part until their outflow is recorded.", people) % {"count": people}),
        Consequence(_("Residents no longer see these public activities still ahead:"), ahead)
        if ahead else Consequence(_("No public activity of the process lies ahead.")),
    ]


# What each step with a confirmation lists above its box.
CONSEQUENCES = {"advance": advance_consequences, "stop": stop_consequences}


def transition_forms(process, steps, data=None, *, only=None, user=None):
    """A form for each transition the process can take now (its open steps), by name;
    a step with a confirmation lists what it does (for `user`)."""
    forms = {}
    for step in steps.open:
        extra = {"consequences": CONSEQUENCES[step.name](process, user)} if (
            step.name in CONSEQUENCES) else {}
        forms[step.name] = TRANSITION_FORMS[step.name](
            data if step.name == only else None, process=process, prefix=step.name, **extra)
    return forms


class ProcessDetailView(WorkspaceMixin, View):
    permission_required = "wei.view_process"

    def get(self, request, pk):
        # Queries (besides session, user and permissions): the process with its
        # neighbourhood; whether it may be changed; the phase's description; the
        # transitions; their criteria; the criteria of this phase; activities (and their
        # count); initiatives (and count); people now per phase and role; the latest
        # flow events; routes; the running processes for the activity form. Fixed.
        process = access.get_visible_or_404(
            request.user, Process.objects.select_related("neighbourhood"), pk=pk)
        return render(request, "dashboard/processes/detail.html", process_page(request, process))


def process_page(request, process, *, may_change=None, forms=None):
    user = request.user
    if may_change is None:
        may_change = user.has_perm("wei.change_process") and access.may_change(user, process)
    # What the process can do (the read-only checklist asks it), and what this user may.
    steps = process_steps(process, user=user, may_change=may_change)
    state = steps if may_change else process_steps(process)
    # A new initiative in this process (the row rule asked again only for a user who may
    # not change the process's phases).
    initiative_steps = new_initiative_steps(process, user=user,
                                            may_change=may_change or None)
    if forms is None:
        forms = transition_forms(process, steps, user=user)
    # Every transition, corrected ones too (struck through, with who, when and why);
    # the current ones offer their correction.
    transitions = list(
        access.visible(user, PhaseTransition.history.filter(process=process))
        .select_related("decided_by", "withdrawn_by").prefetch_related(
            Prefetch("criteria_met", to_attr="criteria_list"))
        .order_by("-occurred_on", "-created_at", "-id"))
    replaced = {transition.corrects_id for transition in transitions}
    current = [transition for transition in transitions if transition.withdrawn_at is None]
    for transition in transitions:
        transition.process = process
        transition.corrected = correction_note(transition, replaced)
        transition.correct = transition_steps(
            transition, user=user, latest=bool(current) and transition is current[0],
            may_change=may_change)["correct"]
    activities = access.visible(user, Activity.objects.filter(process=process))
    initiatives = access.visible(user, Initiative.objects.filter(process=process))
    presence = access.visible(user, PresenceTally.objects.filter(process=process, people__gt=0))
    latest_flow = access.visible(user, FlowEvent.objects.filter(process=process)).select_related(
        "participant__neighbourhood").order_by("-occurred_on", "-id")[:LATEST]
    routes = access.visible(user, Route.objects.filter(
        Q(process=process) | Q(neighbourhood=process.neighbourhood_id))).select_related(
        "facilitator").order_by("-created_at", "-id")
    people_now = sorted(presence.values_list("phase", "role", "people"))
    ended = transitions[0] if transitions and not process.is_active and transitions[0].kind in (
        TransitionKind.STOP, TransitionKind.COMPLETE) else None
    context = {
        "process": process,
        "ended": ended,
        "may_change": may_change,
        "phase_steps": [(phase, phase < process.phase, phase == process.phase)
                        for phase in Phase],
        "description": PhaseDescription.objects.filter(phase=process.phase).first(),
        "transitions": transitions,
        "activities": list(activities.order_by("-date", "-id")[:LATEST]),
        "activity_count": activities.count(),
        "initiatives": list(initiatives.order_by("title", "id")[:LATEST]),
        "initiative_count": initiatives.count(),
        "people_now": [(Phase(phase).label, FlowRole(role).label, people)
                       for phase, role, people in people_now],
        "people_total": sum(people for _, _, people in people_now),
        "latest_flow": list(latest_flow),
        "routes": list(routes),
        "state": state,
        "steps": steps,
        "initiative_steps": initiative_steps,
        "page_steps": [*steps.values(), *initiative_steps.values(),
                       *(transition.correct for transition in transitions)],
        "forms": forms,
        # The steps besides moving on: open ones with their form, closed ones the
        # manager would look for with their reason.
        "other_steps": [(step, forms.get(step.name)) for step in steps.shown
                        if step.name != "advance"],
    }
    if may_change and process.is_active and user.has_perm("wei.add_activity"):
        context["activity_form"] = ActivityForm(
            processes=startable_processes(user), fixed_process=process, prefix="activiteit")
    return context


class TransitionView(WorkspaceMixin, View):
    """One transition of the process, posted from its page; a refusal shows the page
    again with the form as typed and the reason."""

    permission_required = "wei.change_process"
    name = ""
    success = ""

    def call(self, process, data, user):
        raise NotImplementedError

    def get(self, request, pk):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, pk):
        process = access.get_changeable_or_404(
            request.user, Process.objects.select_related("neighbourhood"), pk=pk)
        steps = process_steps(process, user=request.user, may_change=True)
        forms = transition_forms(process, steps, request.POST, only=self.name,
                                 user=request.user)
        # A step closed now is still posted to its service: what it answers says what
        # happened (the step was taken already) rather than only that it is closed.
        form = forms.get(self.name) or TRANSITION_FORMS[self.name](
            request.POST, process=process, prefix=self.name)
        if form.is_valid():
            _result, ok = apply_service(
                form, lambda: self.call(process, form.cleaned_data, request.user))
            if ok:
                messages.success(request, str(self.success))
                return redirect(process_url(process))
        if form.has_error(NON_FIELD_ERRORS, "stale") or self.name not in forms:
            # Taken since the page was shown (a second submit), or not a step of the
            # process now: the page as it is now, saying what happened.
            said = [str(error) for error in form.non_field_errors()] or [
                steps[self.name].reason]
            messages.error(request, " ".join(said))
            return redirect(process_url(process))
        process.refresh_from_db()
        context = process_page(request, process, may_change=True, forms=forms)
        context["refused"] = self.name
        return render(request, "dashboard/processes/detail.html", context, status=400)


def form_state(data) -> dict:
    """The phase and status the step's form was shown in, for the service to compare."""
    return {"expected_phase": data["expected_phase"],
            "expected_status": data["expected_status"]}


class AdvanceView(TransitionView):
    name = "advance"
    success = gettext_lazy("The process has moved on to the next phase.")

    def call(self, process, data, user):
        return services.process_advance_phase(
            process=process, to_phase=process.phase + 1, occurred_on=data["occurred_on"],
            rationale=data["rationale"], criteria=data["criteria"], by=user,
            confirmed=data["confirm"], **form_state(data))


class StepBackView(TransitionView):
    name = "step_back"
    success = gettext_lazy("The process has stepped back one phase.")

    def call(self, process, data, user):
        return services.process_advance_phase(
            process=process, to_phase=process.phase - 1, occurred_on=data["occurred_on"],
            rationale=data["rationale"], by=user, **form_state(data))


class StopView(TransitionView):
    name = "stop"
    success = gettext_lazy("The process has stopped.")

    def call(self, process, data, user):
        return services.process_stop(process=process, occurred_on=data["occurred_on"],
                                     reason=data["rationale"], by=user,
                                     confirmed=data["confirm"], **form_state(data))


class ReopenView(TransitionView):
    name = "reopen"
    success = gettext_lazy("The process has been reopened.")

    def call(self, process, data, user):
        return services.process_reopen(process=process, occurred_on=data["occurred_on"],
                                       rationale=data["rationale"], by=user,
                                       **form_state(data))


class CompleteView(TransitionView):
    name = "complete"
    success = gettext_lazy("The process is completed.")

    def call(self, process, data, user):
        return services.process_complete(process=process, occurred_on=data["occurred_on"],
                                         rationale=data["rationale"], by=user,
                                         **form_state(data))
