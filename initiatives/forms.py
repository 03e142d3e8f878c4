"""The public forms. Every field has a maximum length and is checked on the server;
the honeypot field is hidden from people (CSS, aria-hidden) but not from bots."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.forms import BoundField
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.submissions import SubmissionField
from participants.forms import clean_phone, normalise_postcode
from participants.mailboxes import validate_single_mailbox
from wei.models import Neighbourhood, ProcessStatus

CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class EchoUpToMaxLength(BoundField):
    """A refused field shows what was typed, but never more than the field may hold: a
    megabyte typed into a name comes back as its first 200 characters, not whole."""

    def value(self):
        value = super().value()
        limit = getattr(self.field, "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            return value[:limit]
        return value


class PublicForm(forms.Form):
    bound_field_class = EchoUpToMaxLength

    # Bots fill in every field; people never see this one.
    website = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # Sent twice (a double click, a reload of the answer), it is stored and mailed once
    # (core.submissions).
    submission = SubmissionField()
    submit_label = _("Send")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "consent" in self.fields:
            self.fields["consent"].label = consent_label()
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.add_input(Submit("submit", self.submit_label))
        # display:none hides the honeypot from sighted and screen-reader users alike.
        self.helper.layout = Layout(*[
            Field(name, wrapper_class="d-none") if name == "website" else name
            for name in self.fields
        ])

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class ContactFieldsMixin(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    # One plain mailbox: no quoted local part, comma, semicolon or angle bracket that a
    # mail server would read as more recipients.
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254,
                             validators=[validate_single_mailbox],
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if CONTROL.search(name) or not name:
            raise forms.ValidationError(_("Enter your name."), code="name")
        return name


def consent_label():
    # Built per form, not at import: the URL resolver is not ready then.
    return format_html(
        '{} <a href="{}">{}</a>',
        _("I agree that my details are used for this, as described in the"),
        reverse("participants:privacy"), _("privacy statement"),
    )


def consent_field(refusal=None):
    return forms.BooleanField(error_messages={
        "required": refusal or _("Without your consent we cannot sign you up.")})


class SignUpForm(PublicForm, ContactFieldsMixin):
    phone = forms.CharField(label=_("Phone number (optional)"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "tel"}))
    postcode = forms.CharField(label=_("Postcode"), max_length=10,
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    contribution = forms.CharField(
        label=_("What would you like to contribute?"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skills, time, ideas: anything helps."),
    )
    message = forms.CharField(label=_("A message (optional)"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    consent = consent_field()
    submit_label = _("Sign up")

    field_order = ["name", "email", "phone", "postcode", "contribution", "message", "consent",
                   "website"]

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean_postcode(self):
        return normalise_postcode(self.cleaned_data["postcode"])


class KeepInformedForm(PublicForm, ContactFieldsMixin):
    postcode = forms.CharField(label=_("Postcode (optional)"), max_length=10, required=False,
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    consent = consent_field()
    submit_label = _("Keep me informed")
    field_order = ["name", "email", "postcode", "consent", "website"]

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        return normalise_postcode(value) if value else ""


class IdeaForm(PublicForm, ContactFieldsMixin):
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.filter(processes__status=ProcessStatus.ACTIVE).distinct(),
        empty_label=_("Choose your neighbourhood"),
    )
    idea_title = forms.CharField(label=_("Your idea in a few words"), max_length=200)
    message = forms.CharField(
        label=_("Tell us more"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What would you like to do, for whom, and what do you need?"),
    )
    postcode = forms.CharField(label=_("Postcode (optional)"), max_length=10, required=False,
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    consent = consent_field()
    submit_label = _("Send my idea")
    field_order = ["neighbourhood", "idea_title", "message", "name", "email", "postcode",
                   "consent", "website"]

    def clean_idea_title(self):
        title = " ".join(self.cleaned_data["idea_title"].split())
        if not title:
            raise forms.ValidationError(_("Describe your idea in a few words."), code="title")
        return title

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        return normalise_postcode(value) if value else ""


class AttendForm(KeepInformedForm):
    """ "Ik kom" for a public activity: the same fields as keeping informed."""

    submit_label = _("I am coming")


class QuestionForm(PublicForm, ContactFieldsMixin):
    """A question to an initiative's leads. The address is for their answer only: it is
    never shown on the site."""

    question = forms.CharField(
        label=_("Your question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write your question.")},
        help_text=_("The process manager of the neighbourhood passes it on to the people "
                    "who run the initiative. Your question is not published."),
    )
    consent = consent_field(_("Without your consent we cannot pass your question on."))
    submit_label = _("Send my question")
    field_order = ["question", "name", "email", "consent", "website"]
