"""Forms about people that more than one page needs: a new person with the consent
they gave, and a choice of people that tells namesakes apart."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from participants.mailboxes import validate_single_mailbox
from participants.models import ConsentPurpose, Participant, ParticipantKind
from participants.privacy import PRIVACY_STATEMENT_VERSION

POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*$")
PHONE = re.compile(r"\+?[0-9 ()-]{6,30}")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def normalise_postcode(value: str) -> str:
    """'1234ab', '1234 AB ' -> '1234 AB'; a Dutch postcode never starts with 0."""
    match = POSTCODE.match(value or "")
    if not match:
        raise forms.ValidationError(
            _("Enter a Dutch postcode: four digits and two letters, such as 7941 AB."),
            code="postcode",
        )
    return f"{match.group(1)} {match.group(2).upper()}"


def clean_phone(value: str) -> str:
    phone = (value or "").strip()
    if phone and not PHONE.fullmatch(phone):
        raise forms.ValidationError(
            _("Enter a phone number with digits only, such as 06 12345678."), code="phone"
        )
    return phone


def participant_label(participant: Participant) -> str:
    """'Yara Bos (7941 AB, Oosterboer)': two people of the same name told apart.

    Reads `participant.neighbourhood`: select it with the people (no query per row).
    """
    details = [part for part in (
        participant.postcode,
        participant.neighbourhood.name if participant.neighbourhood_id else "",
    ) if part]
    return f"{participant.name} ({', '.join(details)})" if details else participant.name


class ParticipantChoiceField(forms.ModelChoiceField):
    """A choice of one person, labelled with postcode and neighbourhood."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset.select_related("neighbourhood"), **kwargs)

    def label_from_instance(self, obj):
        return participant_label(obj)


class ParticipantMultipleChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(queryset.select_related("neighbourhood"), **kwargs)

    def label_from_instance(self, obj):
        return participant_label(obj)


class NewParticipantForm(forms.Form):
    """A person added by staff: who they are and the consent they gave on the spot.

    The neighbourhood is not a field: the page knows it (the activity's, the route's).
    Give the form a `prefix` to put several on one page.
    """

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address (optional)"), max_length=254,
                             required=False, validators=[validate_single_mailbox])
    phone = forms.CharField(label=_("Phone number (optional)"), max_length=30, required=False)
    postcode = forms.CharField(label=_("Postcode (optional)"), max_length=10, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ParticipantKind.choices,
                             initial=ParticipantKind.RESIDENT)
    consent = forms.BooleanField(error_messages={"required": _(
        "Ask for their consent first: without it their details are not stored.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # In the language of the request, with the version the person agrees to now.
        self.fields["consent"].label = _(
            "Agrees that their details are used for taking part, as described in the "
            "privacy statement (version %(version)s)") % {"version": PRIVACY_STATEMENT_VERSION}

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

    def register_kwargs(self) -> dict:
        """The cleaned data as `participants.services.participant_register` takes it."""
        data = self.cleaned_data
        return {
            "name": data["name"], "email": data["email"], "phone": data["phone"],
            "postcode": data["postcode"], "kind": data["kind"],
            "consent_purpose": ConsentPurpose.PARTICIPATION,
            "privacy_version": PRIVACY_STATEMENT_VERSION,
        }
