"""An initiative's staff page: its phase (and why it changed), its members (add, end),
reflections with the Action Learning questions, money flows, the support it asks for,
and publishing it; and starting a new initiative."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from dashboard.forms.initiatives import (
    InitiativeCreateForm,
    MemberAddForm,
    MemberEndForm,
    MoneyFlowForm,
    PhaseChangeForm,
    ReflectionForm,
    SupportForm,
)
from dashboard.permissions import DashboardAccessMixin, WorkspaceMixin
from dashboard.views.common import REFUSED, accept_posted, render_form_page
from dashboard.views.initiative_corrections import initiative_records
from dashboard.views.processes import startable_processes
from initiatives import services
from initiatives.models import (
    SUPPORT_FIELDS,
    FollowUp,
    FollowUpKind,
    Initiative,
    Membership,
    MoneyFlow,
    Reflection,
)
from initiatives.steps import initiative_steps, memberships_steps
from participants.filters import PeopleSearch
from participants.models import Participant
from wei import access
from wei.models import Activity

SEARCH_RESULTS = 20
PAST_MEMBERS_SHOWN = 20


def initiatives():
    return Initiative.objects.select_related("neighbourhood", "process").prefetch_related(
        "themes")


class InitiativePageMixin(DashboardAccessMixin, PermissionRequiredMixin):
    permission_required = "initiatives.view_initiative"
    template_name = "dashboard/initiatives/detail.html"

    def initiative(self, *, change=False):
        get = access.get_changeable_or_404 if change else access.get_visible_or_404
        return get(self.request.user, initiatives(), pk=self.kwargs["pk"])

    def people(self):
        return access.visible(self.request.user, Participant.objects.all())

    def page(self, initiative, *, status=200, **forms):
        user = self.request.user
        members = list(
            access.visible(user, Membership.objects.filter(initiative=initiative))
            .filter(ended_on__isnull=True).select_related("participant__neighbourhood")
            .order_by("participant__name", "id"))
        past = list(
            access.visible(user, Membership.objects.filter(initiative=initiative))
            .filter(ended_on__isnull=False).select_related("participant__neighbourhood")
            .order_by("-ended_on", "-id")[:PAST_MEMBERS_SHOWN])
        search = PeopleSearch(self.request.GET or None, queryset=self.people())
        found = []
        if search.is_bound and search.is_valid() and search.form.cleaned_data.get("q"):
            found = list(search.qs.exclude(pk__in=[m.participant_id for m in members])
                         .select_related("neighbourhood").order_by("name", "id")
                         [:SEARCH_RESULTS])
        add_form = forms.pop("member_form", None) or MemberAddForm(people=self.people())
        chosen = add_form["participant"].value() if add_form.is_bound else None
        # The choices shown are the search results (and whoever was chosen), never every
        # person in sight.
        add_form.fields["participant"].queryset = self.people().filter(
            pk__in=[p.pk for p in found] + ([chosen] if str(chosen or "").isdigit() else [])
        ).select_related("neighbourhood").order_by("name", "id")
        steps = initiative_steps(initiative, user=user)
        # One answer for every member and recorded row: a membership, a reflection or a
        # money flow is seen and changed by its initiative's row rule (initiatives.access).
        may_change = access.may_change(user, initiative)
        ending = memberships_steps(members, user=user, may_change=may_change)
        # Phase changes, reflections and money flows as recorded, corrections included.
        records = initiative_records(user, initiative, may_change=may_change,
                                     members=members, past=past)
        reflections = access.visible(user, Reflection.objects.filter(initiative=initiative))
        money = access.visible(user, MoneyFlow.objects.filter(initiative=initiative))
        totals = money.aggregate(total=Sum("amount"), n=Count("id"))
        context = {
            "initiative": initiative,
            "steps": steps,
            "page_steps": [*steps.values(),
                           *(step for m in members for step in ending[m.pk].values()),
                           *records.pop("correct_steps")],
            **records,
            "phase_form": PhaseChangeForm(initiative=initiative, steps=steps),
            "members": [(m, MemberEndForm(prefix=f"m{m.pk}"), ending[m.pk]["end"])
                        for m in members],
            "past_members": past,
            "search": search, "found": found,
            "member_form": add_form,
            "reflection_count": reflections.count(),
            "reflection_form": ReflectionForm(),
            "money_total": totals["total"] or 0, "money_count": totals["n"],
            "money_form": MoneyFlowForm(),
            "support_form": SupportForm(initial={
                name: getattr(initiative, name) for name in SUPPORT_FIELDS}),
            # An idea under review is never shown to residents (initiative_steps).
            "review": access.visible(user, FollowUp.objects.filter(
                signup__created_initiative=initiative, kind=FollowUpKind.IDEA,
                outcome="")).first()
            if user.has_perm("initiatives.view_followup") and not initiative.is_public
            else None,
        }
        if forms:
            context.update(forms)
            for name, form in forms.items():
                if name.startswith("end_form_"):
                    pk = int(name.removeprefix("end_form_"))
                    context["members"] = [(m, form if m.pk == pk else f, end)
                                          for m, f, end in context["members"]]
        return self.render_to_response(self.get_context_data(**context), status=status)


class InitiativeView(InitiativePageMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        return self.page(self.initiative())


class InitiativeWriteView(InitiativePageMixin, TemplateView):
    """A form of the page, posted: the service, then back to the page (or the page again
    with the refusal, answering REFUSED)."""

    permissions: tuple = ()
    context_name = ""
    anchor = ""

    def get_permission_required(self):
        return ["initiatives.view_initiative", *self.permissions]

    def get(self, request, *args, **kwargs):
        return redirect("dashboard:initiative", pk=self.initiative().pk)

    def post(self, request, *args, **kwargs):
        initiative = self.initiative(change=True)
        form = self.make_form(initiative, request.POST)
        return accept_posted(
            request, form, lambda: self.call(initiative, form.cleaned_data),
            success=lambda message: message,
            to=reverse("dashboard:initiative", args=[initiative.pk])
            + (f"#{self.anchor}" if self.anchor else ""),
        ) or self.page(initiative, status=REFUSED, **{self.context_name: form})

    def make_form(self, initiative, data):
        raise NotImplementedError

    def call(self, initiative, data) -> str:
        raise NotImplementedError


class MemberAddView(InitiativeWriteView):
    permissions = ("initiatives.add_membership", "participants.add_flowevent")
    context_name = "member_form"
    anchor = "members"

    def make_form(self, initiative, data):
        return MemberAddForm(data, people=self.people())

    def call(self, initiative, data):
        membership = services.membership_start(
            participant=data["participant"], initiative=initiative, role=data["role"],
            started_on=data["started_on"], channel=data["channel"], by=self.request.user)
        return _("%(name)s is now a member of %(initiative)s.") % {
            "name": membership.participant.name, "initiative": initiative.title}


class MemberEndView(InitiativeWriteView):
    permissions = ("initiatives.change_membership", "participants.add_flowevent")
    anchor = "members"

    def make_form(self, initiative, data):
        self.membership = access.get_changeable_or_404(
            self.request.user, Membership.objects.filter(
                initiative=initiative, ended_on__isnull=True).select_related("participant"),
            pk=self.kwargs["membership_pk"])
        self.context_name = f"end_form_{self.membership.pk}"
        return MemberEndForm(data, prefix=f"m{self.membership.pk}")

    def call(self, initiative, data):
        services.membership_end(membership=self.membership, ended_on=data["ended_on"],
                                reason=data["reason"], by=self.request.user)
        return _("%(name)s is no longer a member of %(initiative)s.") % {
            "name": self.membership.participant.name, "initiative": initiative.title}


class ReflectionAddView(InitiativeWriteView):
    permissions = ("initiatives.add_reflection",)
    context_name = "reflection_form"
    anchor = "reflections"

    def make_form(self, initiative, data):
        return ReflectionForm(data)

    def call(self, initiative, data):
        services.reflection_add(initiative=initiative, by=self.request.user, **data)
        return _("The reflection is recorded.")


class MoneyFlowAddView(InitiativeWriteView):
    permissions = ("initiatives.add_moneyflow",)
    context_name = "money_form"
    anchor = "money"

    def make_form(self, initiative, data):
        return MoneyFlowForm(data)

    def call(self, initiative, data):
        flow = services.money_flow_add(initiative=initiative, by=self.request.user, **data)
        return _("The money flow of € %(amount)s from %(source)s is recorded.") % {
            "amount": MoneyFlowForm.base_fields["amount"].widget.format_value(flow.amount),
            "source": flow.source.name}


class PhaseChangeView(InitiativeWriteView):
    permissions = ("initiatives.change_initiative",)
    context_name = "phase_form"
    anchor = "phase"

    def make_form(self, initiative, data):
        return PhaseChangeForm(data, initiative=initiative,
                               steps=initiative_steps(initiative, user=self.request.user))

    def call(self, initiative, data):
        change = services.initiative_phase_change(initiative=initiative, by=self.request.user,
                                                  **data)
        return _("%(title)s is now in the phase: %(phase)s.") % {
            "title": initiative.title, "phase": change.get_to_phase_display()}


class SupportView(InitiativeWriteView):
    permissions = ("initiatives.change_initiative",)
    context_name = "support_form"
    anchor = "support"

    def make_form(self, initiative, data):
        return SupportForm(data)

    def call(self, initiative, data):
        services.initiative_set_support(initiative=initiative, by=self.request.user, **data)
        return _("The support asked for is saved.")


class PublishView(InitiativeWriteView):
    permissions = ("initiatives.change_initiative",)

    def post(self, request, *args, **kwargs):
        initiative = self.initiative(change=True)
        show = request.POST.get("is_public") == "true"
        try:
            services.initiative_set_public(initiative=initiative, is_public=show,
                                           by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            text = (_("%(title)s is now shown on the public pages.") if show
                    else _("%(title)s is no longer shown on the public pages."))
            messages.success(request, text % {"title": initiative.title})
        return redirect("dashboard:initiative", pk=initiative.pk)


class InitiativeCreateView(WorkspaceMixin, View):
    """A new initiative, from the list of initiatives or from a process's page (which
    chooses its process: `?proces=`), in a running process the user may change."""

    permission_required = ("initiatives.view_initiative", "initiatives.add_initiative")

    def form(self, data=None):
        processes = startable_processes(self.request.user)
        initial = {}
        chosen = self.request.GET.get("proces", "")
        if chosen:
            # A process out of sight, or one that takes no initiative now: a 404, as
            # any address of a row one may not change.
            initial["process"] = access.get_changeable_or_404(
                self.request.user, processes, pk=chosen if chosen.isdigit() else 0).pk
        activities = access.visible(self.request.user, Activity.objects.filter(
            process__in=processes.values("pk")))
        return InitiativeCreateForm(data, processes=processes, activities=activities,
                                    initial=initial)

    def get(self, request):
        return self.page(self.form())

    def post(self, request):
        form = self.form(request.POST)
        return accept_posted(
            request, form,
            lambda: services.initiative_create(by=request.user, **form.cleaned_data),
            success=lambda initiative: _("%(title)s has been added.") % {
                "title": initiative.title},
            to=lambda initiative: reverse("dashboard:initiative", args=[initiative.pk]),
        ) or self.page(form)

    def page(self, form):
        # A bound form is a refused one: REFUSED (render_form_page).
        chosen = form.initial.get("process")
        return render_form_page(
            self.request, form=form, title=_("New initiative"),
            back=(reverse("dashboard:process", args=[chosen]) if chosen
                  else reverse("dashboard:initiatives")),
            action=reverse("dashboard:initiative_create") + (
                f"?proces={chosen}" if chosen else ""),
            intro=_("A citizen initiative in a running process of its neighbourhood. It is "
                    "not shown to residents until you tick it as public."),
            submit=_("Add the initiative"))
