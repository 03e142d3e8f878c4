"""An initiative's staff page: members, reflections, money flows, support, publishing;
and a new initiative, with the fields the admin has."""

from django import forms
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from initiatives.fields import EuroAmountField
from initiatives.models import SUPPORT_FIELDS, Initiative, MembershipRole
from initiatives.steps import next_phase, previous_phase
from nieuweroute.forms import DateInput
from participants.forms import ParticipantChoiceField
from participants.models import InflowChannel, Organisation, OutflowReason, Participant
from wei.forms import ProcessChoiceField, process_label

# What a new initiative says of itself, with the model's own labels and help texts (the
# admin's fields); the neighbourhood is its process's.
INITIATIVE_FIELDS = [
    "title", "themes", "description", "form", "phase", "cooperative_member", "is_public",
    "aims_people", "aims_planet", "aims_profit", "economic_role", "economic_goods",
    *SUPPORT_FIELDS, "status", "status_reason", "activities",
]


def _text_area(rows):
    return forms.Textarea(attrs={"rows": rows})


class InitiativeCreateForm(forms.Form):
    """A new initiative in one of the running processes the user may change. Themes and
    the process's own activities are ticked in lists (no widget that speaks English);
    the activities are grouped under their process."""

    process = ProcessChoiceField(queryset=None, label=_("WEI process"),
                                 empty_label=_("Choose the process"))

    def __init__(self, *args, processes, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = processes.select_related("neighbourhood").order_by(
            "neighbourhood__name", "title")
        self.fields.update(fields_for_model(Initiative, fields=INITIATIVE_FIELDS, widgets={
            "themes": forms.CheckboxSelectMultiple,
            "activities": forms.CheckboxSelectMultiple,
            "description": _text_area(4), "aims_people": _text_area(2),
            "aims_planet": _text_area(2), "aims_profit": _text_area(2),
            "status_reason": _text_area(2),
        }))
        field = self.fields["activities"]
        field.queryset = activities
        groups: dict = {}
        for activity in activities.select_related("process__neighbourhood").order_by(
                "process__neighbourhood__name", "process__title", "process_id", "-date", "id"):
            groups.setdefault(process_label(activity.process), []).append(
                (activity.pk, f"{activity.title} ({date_format(activity.date, 'j F Y')})"))
        field.choices = list(groups.items())
        self.fields["status_reason"].help_text = _("Needed when it is paused or has ended.")


class MemberAddForm(forms.Form):
    participant = ParticipantChoiceField(
        Participant.objects.none(), label=_("Person"),
        empty_label=_("Choose a person from the search results"))
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices,
                             initial=MembershipRole.MEMBER)
    started_on = forms.DateField(label=_("Member since"), widget=DateInput())
    channel = forms.ChoiceField(
        label=_("How they came in"), choices=InflowChannel.choices,
        initial=InflowChannel.ORGANIZER,
        help_text=_("Counts only for someone who is new to the neighbourhood's process."))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = people
        self.fields["started_on"].initial = timezone.localdate()


class MemberEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Until"), widget=DateInput())
    reason = forms.ChoiceField(
        label=_("Reason, when they leave the process with it"),
        choices=OutflowReason.choices, initial=OutflowReason.UNKNOWN)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()


class ReflectionForm(forms.Form):
    """The Action Learning questions, as the initiative answers them."""

    date = forms.DateField(label=_("Date of the reflection"), widget=DateInput())
    what_we_did = forms.CharField(
        label=_("What did we do?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    what_went_well = forms.CharField(
        label=_("What went well?"), max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}))
    what_we_learned = forms.CharField(
        label=_("What did we learn?"), max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}))
    what_we_need_next = forms.CharField(
        label=_("What do we need next?"), max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}))
    is_public = forms.BooleanField(label=_("Show on the public page of the initiative"),
                                   required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class MoneyFlowForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Source"), queryset=Organisation.objects.all(),
                                    empty_label=_("Choose the organisation"))
    amount = EuroAmountField(label=_("Amount (EUR)"))
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    period_start = forms.DateField(label=_("Period from"), widget=DateInput())
    period_end = forms.DateField(label=_("Period until"), widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class SupportForm(forms.Form):
    """Which kinds of support the initiative asks for: the model's own labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SUPPORT_FIELDS:
            self.fields[name] = forms.BooleanField(
                label=Initiative._meta.get_field(name).verbose_name, required=False)


class StepOptions:
    """Options of which each takes a step: an open one carries the step's key, a closed one
    the user looks for is disabled and carries the key as closed. Give `steps`, a mapping
    of option value to core.steps.Step."""

    def __init__(self, *args, steps=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = steps or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        step = self.steps.get(str(value))
        if step is not None and step.is_open:
            option["attrs"]["data-step"] = step.key
        elif step is not None:
            option["attrs"].update({"disabled": True, "data-step-closed": step.key})
        return option


class StepRadioSelect(StepOptions, forms.RadioSelect):
    pass


class StepSelect(StepOptions, forms.Select):
    pass


class PhaseChangeForm(forms.Form):
    """The initiative grows to the next phase, or steps one back, and why: only the
    changes its steps leave open are offered, and none is chosen beforehand."""

    to_phase = forms.TypedChoiceField(label=_("New phase"), coerce=int, choices=[],
                                      widget=StepRadioSelect)
    occurred_on = forms.DateField(label=_("Since"), widget=DateInput())
    rationale = forms.CharField(
        label=_("Why"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What shows that the initiative is in this phase now: it goes into "
                    "the account of the period."))

    def __init__(self, *args, initiative, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].initial = timezone.localdate()
        choices, offered = [], {}
        for name, phase, label in (
            ("next_phase", next_phase(initiative), _("On to the next phase: %(phase)s")),
            ("step_back", previous_phase(initiative), _("One phase back: %(phase)s")),
        ):
            if phase is not None and steps[name].is_open:
                choices.append((phase.value, label % {"phase": phase.label}))
                offered[str(phase.value)] = steps[name]
        self.fields["to_phase"].choices = choices
        self.fields["to_phase"].widget.steps = offered
