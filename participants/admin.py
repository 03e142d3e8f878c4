from django.contrib import admin

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
from participants.services import (
    participant_flow_in,
    participant_flow_out,
    participant_flow_through,
)
from wei.admin import (
    ActivityAdmin,
    HistoryAdmin,
    RecordThroughServiceForm,
    ScopedAdmin,
    ScopedInline,
)
from wei.models import Activity


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


class ConsentInline(ScopedInline, admin.TabularInline):
    model = Consent
    extra = 0
    fields = ["purpose", "privacy_version", "given_at", "withdrawn_at"]


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
class AttendanceAdmin(ScopedAdmin):
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
        for optional in ("phase", "role"):
            if optional in self.fields:
                self.fields[optional].required = False

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
