from django import forms
from django.utils.translation import gettext_lazy as _

from dashboard.forms.period import THIS_YEAR, PeriodForm


class NeighbourhoodChoiceForm(forms.Form):
    """Narrow the overview to one neighbourhood (of those the user may see)."""

    wijk = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=None, required=False, to_field_name="slug",
        empty_label=_("All my neighbourhoods"),
    )

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].queryset = neighbourhoods


class OverviewForm(NeighbourhoodChoiceForm, PeriodForm):
    """The overview's neighbourhood and period; a year by default, so that every panel
    has enough months to compare and the monthly table reads as one calendar year."""

    default_period = THIS_YEAR
    field_order = ["wijk", "periode", "van", "tot"]

