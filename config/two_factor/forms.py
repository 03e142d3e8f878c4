from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code"), max_length=20, strip=True,
        help_text=_("The six digits from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false",
            "autofocus": True,
        }),
        error_messages={"required": _("Enter the code.")},
    )
