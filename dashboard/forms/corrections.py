"""Forms that correct a recorded row: the values it should have had, and why.

Every correction form asks the reason (`why`); withdrawing asks nothing else."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.corrections import WHY_MAX
from dashboard.forms.widgets import date_field
from participants.models import FlowKind, FlowRole, InflowChannel, OutflowReason
from wei.models import Phase, PhaseCriterion, TransitionKind


class WithdrawForm(forms.Form):
    why = forms.CharField(
        label=_("Why is this corrected?"), max_length=WHY_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the record, with your name and the date: whoever reads the "
                    "history or the report sees why a figure changed."))


class CorrectionForm(WithdrawForm):
    """A correction: the row's own fields (added by subclasses, filled with its values
    as recorded) and the reason, which comes last."""

    def __init__(self, *args, row, **kwargs):
        self.row = row
        super().__init__(*args, **kwargs)
        self.order_fields([name for name in self.fields if name != "why"] + ["why"])


class FlowEventCorrectionForm(CorrectionForm):
    occurred_on = date_field(_("Date"))
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, row, **kwargs):
        kwargs.setdefault("initial", {
            "occurred_on": row.occurred_on, "note": row.note, "phase": row.phase,
            "role": row.role, "channel": row.channel, "reason": row.reason})
        super().__init__(*args, row=row, **kwargs)
        if row.kind == FlowKind.INFLOW:
            self.fields["channel"] = forms.ChoiceField(label=_("Channel of inflow"),
                                                       choices=InflowChannel.choices)
        if row.kind == FlowKind.OUTFLOW:
            self.fields["reason"] = forms.ChoiceField(
                label=_("Reason"), choices=OutflowReason.choices,
                help_text=_("Paid work, an own business and education are outcomes of the "
                            "process."))
        else:
            self.fields["phase"] = forms.TypedChoiceField(label=_("Phase"), coerce=int,
                                                          choices=Phase.choices)
            self.fields["role"] = forms.ChoiceField(label=_("Role"), choices=FlowRole.choices)
        self.order_fields(["occurred_on", "channel", "reason", "phase", "role", "note", "why"])


class TransitionCorrectionForm(CorrectionForm):
    """A phase transition's date and rationale, and for a move forward the criteria of
    the phase it moved on from."""

    occurred_on = date_field(_("Date"))
    rationale = forms.CharField(label=_("Rationale"), max_length=5000,
                                widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, row, **kwargs):
        kwargs.setdefault("initial", {
            "occurred_on": row.occurred_on, "rationale": row.rationale,
            "criteria": [criterion.pk for criterion in row.criteria_met.all()]})
        super().__init__(*args, row=row, **kwargs)
        if row.kind == TransitionKind.ADVANCE:
            self.fields["criteria"] = forms.ModelMultipleChoiceField(
                label=_("Criteria met"), required=False, widget=forms.CheckboxSelectMultiple,
                queryset=PhaseCriterion.objects.filter(phase=row.from_phase))
            self.fields["criteria"].label_from_instance = lambda criterion: criterion.text
        self.order_fields(["criteria", "occurred_on", "rationale", "why"])
