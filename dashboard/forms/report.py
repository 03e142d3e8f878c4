"""The report's choices: which neighbourhood, which period."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboard.forms.period import (  # noqa: F401 (the names the report always had)
    CHOSEN,
    LAST_QUARTER,
    LONGEST,
    THIS_QUARTER,
    THIS_YEAR,
    PeriodForm,
)


class ReportForm(PeriodForm):
    wijk = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=None, required=False, to_field_name="slug",
        empty_label=_("All my neighbourhoods"),
    )
    field_order = ["wijk", "periode", "van", "tot"]

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].queryset = neighbourhoods
