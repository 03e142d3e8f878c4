"""One choice of period for every dashboard page: this quarter, last quarter, this year or
a chosen from–to. The report, the overview and the lists ask it the same way, so the
same words cover the same days everywhere."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.periods import Period, quarter_of, year_of
from dashboard.forms.widgets import date_field

THIS_QUARTER, LAST_QUARTER, THIS_YEAR, CHOSEN = "kwartaal", "vorig-kwartaal", "jaar", "anders"
LONGEST = 366 * 5  # days: a longer span is a typing error, not an account
# The periods named by a word; a list adds its own from and until dates instead of CHOSEN.
NAMED = [(THIS_QUARTER, _("This quarter")), (LAST_QUARTER, _("Last quarter")),
         (THIS_YEAR, _("This year"))]


class PeriodForm(forms.Form):
    """The fields `periode`, `van`, `tot`; a valid form has `cleaned_data["period"]`."""

    default_period = THIS_QUARTER

    periode = forms.ChoiceField(
        label=_("Period"), required=False,
        choices=[*NAMED, (CHOSEN, _("From – to (below)"))],
    )
    van = date_field(_("From"), required=False)
    tot = date_field(_("To"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].initial = self.default_period

    def clean(self):
        data = super().clean()
        if "periode" in self.errors:
            return data
        data["period"] = chosen_period(
            data.get("periode") or self.default_period, data.get("van"), data.get("tot"))
        return data


def chosen_period(choice, start=None, end=None) -> Period:
    today = timezone.localdate()
    if choice == THIS_QUARTER:
        return quarter_of(today)
    if choice == LAST_QUARTER:
        return quarter_of(quarter_of(today).start - datetime.timedelta(days=1))
    if choice == THIS_YEAR:
        return year_of(today)
    if not start or not end:
        raise forms.ValidationError(_("Give both a from and a to date."))
    if end < start:
        raise forms.ValidationError(_("The to date lies before the from date."))
    if (end - start).days > LONGEST:
        raise forms.ValidationError(_("Choose a period of at most five years."))
    return Period(start, end)


def whole_months(period: Period) -> Period:
    """The period widened to whole months: the tallies count per month, so a figure from
    them covers whole months."""
    return period.widened_to_whole_months()


def describe(period: Period) -> str:
    """'from 1 January 2026 to 31 December 2026', in the reader's language."""
    return gettext("from %(start)s to %(end)s") % {
        "start": date_format(period.start, "j F Y"), "end": date_format(period.end, "j F Y")}
