"""Forms of a person's page: each asks only for what the service stores, so nothing
typed is silently replaced (an outflow is recorded in the phase and role the person
has then, so its form asks for neither)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboard.forms.confirm import ConfirmMixin, Consequence
from dashboard.forms.widgets import date_field
from initiatives.models import MembershipRole
from participants.forms import CONTROL, clean_phone, normalise_postcode
from participants.models import (
    ConsentPurpose,
    FlowRole,
    InflowChannel,
    OutflowReason,
    ParticipantKind,
)
from participants.privacy import PRIVACY_STATEMENT_VERSION
from wei.forms import ProcessChoiceField
from wei.models import Phase


def _today():
    return timezone.localdate()


class StepSelect(forms.Select):
    """A choice of process that is a step of the person there (an inflow into it, a
    throughflow in it): each option carries its step's key (`step_keys`, by process id)."""

    def __init__(self, *args, step_keys=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.step_keys = step_keys or {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        key = self.step_keys.get(str(value))
        if key:
            option["attrs"]["data-step"] = key
        return option


def _step_choices(field, processes, steps):
    """The processes in which the form's step is open, each option with its step."""
    widget = StepSelect(step_keys={str(pk): step.key for pk, step in steps.items()})
    widget.is_required = field.required
    field.widget = widget
    field.queryset = processes  # after the widget: it hands the choices to it


class StayChoiceField(forms.ModelChoiceField):
    """A process in which the person has an open stay, with where they stand there."""

    def __init__(self, stays, **kwargs):
        self.stays = {event.process_id: event for event in stays}
        super().__init__(queryset=None, **kwargs)

    def label_from_instance(self, obj):
        event = self.stays[obj.pk]
        return _("%(process)s – %(neighbourhood)s (now: %(phase)s, %(role)s)") % {
            "process": obj.title, "neighbourhood": obj.neighbourhood.name,
            "phase": event.get_phase_display().lower(), "role": event.get_role_display()}


class _StayForm(forms.Form):
    """A step in a process the person takes part in: `stays` their latest event per
    process (for the labels), `processes` where the step is open, `steps` those open
    steps by process id."""

    def __init__(self, *args, stays, processes, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"] = StayChoiceField(stays, label=_("WEI process"))
        _step_choices(self.fields["process"], processes.select_related("neighbourhood"), steps)
        self.order_fields(["process"])
        if len(steps) == 1:
            self.initial.setdefault("process", next(iter(steps)))


class InflowForm(forms.Form):
    """An inflow, into the process that fits the person (`fits`: the running one of
    their own neighbourhood) unless another is chosen; a process in another
    neighbourhood than theirs is recorded only once `confirm_place` is ticked."""

    process = ProcessChoiceField(queryset=None, label=_("WEI process"))
    occurred_on = date_field(_("Date"), initial=_today)
    channel = forms.ChoiceField(label=_("Channel of inflow"), choices=InflowChannel.choices)
    phase = forms.TypedChoiceField(
        label=_("Phase"), coerce=int, empty_value=None, required=False,
        choices=[("", _("The phase the process is in")), *Phase.choices])
    role = forms.ChoiceField(label=_("Role"), choices=FlowRole.choices,
                             initial=FlowRole.PARTICIPANT)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    # Hidden until a process in another neighbourhood is chosen (see clean).
    confirm_place = forms.BooleanField(label=_("Yes, I mean this process"), required=False,
                                       widget=forms.HiddenInput)

    def __init__(self, *args, processes, steps, participant, fits=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant
        self.fields["process"].first_group = participant.neighbourhood_id
        _step_choices(self.fields["process"], processes, steps)
        if fits is None and len(steps) == 1:
            fits = next(iter(steps))
        if fits is not None:
            self.initial.setdefault("process", fits)

    def clean(self):
        data = super().clean()
        process, person = data.get("process"), self.participant
        if (process is not None and person.neighbourhood_id is not None
                and process.neighbourhood_id != person.neighbourhood_id
                and not data.get("confirm_place")):
            self.fields["confirm_place"].widget = forms.CheckboxInput()
            self.add_error("confirm_place", forms.ValidationError(
                _("This process lies in %(place)s, not in the neighbourhood of %(name)s "
                  "(%(home)s). Confirm that this is what you mean."),
                code="other_neighbourhood", params={
                    "place": process.neighbourhood.name, "name": person.name,
                    "home": person.neighbourhood.name}))
        return data


class ThroughflowForm(_StayForm):
    occurred_on = date_field(_("Date"), initial=_today)
    phase = forms.TypedChoiceField(
        label=_("New phase"), coerce=int, empty_value=None, required=False,
        choices=[("", _("unchanged")), *Phase.choices])
    role = forms.ChoiceField(label=_("New role"), required=False,
                             choices=[("", _("unchanged")), *FlowRole.choices])
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


def outflow_consequences(stays) -> list[Consequence]:
    """What an outflow does, from the person's open stays where it can be recorded."""
    if len(stays) == 1:
        process = stays[0].process
        leaves = _("The person leaves %(process)s (%(neighbourhood)s); coming back later is "
                   "a new inflow.") % {"process": process.title,
                                       "neighbourhood": process.neighbourhood.name}
    else:
        leaves = _("The person leaves only the process chosen above; their stays in the "
                   "others go on.")
    outcomes = ", ".join(str(reason.label) for reason in OutflowReason.outcomes())
    return [Consequence(leaves), Consequence(_(
        "The reason counts in the figures and the report: %(outcomes)s as an outcome of the "
        "process, every other reason as a loss.") % {"outcomes": outcomes})]


class OutflowForm(ConfirmMixin, _StayForm):
    confirm_label = _("Yes: record that the person leaves the process, for this reason")
    confirm_refusal = _("Tick the box to confirm the outflow; without it nothing is "
                        "recorded.")
    occurred_on = date_field(_("Date"), initial=_today)
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", _("Choose a reason")), *OutflowReason.choices],
        help_text=_("Paid work, an own business and education are outcomes of the process. "
                    "The outflow is recorded in the phase and role the person has now."))
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, stays, steps, **kwargs):
        here = [event for event in stays if event.process_id in steps]
        super().__init__(*args, stays=stays, steps=steps,
                         consequences=outflow_consequences(here), **kwargs)


class InitiativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} – {obj.neighbourhood.name}"


class MembershipForm(forms.Form):
    initiative = InitiativeChoiceField(queryset=None, label=_("Citizen initiative"))
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices,
                             initial=MembershipRole.MEMBER)
    started_on = date_field(_("Since"), initial=_today)
    channel = forms.ChoiceField(
        label=_("Channel of inflow"), choices=InflowChannel.choices,
        initial=InflowChannel.ORGANIZER,
        help_text=_("Recorded only when joining is the person's first step in the "
                    "initiative's process (their inflow)."))

    def __init__(self, *args, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives.select_related("neighbourhood")


class NeighbourhoodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class DetailsForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address (optional)"), max_length=254,
                             required=False)
    phone = forms.CharField(label=_("Phone number (optional)"), max_length=30, required=False)
    postcode = forms.CharField(label=_("Postcode (optional)"), max_length=10, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ParticipantKind.choices)
    neighbourhood = NeighbourhoodChoiceField(label=_("Neighbourhood"), queryset=None,
                                             required=False, empty_label=_("(none)"))
    contribution = forms.CharField(
        label=_("What they want to contribute (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(label=_("Notes (optional)"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name or CONTROL.search(name):
            raise forms.ValidationError(_("Enter the person's name."), code="name")
        return name

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        return normalise_postcode(value) if value else ""

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Consent for"), choices=ConsentPurpose.choices)
    agreed = forms.BooleanField(error_messages={"required": _(
        "Tick this only once the person has agreed; without it nothing is recorded.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed"].label = _(
            "The person agrees, as described in the privacy statement (version %(version)s)"
        ) % {"version": PRIVACY_STATEMENT_VERSION}

    privacy_version = PRIVACY_STATEMENT_VERSION


class EraseForm(ConfirmMixin, forms.Form):
    confirm_label = _("Yes: erase this person's personal data for good")
    confirm_refusal = _("Tick the box to confirm the erasure.")
