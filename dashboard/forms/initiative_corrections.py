"""Forms that correct what an initiative's page recorded: a phase change, a membership, a
money flow, a reflection. Each holds the row's values as recorded and asks why, last
(dashboard.forms.corrections); the fields are those of the form that recorded the row."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboard.forms.corrections import CorrectionForm
from dashboard.forms.initiatives import MoneyFlowForm, ReflectionForm
from dashboard.forms.widgets import date_field
from initiatives.models import MembershipRole
from initiatives.services.corrections import MONEY_FLOW_FIELDS, REFLECTION_FIELDS


def _recorded(row, names) -> dict:
    return {name: getattr(row, name) for name in names}


class PhaseChangeCorrectionForm(CorrectionForm):
    """The date and the why of a phase change; the phases it moved between stay (the
    latest change is withdrawn to undo a move)."""

    occurred_on = date_field(_("Since"))
    rationale = forms.CharField(
        label=_("Why"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, row, **kwargs):
        kwargs.setdefault("initial", _recorded(row, ("occurred_on", "rationale")))
        super().__init__(*args, row=row, **kwargs)


class MembershipCorrectionForm(CorrectionForm):
    """Role and dates; the end date only of a membership that has ended (a running one
    is ended on the initiative's page, with its outflow)."""

    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)
    started_on = date_field(_("Member since"))

    def __init__(self, *args, row, **kwargs):
        kwargs.setdefault("initial", _recorded(row, ("role", "started_on", "ended_on")))
        super().__init__(*args, row=row, **kwargs)
        if row.ended_on is not None:
            self.fields["ended_on"] = date_field(_("Until"))
            self.order_fields(["role", "started_on", "ended_on", "why"])

    def clean(self):
        data = super().clean()
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("A membership cannot end before it starts."))
        return data


class MoneyFlowCorrectionForm(MoneyFlowForm, CorrectionForm):
    def __init__(self, *args, row, **kwargs):
        initial = _recorded(row, MONEY_FLOW_FIELDS)
        initial["source"] = row.source_id
        kwargs.setdefault("initial", initial)
        super().__init__(*args, row=row, **kwargs)


class ReflectionCorrectionForm(ReflectionForm, CorrectionForm):
    def __init__(self, *args, row, **kwargs):
        kwargs.setdefault("initial", _recorded(row, REFLECTION_FIELDS))
        super().__init__(*args, row=row, **kwargs)
