from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wei.models import (
    Activity,
    Neighbourhood,
    PhaseCriterion,
    PhaseDescription,
    PhaseTransition,
    Process,
    TransitionKind,
)
from wei.services import (
    process_advance_phase,
    process_complete,
    process_reopen,
    process_start,
    process_stop,
)


class RecordThroughServiceForm(forms.ModelForm):
    """An add form for history rows that a service writes (transitions, flow events).

    `record(cleaned_data)` calls the service during validation, so its refusals show
    on the form; the admin view's transaction still covers everything that follows.
    """

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def record(self, cleaned):
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.instance.pk:
            return cleaned
        try:
            self.instance = self.record(cleaned)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return cleaned

    def _post_clean(self):
        """The service has validated and saved the row; nothing to copy back."""


class HistoryAdmin(admin.ModelAdmin):
    """Rows of history are added through their service and never edited or deleted:
    a correction is a new row."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class RequestForm(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, request=request, **inner)

        return RequestForm

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """Saved by the service in the form's validation."""

    def save_related(self, request, form, formsets, change):
        """The service saved the related rows too."""


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "slug"]
    list_filter = ["municipality"]
    search_fields = ["name", "municipality", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PhaseDescription)
class PhaseDescriptionAdmin(admin.ModelAdmin):
    list_display = ["phase", "goal", "expected_result"]


@admin.register(PhaseCriterion)
class PhaseCriterionAdmin(admin.ModelAdmin):
    list_display = ["text", "phase", "order"]
    list_editable = ["order"]
    list_filter = ["phase"]
    search_fields = ["text"]


class PhaseTransitionInline(admin.TabularInline):
    """The history, read-only: transitions are recorded through their own add form."""

    model = PhaseTransition
    fields = ["occurred_on", "kind", "from_phase", "to_phase", "decided_by", "rationale"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("decided_by")


class ProcessAdminForm(forms.ModelForm):
    class Meta:
        model = Process
        fields = ["neighbourhood", "title", "started_on", "managers"]

    def clean(self):
        cleaned = super().clean()
        # A new process starts through the service, so its rules speak on this form.
        if not self.instance.pk and not self.errors:
            try:
                self.instance = process_start(
                    neighbourhood=cleaned["neighbourhood"],
                    title=cleaned["title"],
                    started_on=cleaned["started_on"],
                )
            except ValidationError as error:
                raise ValidationError(error.messages) from None
        return cleaned


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    form = ProcessAdminForm
    list_display = ["title", "neighbourhood", "phase", "status", "started_on"]
    list_filter = ["status", "phase", "neighbourhood__municipality"]
    list_select_related = ["neighbourhood"]
    search_fields = ["title", "neighbourhood__name"]
    autocomplete_fields = ["neighbourhood", "managers"]
    readonly_fields = ["phase", "status", "status_reason"]
    inlines = [PhaseTransitionInline]
    date_hierarchy = "started_on"


class PhaseTransitionAdminForm(RecordThroughServiceForm):
    class Meta:
        model = PhaseTransition
        fields = ["process", "kind", "to_phase", "occurred_on", "criteria_met", "rationale"]
        help_texts = {"to_phase": _("Only for a move to the next phase or a step back.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "to_phase" in self.fields:  # absent on the read-only page of a recorded transition
            self.fields["to_phase"].required = False

    def record(self, cleaned):
        process, kind = cleaned["process"], cleaned["kind"]
        common = {
            "process": process,
            "occurred_on": cleaned["occurred_on"],
            "by": self.request.user if self.request else None,
        }
        if kind in (TransitionKind.ADVANCE, TransitionKind.STEP_BACK):
            to_phase = cleaned.get("to_phase") or None
            if to_phase is None:
                to_phase = process.phase + (1 if kind == TransitionKind.ADVANCE else -1)
            return process_advance_phase(
                to_phase=to_phase,
                rationale=cleaned["rationale"],
                criteria=cleaned["criteria_met"],
                **common,
            )
        if kind == TransitionKind.STOP:
            return process_stop(reason=cleaned["rationale"], **common)
        if kind == TransitionKind.REOPEN:
            return process_reopen(rationale=cleaned["rationale"], **common)
        return process_complete(rationale=cleaned["rationale"], **common)


@admin.register(PhaseTransition)
class PhaseTransitionAdmin(HistoryAdmin):
    form = PhaseTransitionAdminForm
    list_display = ["process", "kind", "from_phase", "to_phase", "occurred_on", "decided_by"]
    list_filter = ["kind", "to_phase"]
    list_select_related = ["process", "decided_by"]
    search_fields = ["process__title", "rationale"]
    autocomplete_fields = ["process"]
    date_hierarchy = "occurred_on"


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date", "process", "phase"]
    list_filter = ["kind", "phase"]
    list_select_related = ["process"]
    search_fields = ["title", "process__title", "location"]
    autocomplete_fields = ["process"]
    date_hierarchy = "date"
