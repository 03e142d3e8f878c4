import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, InitiativeForm, InitiativePhase, Theme
from wei.models import Neighbourhood


class InitiativeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    neighbourhood = django_filters.ModelChoiceFilter(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.all(), to_field_name="slug",
        empty_label=_("All neighbourhoods"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.all(),
        to_field_name="slug", empty_label=_("All themes"),
    )
    form = django_filters.ChoiceFilter(label=_("Form"), choices=InitiativeForm.choices,
                                       empty_label=_("All forms"))
    phase = django_filters.ChoiceFilter(label=_("Phase"), choices=InitiativePhase.choices,
                                        empty_label=_("All phases"))

    class Meta:
        model = Initiative
        fields = ["q", "neighbourhood", "theme", "form", "phase"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(description__icontains=value)
            | Q(neighbourhood__name__icontains=value)
        )
