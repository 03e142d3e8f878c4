"""The filters of the dashboard's lists: the same FilterSet serves the page and its CSV."""

import django_filters
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from dashboard.forms.period import NAMED, chosen_period
from initiatives.models import (
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Initiative,
    InitiativeForm,
    InitiativePhase,
    InitiativeStatus,
)
from participants.models import (
    FlowEvent,
    FlowKind,
    FlowRole,
    InflowChannel,
    OutflowReason,
    Participant,
    ParticipantKind,
)
from wei import access
from wei.models import Neighbourhood, Phase


def visible_neighbourhoods(request):
    return access.visible(request.user, Neighbourhood.objects.all()) if request else (
        Neighbourhood.objects.none())


def neighbourhood_filter(field_name):
    """A choice among the neighbourhoods the user may see, by slug."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name, label=_("Neighbourhood"), queryset=visible_neighbourhoods,
        to_field_name="slug", empty_label=_("All my neighbourhoods"),
    )


class DashboardFilterSet(django_filters.FilterSet):
    """Common part: a free-text search, each word in any of `search_fields`, and the
    dashboard's named periods on the date in `period_field` (a day, or the date of a
    moment), next to the list's own from and until dates."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    periode = django_filters.ChoiceFilter(
        label=_("Period"), choices=NAMED, method="in_period", empty_label=_("Any time"))
    search_fields: tuple[str, ...] = ()
    period_field = ""

    def in_period(self, queryset, name, value):
        period = chosen_period(value)
        return queryset.filter(**{f"{self.period_field}__gte": period.start,
                                  f"{self.period_field}__lte": period.end})

    def search(self, queryset, name, value):
        words = value.split()[:5]
        for word in words:
            match = Q()
            for field in self.search_fields:
                match |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(match)
        return queryset


class ParticipantFilter(DashboardFilterSet):
    wijk = neighbourhood_filter("neighbourhood")
    fase = django_filters.ChoiceFilter(
        label=_("Current phase"), choices=Phase.choices, field_name="current_phase",
        empty_label=_("Any phase"),
    )
    soort = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ParticipantKind.choices, field_name="kind",
        empty_label=_("Any kind"),
    )
    vanaf = django_filters.DateFilter(
        label=_("Registered from"), field_name="created_at", lookup_expr="date__gte")
    tot = django_filters.DateFilter(
        label=_("Registered until"), field_name="created_at", lookup_expr="date__lte")
    sorteer = django_filters.OrderingFilter(
        label=_("Sort by"), empty_label=_("Name"),
        fields=(("name", "naam"), ("neighbourhood__name", "wijk"), ("created_at", "aangemeld")),
        field_labels={"name": _("name"), "neighbourhood__name": _("neighbourhood"),
                      "created_at": _("registration date")},
    )
    search_fields = ("name", "email", "postcode")
    period_field = "created_at__date"

    class Meta:
        model = Participant
        fields = []


class InitiativeFilter(DashboardFilterSet):
    wijk = neighbourhood_filter("neighbourhood")
    fase = django_filters.ChoiceFilter(
        label=_("Phase"), choices=InitiativePhase.choices, field_name="phase",
        empty_label=_("Any phase"))
    vorm = django_filters.ChoiceFilter(
        label=_("Form"), choices=InitiativeForm.choices, field_name="form",
        empty_label=_("Any form"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=InitiativeStatus.choices, field_name="status",
        empty_label=_("Any status"))
    steun = django_filters.BooleanFilter(
        label=_("Asks for support"), method="asks_support",
        widget=django_filters.widgets.BooleanWidget())
    vanaf = django_filters.DateFilter(
        label=_("Created from"), field_name="created_at", lookup_expr="date__gte")
    tot = django_filters.DateFilter(
        label=_("Created until"), field_name="created_at", lookup_expr="date__lte")
    sorteer = django_filters.OrderingFilter(
        label=_("Sort by"), empty_label=_("Title"),
        fields=(("title", "titel"), ("neighbourhood__name", "wijk"), ("phase", "fase"),
                ("created_at", "aangemaakt")),
        field_labels={"title": _("title"), "neighbourhood__name": _("neighbourhood"),
                      "phase": _("phase"), "created_at": _("creation date")},
    )
    search_fields = ("title", "description")
    period_field = "created_at__date"

    class Meta:
        model = Initiative
        fields = []

    def asks_support(self, queryset, name, value):
        return queryset.asking_support(value)


class FlowEventFilter(DashboardFilterSet):
    wijk = neighbourhood_filter("process__neighbourhood")
    fase = django_filters.ChoiceFilter(
        label=_("Phase"), choices=Phase.choices, field_name="phase", empty_label=_("Any phase"))
    soort = django_filters.ChoiceFilter(
        label=_("Kind"), choices=FlowKind.choices, field_name="kind", empty_label=_("Any kind"))
    rol = django_filters.ChoiceFilter(
        label=_("Role"), choices=FlowRole.choices, field_name="role", empty_label=_("Any role"))
    kanaal = django_filters.ChoiceFilter(
        label=_("Channel of inflow"), choices=InflowChannel.choices, field_name="channel",
        empty_label=_("Any channel"))
    reden = django_filters.ChoiceFilter(
        label=_("Reason for outflow"), choices=OutflowReason.choices, field_name="reason",
        empty_label=_("Any reason"))
    vanaf = django_filters.DateFilter(
        label=_("From"), field_name="occurred_on", lookup_expr="gte")
    tot = django_filters.DateFilter(
        label=_("Until"), field_name="occurred_on", lookup_expr="lte")
    sorteer = django_filters.OrderingFilter(
        label=_("Sort by"), empty_label=_("Newest first"),
        fields=(("occurred_on", "datum"), ("participant__name", "naam"), ("kind", "soort"),
                ("phase", "fase")),
        field_labels={"occurred_on": _("date"), "participant__name": _("name"),
                      "kind": _("kind"), "phase": _("phase")},
    )
    search_fields = ("participant__name", "note")
    period_field = "occurred_on"

    class Meta:
        model = FlowEvent
        fields = []


# The follow-up inbox's filters.
WAITING = "waiting"


class FollowUpFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), method="by_status", empty_label=_("Any status"),
        choices=[(WAITING, _("waiting (new or contacted)")), *FollowUpStatus.choices],
    )
    soort = django_filters.ChoiceFilter(
        label=_("Kind"), field_name="kind", choices=FollowUpKind.choices,
        empty_label=_("Any kind"))
    wijk = neighbourhood_filter("signup__neighbourhood")

    class Meta:
        model = FollowUp
        fields: list = []

    def __init__(self, data=None, *args, **kwargs):
        # Unfiltered, the inbox shows what is waiting: that is the work.
        if data is None:
            data = QueryDict(mutable=True)
        if "status" not in data:
            data = data.copy()
            data["status"] = WAITING
        super().__init__(data, *args, **kwargs)

    def by_status(self, queryset, name, value):
        return queryset.waiting() if value == WAITING else queryset.filter(status=value)
