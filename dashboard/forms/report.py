"""The report's choices: which neighbourhood, which period."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboard import report
from dashboard.forms.widgets import date_field

THIS_QUARTER, LAST_QUARTER, THIS_YEAR, CHOSEN = "kwartaal", "vorig-kwartaal", "jaar", "anders"
LONGEST = 366 * 5  # days: a longer span is a typing error, not an account


class ReportForm(forms.Form):
    wijk = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=None, required=False, to_field_name="slug",
        empty_label=_("All my neighbourhoods"),
    )
    periode = forms.ChoiceField(
        label=_("Period"), required=False, initial=THIS_QUARTER,
        choices=[(THIS_QUARTER, _("This quarter")), (LAST_QUARTER, _("Last quarter")),
                 (THIS_YEAR, _("This year")), (CHOSEN, _("From – to (below)"))],
    )
    van = date_field(_("From"), required=False)
    tot = date_field(_("To"), required=False)

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].queryset = neighbourhoods

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        choice = data.get("periode") or THIS_QUARTER
        if choice == THIS_QUARTER:
            data["period"] = report.quarter_of(today)
        elif choice == LAST_QUARTER:
            data["period"] = report.quarter_of(report.quarter_of(today).start
                                               - datetime.timedelta(days=1))
        elif choice == THIS_YEAR:
            data["period"] = report.year_of(today)
        else:
            start, end = data.get("van"), data.get("tot")
            if not start or not end:
                raise forms.ValidationError(_("Give both a from and a to date."))
            if end < start:
                raise forms.ValidationError(_("The to date lies before the from date."))
            if (end - start).days > LONGEST:
                raise forms.ValidationError(_("Choose a period of at most five years."))
            data["period"] = report.Period(start, end)
        return data
