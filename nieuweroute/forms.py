"""One form per step of the route; the views hand the cleaned data to the services."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from participants.models import Organisation, Participant


class StepForm(forms.Form):
    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class RouteForm(StepForm):
    submit_label = _("Start the route")
    title = forms.CharField(label=_("Title"), max_length=200)
    kwestie = forms.CharField(
        label=_("Kwestie"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
        help_text=_("The situation the participants do not want to stay as it is."),
    )
    consequences = forms.CharField(
        label=_("Consequences"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        max_length=5000,
    )
    steering_organisations = forms.ModelMultipleChoiceField(
        label=_("Steering organisations"), queryset=Organisation.objects.order_by("name"),
        required=False, widget=forms.CheckboxSelectMultiple,
    )


class MeetingForm(StepForm):
    date = forms.DateField(label=_("Date of the decision meeting"), widget=DateInput())
    start = forms.TimeField(label=_("Start time"), widget=TimeInput())
    end = forms.TimeField(label=_("End time"), widget=TimeInput(), required=False)
    place = forms.CharField(label=_("Place"), max_length=300)


class KaderForm(StepForm):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=999)
    organisation = forms.ModelChoiceField(label=_("Setting organisation"),
                                          queryset=Organisation.objects.none())
    text = forms.CharField(label=_("Kader"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=3000)
    explanation = forms.CharField(label=_("Explanation"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    sub_points = forms.CharField(
        label=_("Sub-points"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line; they are lettered a, b, c … in this order."),
    )

    def __init__(self, *args, route, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = route.steering_organisations.order_by("name")
        if editing:
            del self.fields["organisation"]


class ConversationForm(StepForm):
    submit_label = _("Record the conversation")
    participant = forms.ModelChoiceField(label=_("Participant"),
                                         queryset=Participant.objects.none())
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    setting = forms.CharField(label=_("Setting"), required=False, max_length=200,
                              help_text=_("For example: during a team meeting."))
    suggestions = forms.CharField(
        label=_("Who else should take part?"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name per line; each becomes a candidate participant."),
    )
    information_needs = forms.CharField(
        label=_("What information do they need to decide well?"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One question per line; each becomes an information request."),
    )
    decision_needs = forms.CharField(
        label=_("What else do they need to decide well?"), required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirmed_email = forms.EmailField(
        label=_("E-mail address for the invitation and the plan"), required=False
    )
    language = forms.ChoiceField(label=_("Language for e-mail"), choices=settings.LANGUAGES,
                                 initial=settings.LANGUAGE_CODE)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, route, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = route.participants.order_by("name")


class AnswerForm(StepForm):
    submit_label = _("Save the answer")
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5}),
                             max_length=10000)
    answered_on = forms.DateField(label=_("Answered on"), widget=DateInput())
    informant_person = forms.ModelChoiceField(label=_("Informant (person)"), required=False,
                                              queryset=Participant.objects.none())
    informant_organisation = forms.ModelChoiceField(
        label=_("Informant (organisation)"), required=False,
        queryset=Organisation.objects.order_by("name"),
    )

    def __init__(self, *args, route, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["informant_person"].queryset = route.participants.order_by("name")


class InviteForm(StepForm):
    submit_label = _("Send the invitation")
    participant = forms.ModelChoiceField(label=_("Participant"),
                                         queryset=Participant.objects.none(),
                                         help_text=_("Only people spoken to beforehand."))

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants


class PlanForm(StepForm):
    submit_label = _("Record the plan")
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    summary = forms.CharField(label=_("Summary"), required=False, max_length=10000,
                              widget=forms.Textarea(attrs={"rows": 4}))


class PlanItemForm(StepForm):
    submit_label = _("Add the agreement")
    what = forms.CharField(label=_("What"), widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=3000)
    who_participant = forms.ModelChoiceField(label=_("Who (person)"), required=False,
                                             queryset=Participant.objects.none())
    who_organisation = forms.ModelChoiceField(label=_("Who (organisation)"), required=False,
                                              queryset=Organisation.objects.order_by("name"))
    due_on = forms.DateField(label=_("By when"), required=False, widget=DateInput())

    def __init__(self, *args, route, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who_participant"].queryset = route.participants.order_by("name")


class KaderCheckForm(StepForm):
    submit_label = _("Save the check")
    kader = forms.ModelChoiceField(label=_("Kader"), queryset=None)
    meets = forms.TypedChoiceField(
        label=_("Does the plan meet this kader?"), widget=forms.RadioSelect,
        choices=[("yes", _("Yes, it meets the kader")), ("no", _("No, it does not"))],
        coerce=lambda value: value == "yes",
    )
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 2}),
                                  max_length=3000)
    checked_on = forms.DateField(label=_("Checked on"), widget=DateInput())

    def __init__(self, *args, route, **kwargs):
        super().__init__(*args, **kwargs)
        # All kaders are offered, so that checking against a concept gets its clear refusal.
        self.fields["kader"].queryset = route.kaders.order_by("number")


class SendBackForm(StepForm):
    submit_label = _("Send the plan back")
    note = forms.CharField(label=_("Note"), required=False, max_length=3000,
                           widget=forms.Textarea(attrs={"rows": 2}))
