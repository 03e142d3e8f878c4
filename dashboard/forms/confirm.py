"""A confirmation that says what a step does: one piece for every form whose submit has
consequences worth reading first (stopping a process, an outflow, an erasure, a plan
sent or accepted, moving on with criteria unmet).

The form carries a `confirm` checkbox and the `consequences` the page lists above it
(`dashboard/includes/confirm.html`), so reading and confirming is one submit. Where the
service decides whether a confirmation is needed (it knows the locked row), the checkbox
is passed on and the service refuses; otherwise the form refuses an unticked box itself.
"""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Consequence:
    """One sentence of what the step does, with the rows it concerns (named, if any)."""

    text: str
    items: list[str] = field(default_factory=list)


class ConfirmMixin:
    """For a forms.Form: `confirm` last, labelled `confirm_label`; `consequences` is
    given by the view (what it knows of the object now). `confirm_required`: the form
    refuses an unticked box itself (False: the service decides)."""

    confirm_label = _("I have read what this does, and go ahead")
    confirm_required = True
    confirm_refusal = _("Tick the box to confirm, once you have read what this does.")

    def __init__(self, *args, consequences=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.consequences = list(consequences)
        self.fields["confirm"] = forms.BooleanField(label=self.confirm_label, required=False)

    def clean_confirm(self):
        confirmed = self.cleaned_data.get("confirm", False)
        if self.confirm_required and not confirmed:
            raise forms.ValidationError(self.confirm_refusal, code="unconfirmed")
        return confirmed
