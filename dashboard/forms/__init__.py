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


def refuse_into(form, error) -> None:
    """Put a service's refusal (a ValidationError) onto the form that asked for it: on the
    field it names, otherwise on top of the form, so it shows where the input was."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
