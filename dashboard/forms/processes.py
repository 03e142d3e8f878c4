"""Forms of the process pages: a new neighbourhood with its process, and each
transition of a process. The views hand the cleaned data to wei.services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboard.forms.widgets import date_field
from wei.models import PhaseCriterion


def _today():
    return timezone.localdate()


class NeighbourhoodStartForm(forms.Form):
    name = forms.CharField(label=_("Name of the neighbourhood"), max_length=120)
    municipality = forms.CharField(label=_("Municipality"), max_length=120)
    description = forms.CharField(
        label=_("Short description (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}))
    title = forms.CharField(label=_("Title of the WEI process"), max_length=200,
                            help_text=_("For instance: Wijkontwikkeling Oosterboer."))
    started_on = date_field(_("Start date"), initial=_today)
    managers = forms.ModelMultipleChoiceField(
        label=_("Other process managers (optional)"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You manage the process yourself; choose the colleagues who do so too."))

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["managers"].queryset = colleagues
        self.fields["managers"].label_from_instance = (
            lambda user: user.get_full_name() or user.get_username())
        if not colleagues.exists():
            del self.fields["managers"]


class TransitionForm(forms.Form):
    """Date and rationale: what every transition records."""

    rationale_label = _("Rationale")
    occurred_on = date_field(_("Date"), initial=_today)
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process
        self.fields["rationale"].label = self.rationale_label


class AdvanceForm(TransitionForm):
    """To the next phase: the checklist of the phase the process is in now, and why."""

    rationale_label = _("Why the process moves on")
    criteria = forms.ModelMultipleChoiceField(
        label=_("Criteria met"), queryset=PhaseCriterion.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)
    field_order = ["criteria", "occurred_on", "rationale"]

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, process=process, **kwargs)
        self.fields["criteria"].queryset = PhaseCriterion.objects.filter(phase=process.phase)
        self.fields["criteria"].label_from_instance = lambda criterion: criterion.text


class StepBackForm(TransitionForm):
    rationale_label = _("Why the process steps back")


class StopForm(TransitionForm):
    rationale_label = _("Why the process stops")


class ReopenForm(TransitionForm):
    rationale_label = _("Why the process starts again")


class CompleteForm(TransitionForm):
    rationale_label = _("What the process achieved")
