"""The overview: every app's panels for the neighbourhoods the user may see."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils import timezone
from django.views.generic import TemplateView

from dashboard import charts
from dashboard.forms import OverviewForm
from dashboard.forms.period import chosen_period, describe, whole_months
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
        form = OverviewForm(
            self.request.GET or None,
            neighbourhoods=access.visible(self.request.user, Neighbourhood.objects.all()),
        )
        valid = form.is_valid()
        self.neighbourhood = form.cleaned_data.get("wijk") if form.is_bound else None
        # Every period-dependent panel covers the same days. The tallies count per month,
        # so a chosen from–to is widened to whole months for all panels alike, and the
        # headings say the widened period; a refused choice shows the default's panels.
        period = whole_months(form.cleaned_data["period"] if valid
                              else chosen_period(form.default_period))
        in_period = Q(month__gte=period.start, month__lte=period.end)

        processes = Paginator(
            self.scoped(Process.objects.all(), "neighbourhood").order_by(
                "neighbourhood__name", "-started_on", "id"),
            PROCESSES_PER_PAGE,
        ).get_page(self.request.GET.get("pagina"))
        flows = self.scoped(FlowTally.objects.filter(in_period), "process__neighbourhood")
        initiatives = self.scoped(Initiative.objects.all(), "neighbourhood")
        routes = self.scoped(Route.objects.all(), "neighbourhood")

        active = participant_selectors.active_by_phase(
            self.scoped(PresenceTally.objects.all(), "process__neighbourhood"))
        months = participant_selectors.flow_by_month_between(flows, period.start, period.end)
        reasons = participant_selectors.outflow_by_reason(flows)
        channels = participant_selectors.inflow_by_channel(flows)
        # A grant that runs over part of the period is counted whole: its amount is not
        # spread over months.
        money_flows = self.scoped(MoneyFlow.objects.filter(
            period_start__lte=period.end, period_end__gte=period.start), "neighbourhood")
        waiting = None
        if self.request.user.has_perm("initiatives.view_followup"):
            waiting = self.scoped(FollowUp.objects.waiting(), "signup__neighbourhood").aggregate(
                waiting=Count("id"), new=Count("id", filter=Q(status=FollowUpStatus.NEW)))
        return super().get_context_data(
            form=form,
            neighbourhood=self.neighbourhood,
            period=period,
            period_text=describe(period),
            outflow_total=sum(n for _, _, n, _ in reasons),
            inflow_total=sum(n for _, _, n in channels),
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
                self.scoped(Reflection.objects.filter(
                    date__gte=period.start, date__lte=period.end), "initiative__neighbourhood")),
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
