"""Forms of the activity pages: plan or record an activity, correct what it says, and who
came to it."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.submissions import SubmissionField
from dashboard.forms.widgets import date_field, time_field
from participants.filters import search_people
from participants.forms import NewParticipantForm, ParticipantMultipleChoiceField
from participants.models import InflowChannel, Participant
from wei.forms import ProcessChoiceField
from wei.models import ActivityKind, Phase

# How many people a search shows at once, and how many new people one form takes.
SEARCH_LIMIT = 20
NEW_ROWS = 3
MAX_NEW_ROWS = 30


class ActivityDetailsForm(forms.Form):
    """What an activity says of itself, as it is planned and as it is corrected."""

    title = forms.CharField(label=_("Title"), max_length=200)
    date = date_field(_("Date"), initial=timezone.localdate,
                      help_text=_("A date ahead plans the activity; who came is recorded "
                                  "from that day on."))
    start_time = time_field(_("Starts at (optional)"), required=False)
    end_time = time_field(_("Ends at (optional)"), required=False)
    location = forms.CharField(label=_("Place (optional)"), max_length=200, required=False)
    description = forms.CharField(label=_("Description (optional)"), required=False,
                                  max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    is_public = forms.BooleanField(
        label=_("Public: show it to residents"), required=False,
        help_text=_("For an information evening or a community meeting: it shows on the home "
                    "page, the neighbourhood's page and its initiatives' pages, with place, "
                    "date and time and a calendar file."))
    takes_sign_ups = forms.BooleanField(
        label=_("Residents can say 'Ik kom'"), required=False,
        help_text=_("Public activities only: residents sign up without an account and confirm "
                    "by e-mail; the card shows how many are coming, and the people who "
                    "confirmed are ticked on the attendance page."))

    def clean(self):
        data = super().clean()
        if data.get("takes_sign_ups") and not data.get("is_public"):
            self.add_error("takes_sign_ups", _("Only a public activity takes sign-ups: tick "
                                               "'Public' as well."))
        if data.get("end_time") and not data.get("start_time"):
            self.add_error("start_time", _("Fill in when it starts as well."))
        elif data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", _("The end lies after the start."))
        return data


class ActivityForm(ActivityDetailsForm):
    process = ProcessChoiceField(queryset=None, label=_("WEI process"))
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    phase = forms.TypedChoiceField(
        label=_("Phase"), choices=[("", _("The phase the process is in")), *Phase.choices],
        coerce=int, empty_value=None, required=False)

    field_order = ["process", "kind", "title", "date", "phase"]

    def __init__(self, *args, processes, fixed_process=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only running processes: a stopped one takes no new activities.
        self.fields["process"].queryset = processes.select_related("neighbourhood").order_by(
            "neighbourhood__name", "title")
        if fixed_process is not None:
            self.fields["process"].widget = forms.HiddenInput()
            self.initial["process"] = fixed_process.pk


class AttendanceForm(forms.Form):
    """Known people ticked off; `q` narrows the list they are ticked in."""

    q = forms.CharField(label=_("Find someone by name, postcode or e-mail"), required=False,
                        max_length=200)
    present = ParticipantMultipleChoiceField(
        queryset=Participant.objects.none(), label=_("Who came"), required=False,
        widget=forms.CheckboxSelectMultiple)
    # Sent twice (a double click, back and save again), it records once (core.submissions).
    submission = SubmissionField()

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people
        self.fields["present"].queryset = people.select_related("neighbourhood")

    def ticked(self):
        """The people ticked so far (also when the rest of the form is refused)."""
        field = self.fields["present"]
        values = self.data.getlist(self.add_prefix("present")) if self.is_bound else []
        try:
            return list(field.clean(values)) if values else []
        except forms.ValidationError:
            return []

    def search_text(self):
        return " ".join(str(self.data.get(self.add_prefix("q"), "")).split())[:200]

    def candidates(self, ticked):
        """People found by the search, not yet ticked (a page of SEARCH_LIMIT)."""
        text = self.search_text()
        if not text:
            return []
        found = search_people(self.fields["present"].queryset, text).exclude(
            pk__in=[person.pk for person in ticked])
        return list(found.order_by("name", "id")[:SEARCH_LIMIT + 1])


class NewPersonAtActivityForm(NewParticipantForm):
    """A person added on the spot, with how they came in: the channel that fits the
    activity unless the row says otherwise (someone a neighbour brought along)."""

    channel = forms.ChoiceField(label=_("Channel of inflow"), choices=InflowChannel.choices,
                                required=False)
    field_order = ["name", "email", "phone", "postcode", "kind", "channel", "consent"]

    def has_changed(self):
        # A row is filled by a person's details; the channel alone adds nobody.
        return bool(set(self.changed_data) - {"channel"})

    def register_kwargs(self) -> dict:
        # Not sent (a page from before the field): the channel that fits the activity.
        return {**super().register_kwargs(),
                "channel": self.cleaned_data["channel"] or self.initial["channel"]}


def new_person_forms(data=None, *, rows=NEW_ROWS, channel=InflowChannel.OTHER):
    """`rows` forms for people added on the spot, each with its own prefix and
    `channel` chosen; a row left empty is skipped."""
    return [NewPersonAtActivityForm(data, prefix=f"nieuw-{index}", empty_permitted=True,
                                    use_required_attribute=False, initial={"channel": channel})
            for index in range(rows)]


def row_count(data, default=NEW_ROWS) -> int:
    try:
        rows = int(data.get("rijen", default))
    except (TypeError, ValueError):
        rows = default
    return max(1, min(rows, MAX_NEW_ROWS))
