from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from participants.forms import participant_label
from participants.models import (
    Attendance,
    Consent,
    FlowEvent,
    FlowKind,
    FlowRole,
    Organisation,
    Participant,
)
from participants.privacy_admin import ParticipantPrivacyAdminMixin
from participants.selectors import participant_current_state
from participants.services import (
    participant_flow_in,
    participant_flow_out,
    participant_flow_through,
)
from wei.admin import ActivityAdmin
from wei.choices import label_choices
from wei.models import Activity, Phase
from wei.scoped_admin import (
    HistoryAdmin,
    RecordedAdmin,
    RecordThroughServiceForm,
    ScopedAdmin,
    ScopedInline,
)

# Every picker of people in the admin tells namesakes apart by postcode and neighbourhood.
label_choices(Participant, label=participant_label, related=("neighbourhood",))


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["members"]

    def get_exclude(self, request, obj=None):
        # Who acts for an organisation decides what its steering-group member sees:
        # only a superuser sets it.
        if request.user.is_superuser:
            return super().get_exclude(request, obj)
        return [*(super().get_exclude(request, obj) or []), "members"]


class ConsentInline(ScopedInline, admin.StackedInline):
    # Stacked: in a table row the purpose and two date-and-time pickers ran wider than
    # a 1280-pixel window.
    model = Consent
    extra = 0
    fields = ["purpose", "privacy_version", "given_at", "withdrawn_at"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(getattr(field, "widget", None), AdminSplitDateTime):
            # A date box and a time box under one label: each gets a name of its own.
            date_box, time_box = field.widget.widgets
            date_box.attrs["aria-label"] = _("%(field)s: date") % {"field": db_field.verbose_name}
            time_box.attrs["aria-label"] = _("%(field)s: time") % {"field": db_field.verbose_name}
        return field


class FlowEventInline(ScopedInline, admin.TabularInline):
    """How this person flowed in, through and out; recorded through the flow event form."""

    model = FlowEvent
    fk_name = "participant"
    fields = ["occurred_on", "process", "kind", "phase", "role", "channel", "reason", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["occurred_on", "sequence"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("process")


class AttendanceInline(ScopedInline, admin.TabularInline):
    """Who came, read-only: a select widget per row would cost a query per row.
    Attendance is added on its own admin page."""

    model = Attendance
    fields = readonly_fields = ["activity", "participant"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("activity", "participant")


@admin.register(Participant)
class ParticipantAdmin(ParticipantPrivacyAdminMixin, ScopedAdmin):
    list_display = ["name", "email", "kind", "neighbourhood", "organisation", "created_at"]
    list_filter = ["kind", "neighbourhood", "organisation__kind"]
    list_select_related = ["neighbourhood", "organisation"]
    search_fields = ["name", "email", "postcode"]
    autocomplete_fields = ["neighbourhood", "organisation"]
    inlines = [ConsentInline, FlowEventInline, AttendanceInline]


@admin.register(Consent)
class ConsentAdmin(ScopedAdmin):
    list_display = ["participant", "purpose", "privacy_version", "given_at", "withdrawn_at"]
    list_filter = ["purpose", "privacy_version"]
    list_select_related = ["participant"]
    search_fields = ["participant__name"]
    autocomplete_fields = ["participant"]


@admin.register(Attendance)
class AttendanceAdmin(RecordedAdmin):
    list_display = ["participant", "activity"]
    list_select_related = ["participant", "activity"]
    search_fields = ["participant__name", "activity__title"]
    autocomplete_fields = ["participant", "activity"]


# Attendance lives with the participants, so this app adds it to wei's activity
# admin rather than wei knowing about participants.
class ActivityWithAttendanceAdmin(ActivityAdmin):
    inlines = [AttendanceInline]


admin.site.unregister(Activity)
admin.site.register(Activity, ActivityWithAttendanceAdmin)


class FlowEventAdminForm(RecordThroughServiceForm):
    class Meta:
        model = FlowEvent
        fields = [
            "participant",
            "process",
            "kind",
            "occurred_on",
            "phase",
            "role",
            "channel",
            "reason",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # On the read-only page of a recorded event every field is read-only: no form fields.
        # Phase and role start empty: a preselected role would be sent with every event.
        for optional in ("phase", "role"):
            if optional in self.fields:
                field = self.fields[optional]
                field.required = False
                field.initial = None
                field.choices = [("", _("(unchanged, or as the process is)")),
                                 *[c for c in field.choices if c[0] != ""]]
                field.help_text = _(
                    "Inflow: where the person comes in (the process's phase when empty). "
                    "Throughflow: what changes. Outflow: leave empty; it is recorded in the "
                    "phase and role the person has at that moment.")

    def clean(self):
        cleaned = self.cleaned_data
        if not self.errors and not self.instance.pk:
            self._refuse_what_would_not_be_stored(cleaned)
        return super().clean()

    def _refuse_what_would_not_be_stored(self, cleaned):
        """Nothing typed on this form may be silently replaced by something else."""
        kind = cleaned.get("kind")
        problems = []
        if kind != FlowKind.INFLOW and cleaned.get("channel"):
            problems.append(_("Only an inflow has a channel; leave the channel empty."))
        if kind != FlowKind.OUTFLOW and cleaned.get("reason"):
            problems.append(_("Only an outflow has a reason; leave the reason empty."))
        if kind == FlowKind.OUTFLOW and (cleaned.get("phase") or cleaned.get("role")):
            current = participant_current_state(cleaned["participant"], cleaned["process"])
            if current is not None and current.kind != FlowKind.OUTFLOW and (
                (cleaned.get("phase") or current.phase) != current.phase
                or (cleaned.get("role") or current.role) != current.role
            ):
                problems.append(_(
                    "An outflow is recorded in the phase and role the person has now "
                    "(%(phase)s, %(role)s). Leave phase and role empty, or record a "
                    "throughflow first.") % {"phase": Phase(current.phase).label.lower(),
                                             "role": current.get_role_display()})
        if problems:
            raise ValidationError(problems)

    def record(self, cleaned):
        common = {
            "participant": cleaned["participant"],
            "process": cleaned["process"],
            "occurred_on": cleaned["occurred_on"],
            "note": cleaned.get("note", ""),
            "by": self.request.user if self.request else None,
        }
        if cleaned["kind"] == FlowKind.INFLOW:
            return participant_flow_in(
                channel=cleaned.get("channel", ""),
                phase=cleaned.get("phase") or None,
                role=cleaned.get("role") or FlowRole.PARTICIPANT,
                **common,
            )
        if cleaned["kind"] == FlowKind.THROUGHFLOW:
            return participant_flow_through(
                phase=cleaned.get("phase") or None, role=cleaned.get("role") or None, **common
            )
        return participant_flow_out(reason=cleaned.get("reason", ""), **common)


@admin.register(FlowEvent)
class FlowEventAdmin(HistoryAdmin):
    form = FlowEventAdminForm
    list_display = [
        "participant",
        "process",
        "kind",
        "occurred_on",
        "phase",
        "role",
        "channel",
        "reason",
    ]
    list_filter = ["kind", "reason", "channel", "phase", "role"]
    list_select_related = ["participant", "process"]
    search_fields = ["participant__name", "process__title", "note"]
    autocomplete_fields = ["participant", "process"]
    date_hierarchy = "occurred_on"
