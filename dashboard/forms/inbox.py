"""The follow-up inbox: where one stands, and reviewing an idea (which items to show:
dashboard.filters.FollowUpFilter)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboard.forms.initiatives import StepSelect
from initiatives.models import FollowUpStatus, InitiativeForm, Theme
from initiatives.steps import status_step


class StatusStepsMixin:
    """The statuses whose steps are open, each option carrying its step; a status the user
    looks for but that is closed stays in the list, disabled (the service says why)."""

    def offer_statuses(self, steps):
        field = self.fields["status"]
        offered = {value: steps[status_step(value)] for value in FollowUpStatus.values}
        offered = {value: step for value, step in offered.items()
                   if step.is_open or step.shown}
        field.choices = [(value, label) for value, label in FollowUpStatus.choices
                         if value in offered]
        field.widget.steps = offered


class FollowUpStatusForm(StatusStepsMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices,
                               widget=StepSelect)
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was done, for your colleagues: such as “Called, comes on Tuesday”."),
    )

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_statuses(steps)


class FollowUpQuickStatusForm(StatusStepsMixin, forms.Form):
    """The status alone, one small form per row of the inbox (give each a prefix)."""

    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices,
                               widget=StepSelect(attrs={"class": "form-select form-select-sm"}))

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_statuses(steps)


class IdeaPublishForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}))
    form = forms.ChoiceField(label=_("Form"), choices=InitiativeForm.choices,
                             widget=forms.RadioSelect)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one theme.")})
    aims_people = forms.CharField(
        label=_("Aims for people"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}))
    aims_planet = forms.CharField(
        label=_("Aims for the planet"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}))
    aims_profit = forms.CharField(
        label=_("Aims for profit"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}))

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Give the initiative a title."), code="title")
        return title


class IdeaDeclineForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the proposer"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent by e-mail: why the idea is not taken up, and what they could do "
                    "instead."),
        error_messages={"required": _("Write the proposer a message: why the idea is not "
                                      "taken up, and what they could do instead.")},
    )
