from django import forms
from django.contrib.auth.forms import AuthenticationForm
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


class LoginForm(AuthenticationForm):
    """The password step.

    Django sets the username field's max_length without a validator, so an
    over-long name would reach authenticate() and the lockout's records (a
    255-character column); it is refused here, as any wrong login is.
    """

    def clean_username(self):
        username = self.cleaned_data["username"]
        if len(username) > self.fields["username"].max_length:
            raise self.get_invalid_login_error()
        return username
