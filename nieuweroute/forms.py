"""One form per step of the route; the views hand the cleaned data to the services."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.submissions import SubmissionField
from nieuweroute.models import Route
from participants.filters import search_people
from participants.forms import ParticipantChoiceField, ParticipantMultipleChoiceField
from participants.models import Organisation, Participant
from wei import access
from wei.forms import ProcessChoiceField
from wei.models import Neighbourhood, Process


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


class RouteEditForm(RouteForm):
    """What a route is about and where it belongs. Starting a route (`new`) also names
    its steering organisations; editing leaves them as they are."""

    submit_label = _("Save the route")

    def __init__(self, *args, user, route=None, new=False, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            self.helper.inputs[0].value = RouteForm.submit_label
        # A route starts in any neighbourhood (their names are public); once started, it
        # moves only among those the user works in. Processes: those the user may see.
        neighbourhoods = Neighbourhood.objects.all()
        processes = access.visible(user, Process.objects.all())
        if route is not None:
            neighbourhoods = neighbourhoods.filter(
                Q(pk__in=access.visible(user, Neighbourhood.objects.all()).values("pk"))
                | Q(pk__in=access.changeable(user, Route.objects.all()).values("neighbourhood"))
                | Q(pk=route.neighbourhood_id))
            processes = Process.objects.filter(Q(pk__in=processes.values("pk"))
                                               | Q(pk=route.process_id))
        self.fields["neighbourhood"] = forms.ModelChoiceField(
            label=_("Neighbourhood"), queryset=neighbourhoods.order_by("name"))
        self.fields["process"] = ProcessChoiceField(
            label=_("WEI process (optional)"), required=False,
            queryset=processes.order_by("neighbourhood__name", "-started_on"),
            first_group=None if route is None else route.neighbourhood_id,
            help_text=_("A WEI process of the same neighbourhood, when the route is part of it."))
        routes = access.changeable(user, Route.objects.all()).order_by("-created_at")
        if route is not None:
            routes = routes.exclude(pk=route.pk)
        self.fields["follows"] = forms.ModelChoiceField(
            label=_("Follows the route (optional)"), required=False, queryset=routes,
            help_text=_("For example: a first route about the vision, this one about carrying "
                        "it out."))
        order = ["title", "kwestie", "consequences", "neighbourhood", "process", "follows"]
        if new:
            order.append("steering_organisations")
        else:
            del self.fields["steering_organisations"]
        self.order_fields(order)


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
    participant = ParticipantChoiceField(label=_("Participant"),
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
        self.fields["participant"].queryset = route.participants.select_related(
            "neighbourhood").order_by("name")


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
    submit_label = _("Send the invitations")
    participants = ParticipantMultipleChoiceField(
        label=_("Invite"), queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone spoken to beforehand and not invited yet."),
        error_messages={"required": _("Choose at least one participant to invite.")})
    # Sent twice, the round goes out once (core.submissions).
    submission = SubmissionField()

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = participants
        # Everyone is ticked: inviting all who were spoken to is the usual step.
        self.initial.setdefault("participants", list(participants.values_list("pk", flat=True)))


class PlanForm(StepForm):
    submit_label = _("Record the plan")
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput(),
                                 help_text=_("The day of the decision meeting."))
    at_continuation = forms.BooleanField(
        label=_("Decided at a continuation meeting, on a later day"), required=False)
    summary = forms.CharField(label=_("Summary"), required=False, max_length=10000,
                              widget=forms.Textarea(attrs={"rows": 4}))


class PlanItemForm(StepForm):
    submit_label = _("Add the agreement")

    @classmethod
    def for_change(cls, *args, **kwargs):
        form = cls(*args, **kwargs)
        form.helper.inputs[0].value = _("Save the agreement")
        return form

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


class RoutePeopleForm(forms.Form):
    """People of the route's neighbourhood who are not on the route yet, found by name,
    postcode or e-mail and ticked to add. Nobody is listed before a search."""

    LIMIT = 25

    q = forms.CharField(label=_("Find someone by name, postcode or e-mail"), required=False,
                        max_length=200)
    add = ParticipantMultipleChoiceField(label=_("Add to the route"), required=False,
                                         queryset=Participant.objects.none(),
                                         widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, route, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = Participant.objects.none()
        if route.neighbourhood_id:
            candidates = Participant.objects.filter(
                neighbourhood=route.neighbourhood_id,
            ).exclude(pk__in=route.participants.values("pk"))
        self.fields["add"].queryset = candidates.select_related("neighbourhood")

    def search_text(self) -> str:
        return " ".join(str(self.data.get("q", "")).split())[:200] if self.is_bound else ""

    def found(self) -> list:
        text = self.search_text()
        if not text:
            return []
        return list(search_people(self.fields["add"].queryset, text)
                    .order_by("name", "id")[:self.LIMIT])
