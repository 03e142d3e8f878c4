"""The overview: every app's panels for the neighbourhoods the user may see."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils import timezone
from django.views.generic import TemplateView

from dashboard import charts
from dashboard.forms import NeighbourhoodChoiceForm
from dashboard.permissions import DashboardAccessMixin
from initiatives import selectors as initiative_selectors
from initiatives.models import (
    FollowUp,
    FollowUpStatus,
    Initiative,
    InitiativeForm,
    MoneyFlow,
    Reflection,
)
from nieuweroute import selectors as route_selectors
from nieuweroute.models import Route
from participants import selectors as participant_selectors
from participants.models import FlowKind, FlowTally, PresenceTally
from wei import access
from wei import selectors as wei_selectors
from wei.models import Activity, Neighbourhood, Phase, Process

PROCESSES_PER_PAGE = 6


class OverviewView(DashboardAccessMixin, TemplateView):
    template_name = "dashboard/overview.html"

    def scoped(self, queryset, neighbourhood_path):
        """What the user may see of `queryset`, in the chosen neighbourhood if any."""
        queryset = access.visible(self.request.user, queryset)
        if self.neighbourhood:
            queryset = queryset.filter(**{neighbourhood_path: self.neighbourhood})
        return queryset

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        form = NeighbourhoodChoiceForm(
            self.request.GET or None,
            neighbourhoods=access.visible(self.request.user, Neighbourhood.objects.all()),
        )
        self.neighbourhood = form.cleaned_data["wijk"] if form.is_valid() else None

        processes = Paginator(
            self.scoped(Process.objects.all(), "neighbourhood").order_by(
                "neighbourhood__name", "-started_on", "id"),
            PROCESSES_PER_PAGE,
        ).get_page(self.request.GET.get("pagina"))
        flows = self.scoped(FlowTally.objects.all(), "process__neighbourhood")
        initiatives = self.scoped(Initiative.objects.all(), "neighbourhood")
        routes = self.scoped(Route.objects.all(), "neighbourhood")

        active = participant_selectors.active_by_phase(
            self.scoped(PresenceTally.objects.all(), "process__neighbourhood"))
        months = participant_selectors.flow_by_month(flows, today=today)
        reasons = participant_selectors.outflow_by_reason(flows)
        channels = participant_selectors.inflow_by_channel(flows)
        money_flows = self.scoped(MoneyFlow.objects.all(), "neighbourhood")
        waiting = None
        if self.request.user.has_perm("initiatives.view_followup"):
            waiting = self.scoped(FollowUp.objects.waiting(), "signup__neighbourhood").aggregate(
                waiting=Count("id"), new=Count("id", filter=Q(status=FollowUpStatus.NEW)))
        return super().get_context_data(
            form=form,
            neighbourhood=self.neighbourhood,
            processes=wei_selectors.processes_overview(
                Process.objects.filter(pk__in=[p.pk for p in processes])),
            processes_page=processes,
            active_by_phase=charts.bar_chart(
                [(phase.label, active.get(phase.value, 0)) for phase in Phase]),
            active_total=sum(active.values()),
            flow_kinds=FlowKind.choices,
            flow_by_month=months,
            flow_chart=charts.column_chart(months, FlowKind.values),
            outflow_chart=charts.bar_chart(
                [(label, n, outcome) for _, label, n, outcome in reasons]),
            channel_chart=charts.bar_chart([(label, n) for _, label, n in channels]),
            initiative_forms=InitiativeForm.choices,
            initiatives_by_phase=initiative_selectors.initiatives_by_phase_and_form(initiatives),
            needing_support=initiative_selectors.initiatives_needing_support(initiatives),
            reflections=initiative_selectors.latest_reflections(
                self.scoped(Reflection.objects.all(), "initiative__neighbourhood")),
            money=initiative_selectors.money_by_source_and_destination(money_flows),
            money_chart=charts.bar_chart(initiative_selectors.money_by_source(money_flows)),
            routes=route_selectors.routes_in_progress(routes),
            meetings=route_selectors.upcoming_meetings(routes, today=today),
            activities=wei_selectors.upcoming_activities(
                self.scoped(Activity.objects.all(), "process__neighbourhood"), today=today),
            today=today,
            followup_waiting=waiting["waiting"] if waiting else None,
            followup_new=waiting["new"] if waiting else None,
            **kwargs,
        )
