"""The dashboard's lists: filtered, sorted, paginated, and exported as CSV as filtered."""

from django.db.models import OuterRef, Subquery, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters import OrderingFilter
from django_filters.views import FilterView

from dashboard.exports import csv_response
from dashboard.filters import FlowEventFilter, InitiativeFilter, ParticipantFilter
from dashboard.forms.period import chosen_period
from dashboard.navigation import navigation
from dashboard.permissions import DashboardAccessMixin
from initiatives.models import Initiative, InitiativeForm, InitiativePhase, InitiativeStatus
from participants.models import (
    FlowEvent,
    FlowKind,
    FlowRole,
    FlowTally,
    InflowChannel,
    OutflowReason,
    Participant,
    ParticipantKind,
)
from wei import access
from wei.models import Phase


def _label(choices):
    labels = dict(choices)
    return lambda value: str(labels.get(value, value or ""))


class DashboardListView(DashboardAccessMixin, FilterView):
    """A list of what the user may see; `?format=csv` streams exactly what is filtered."""

    template_name = "dashboard/list.html"
    paginate_by = 50
    page_kwarg = "pagina"
    title = ""
    csv_name = ""
    # (header, values() lookup, formatter or None); the same columns on page and in CSV.
    columns: list[tuple] = []

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        return access.visible(self.request.user, self.base_queryset())

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            filterset = self.get_filterset(self.get_filterset_class())
            queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
            return csv_response(
                filename=self.csv_name,
                header=[str(header) for header, _, _ in self.columns],
                rows=self.rows(queryset.values_list(*[c[1] for c in self.columns])
                               .iterator(chunk_size=2000)),
            )
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        # A page number out of range (an old link) shows the last page, not a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def rows(self, tuples):
        formatters = [fmt for _, _, fmt in self.columns]
        for values in tuples:
            yield [fmt(v) if fmt else v for fmt, v in zip(formatters, values, strict=True)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        extra = list(self.link_fields)
        rows = list(page.object_list.values_list("pk", *extra, *[c[1] for c in self.columns]))
        start = 1 + len(extra)
        context.update(
            title=self.title,
            headers=[header for header, _, _ in self.columns],
            table=[(self.link(*row[:start]), cells)
                   for row, cells in zip(rows, self.rows(r[start:] for r in rows), strict=True)],
        )
        return context

    # Further values a row's link needs, after its pk.
    link_fields: tuple[str, ...] = ()

    def link(self, pk, *values):
        """Where a row's first cell leads: the admin page, if the user may open it."""
        opts = self.model._meta
        if self.request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
        return None


class ParticipantListView(DashboardListView):
    model = Participant
    title = _("Participants")
    csv_name = "deelnemers"
    filterset_class = ParticipantFilter
    columns = [
        (_("Name"), "name", None),
        (_("Neighbourhood"), "neighbourhood__name", None),
        (_("Kind"), "kind", _label(ParticipantKind.choices)),
        (_("E-mail address"), "email", None),
        (_("Current state"), "current_kind", _label(FlowKind.choices)),
        (_("Current phase"), "current_phase", _label(Phase.choices)),
        (_("Registered on"), "created_at__date", None),
    ]

    def link(self, pk, *values):
        return reverse("dashboard:person", args=[pk])

    def base_queryset(self):
        latest = FlowEvent.objects.filter(participant=OuterRef("pk")).order_by(
            "-occurred_on", "-id")
        return Participant.objects.annotate(
            current_kind=Subquery(latest.values("kind")[:1]),
            current_phase=Subquery(latest.values("phase")[:1]),
        ).order_by("name", "id")


class InitiativeListView(DashboardListView):
    model = Initiative
    title = _("Citizen initiatives")
    csv_name = "initiatieven"
    filterset_class = InitiativeFilter
    columns = [
        (_("Title"), "title", None),
        (_("Neighbourhood"), "neighbourhood__name", None),
        (_("Phase"), "phase", _label(InitiativePhase.choices)),
        (_("Form"), "form", _label(InitiativeForm.choices)),
        (_("Status"), "status", _label(InitiativeStatus.choices)),
        (_("Public"), "is_public", lambda v: _("yes") if v else _("no")),
        (_("Created on"), "created_at__date", None),
    ]

    def base_queryset(self):
        return Initiative.objects.order_by("title", "id")

    def link(self, pk):
        """An initiative's own staff page, never the admin."""
        return reverse("dashboard:initiative", args=[pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Shown to whoever the page that makes one lets in (the navigation asks its door).
        if navigation(self.request).opens["initiative_create"]:
            context["create"] = (reverse("dashboard:initiative_create"), _("New initiative"))
        return context


class FlowEventListView(DashboardListView):
    model = FlowEvent
    title = _("Inflow, throughflow and outflow")
    csv_name = "stromen"
    filterset_class = FlowEventFilter
    columns = [
        (_("Date"), "occurred_on", None),
        (_("Name"), "participant__name", None),
        (_("Neighbourhood"), "process__neighbourhood__name", None),
        (_("Kind"), "kind", _label(FlowKind.choices)),
        (_("Phase"), "phase", _label(Phase.choices)),
        (_("Role"), "role", _label(FlowRole.choices)),
        (_("Channel of inflow"), "channel", _label(InflowChannel.choices)),
        (_("Reason for outflow"), "reason", _label(OutflowReason.choices)),
    ]

    # The filters the running tallies can answer, with the field each narrows there.
    counted_in_tallies = {"wijk": "process__neighbourhood", "soort": "kind",
                          "kanaal": "channel", "reden": "reason"}

    link_fields = ("participant_id",)

    def link(self, pk, participant_id):
        """A flow event's page is its place in the person's journey."""
        return reverse("dashboard:person", args=[participant_id]) + f"#gebeurtenis-{pk}"

    def base_queryset(self):
        return FlowEvent.objects.order_by("-occurred_on", "-id")

    def get_paginator(self, queryset, per_page, **kwargs):
        """Number the pages from the tallies where they hold the answer.

        Counting every event a process manager may see grows with the history; the
        tallies (kept in the same transaction as each event, under the same access
        rule) give the same number from a few rows per process and month.
        """
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        filterset = self.filterset
        if filterset.is_bound and not filterset.is_valid():
            return paginator
        given = filterset.form.cleaned_data if filterset.is_bound else {}
        # The order changes no count.
        chosen = {name: value for name, value in given.items() if value not in (None, "", [])
                  and not isinstance(filterset.filters[name], OrderingFilter)}
        named_period = chosen.pop("periode", None)
        if set(chosen) <= set(self.counted_in_tallies):
            tallies = access.visible(self.request.user, FlowTally.objects.all()).filter(
                **{self.counted_in_tallies[name]: value for name, value in chosen.items()})
            if named_period:
                # A named period is whole months, so the monthly tallies hold its count.
                period = chosen_period(named_period)
                tallies = tallies.filter(month__gte=period.start, month__lte=period.end)
            paginator.count = tallies.aggregate(n=Sum("events"))["n"] or 0
        return paginator
