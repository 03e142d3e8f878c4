"""Forms of the process pages: a new neighbourhood with its process, and each
transition of a process. The views hand the cleaned data to wei.services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboard.forms.confirm import ConfirmMixin
from dashboard.forms.widgets import date_field
from wei.models import Phase, PhaseCriterion, ProcessStatus


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
    """Date and rationale: what every transition records; and the phase and status the
    page showed, so that a step already taken is not taken again (wei.services)."""

    rationale_label = _("Rationale")
    occurred_on = date_field(_("Date"), initial=_today)
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    expected_phase = forms.TypedChoiceField(choices=Phase.choices, coerce=int,
                                            widget=forms.HiddenInput)
    expected_status = forms.ChoiceField(choices=ProcessStatus.choices,
                                        widget=forms.HiddenInput)

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process
        self.fields["rationale"].label = self.rationale_label
        self.initial.update(expected_phase=process.phase, expected_status=process.status)

    def clean(self):
        cleaned = super().clean()
        if {"expected_phase", "expected_status"} & set(self.errors):
            # Hidden fields: say it where it is read.
            raise forms.ValidationError(_(
                "This form does not say which state of the process it was shown in; load "
                "the page again."), code="no_state")
        return cleaned

    def shown_phase(self) -> int:
        """The phase the form was shown in: the posted one, else the process's now."""
        posted = self.data.get(self.add_prefix("expected_phase")) if self.is_bound else None
        return int(posted) if posted in {str(phase) for phase in Phase.values} else (
            self.process.phase)


class AdvanceForm(ConfirmMixin, TransitionForm):
    """To the next phase: the checklist of the phase the process is in now, and why. A
    criterion left unticked needs the confirmation (the service names which)."""

    rationale_label = _("Why the process moves on")
    confirm_label = _("I move the process on although not every criterion is met")
    confirm_required = False
    criteria = forms.ModelMultipleChoiceField(
        label=_("Criteria met"), queryset=PhaseCriterion.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)
    field_order = ["criteria", "occurred_on", "rationale"]

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, process=process, **kwargs)
        # The checklist of the phase the form was shown in: a second submit after the
        # process moved on is refused for what happened, not for an unknown criterion.
        self.fields["criteria"].queryset = PhaseCriterion.objects.filter(
            phase=self.shown_phase())
        self.fields["criteria"].label_from_instance = lambda criterion: criterion.text
        self.fields["confirm"].help_text = _(
            "Needed when a criterion above is not ticked; the rationale says why the "
            "process moves on nonetheless.")


class StepBackForm(TransitionForm):
    rationale_label = _("Why the process steps back")


class StopForm(ConfirmMixin, TransitionForm):
    rationale_label = _("Why the process stops")
    confirm_label = _("Yes: stop the process, with what that ends")
    confirm_required = False  # the service refuses a stop without it


class ReopenForm(TransitionForm):
    rationale_label = _("Why the process starts again")


class CompleteForm(TransitionForm):
    rationale_label = _("What the process achieved")
