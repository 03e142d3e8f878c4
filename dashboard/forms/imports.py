"""Importing a list of people: the file with what holds for the whole list, then which
column holds what."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.submissions import SubmissionField
from nieuweroute.forms import DateInput
from participants.imports import FIELDS
from participants.models import ConsentPurpose, InflowChannel
from participants.privacy import PRIVACY_STATEMENT_VERSION

NOT_IN_FILE = ""


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("List of people (CSV or XLSX)"),
        help_text=_("The first row names the columns, such as Naam, E-mail, Telefoon, "
                    "Postcode, Wijk. At most 5,000 people and 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood, for rows that do not name one"), queryset=None,
        required=False, empty_label=_("Only the neighbourhood in the file"))
    channel = forms.ChoiceField(
        label=_("How did these people come in?"), choices=InflowChannel.choices,
        initial=InflowChannel.INFORMATION_MEETING)
    occurred_on = forms.DateField(
        label=_("Date they came in"), widget=DateInput(),
        help_text=_("Such as the date of the meeting where the list was signed."))
    consent_purpose = forms.ChoiceField(
        label=_("They gave consent for"), widget=forms.RadioSelect,
        choices=[(ConsentPurpose.PARTICIPATION.value, ConsentPurpose.PARTICIPATION.label),
                 (ConsentPurpose.KEEP_INFORMED.value, ConsentPurpose.KEEP_INFORMED.label)],
        initial=ConsentPurpose.PARTICIPATION)
    consent_how = forms.CharField(
        label=_("How did they give it?"), max_length=300,
        help_text=_("Such as “signed the attendance list of the information evening”."))
    consent = forms.BooleanField(error_messages={"required": _(
        "Only people who gave their consent may be imported: without it their details "
        "are not stored.")})

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods
        self.fields["occurred_on"].initial = timezone.localdate()
        self.fields["consent"].label = _(
            "Everyone on this list agreed that their details are used for this, as "
            "described in the privacy statement (version %(version)s)"
        ) % {"version": PRIVACY_STATEMENT_VERSION}

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("The date lies in the future; import who has already come."), code="future")
        return day

    def clean_consent_how(self):
        how = " ".join(self.cleaned_data["consent_how"].split())
        if not how:
            raise forms.ValidationError(_("Say how they gave their consent."), code="how")
        return how


class MappingForm(forms.Form):
    """For each field the column that holds it; then import, or not."""

    skip_problems = forms.BooleanField(
        label=_("Leave out the rows with problems and import the others"), required=False)
    # Pressed twice, the list is imported once (core.submissions).
    submission = SubmissionField()

    def __init__(self, *args, headers, initial_mapping=None, **kwargs):
        super().__init__(*args, **kwargs)
        columns = [(NOT_IN_FILE, _("— not in the file —"))] + [
            (str(index), _("Column %(number)s: %(heading)s") % {
                "number": index + 1, "heading": heading or "–"})
            for index, heading in enumerate(headers)]
        mapping = initial_mapping or {}
        fields = {}
        for name, label in FIELDS.items():
            index = mapping.get(name)
            fields[name] = forms.ChoiceField(
                label=label, choices=columns, required=name == "name",
                initial=NOT_IN_FILE if index is None else str(index),
                error_messages={"required": _("Choose the column with the names.")})
        self.fields = {**fields, **self.fields}

    def mapping(self) -> dict[str, int | None]:
        return {name: int(self.cleaned_data[name]) if self.cleaned_data.get(name) else None
                for name in FIELDS}
