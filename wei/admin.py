"""The admin of the WEI-model: neighbourhoods, phase descriptions and criteria,
processes with their transitions (recorded through the services), activities. Its base,
shared by every app's admin, is `wei.scoped_admin`."""


from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wei.choices import label_choices
from wei.forms import activity_label, process_label
from wei.models import (
    Activity,
    Neighbourhood,
    PhaseCriterion,
    PhaseDescription,
    PhaseTransition,
    Process,
)
from wei.scoped_admin import HistoryAdmin, RecordThroughServiceForm, ScopedAdmin, ScopedInline
from wei.services import (
    process_advance_phase,
    process_complete,
    process_reopen,
    process_start,
    process_stop,
)
from wei.steps import TRANSITION_STEPS, process_steps


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(ScopedAdmin):
    list_display = ["name", "municipality", "slug"]
    list_filter = ["municipality"]
    search_fields = ["name", "municipality", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PhaseDescription)
class PhaseDescriptionAdmin(ScopedAdmin):
    list_display = ["phase", "goal", "expected_result"]


@admin.register(PhaseCriterion)
class PhaseCriterionAdmin(ScopedAdmin):
    list_display = ["text", "phase", "order"]
    list_editable = ["order"]
    list_filter = ["phase"]
    search_fields = ["text"]


class PhaseTransitionInline(ScopedInline, admin.TabularInline):
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


label_choices(Process, label=process_label, related=("neighbourhood",))
label_choices(Activity, label=activity_label, related=("process__neighbourhood",))


class ProcessAdminForm(forms.ModelForm):
    class Meta:
        model = Process
        fields = ["neighbourhood", "title", "started_on", "managers"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        cleaned = super().clean()
        # A new process starts through the service, so its rules speak on this form.
        if not self.instance.pk and not self.errors:
            user = self.request.user if self.request else None
            managers = list(cleaned.get("managers") or [])
            if user is not None and not user.is_superuser and user not in managers:
                # Who starts a process manages it: otherwise it would vanish from their sight.
                managers.append(user)
                cleaned["managers"] = managers
            try:
                self.instance = process_start(
                    neighbourhood=cleaned["neighbourhood"],
                    title=cleaned["title"],
                    started_on=cleaned["started_on"],
                    managers=managers,
                    by=user,
                )
            except ValidationError as error:
                raise ValidationError(error.messages) from None
        return cleaned


@admin.register(Process)
class ProcessAdmin(ScopedAdmin):
    form = ProcessAdminForm
    list_display = ["title", "neighbourhood", "phase", "status", "started_on"]
    list_filter = ["status", "phase", "neighbourhood__municipality"]
    list_select_related = ["neighbourhood"]
    search_fields = ["title", "neighbourhood__name"]
    # The managers from a box of the accounts this user may see (their colleagues): an
    # autocomplete would ask the account admin, which only a superuser may open.
    autocomplete_fields = ["neighbourhood"]
    filter_horizontal = ["managers"]
    readonly_fields = ["phase", "status", "status_reason"]
    inlines = [PhaseTransitionInline]
    date_hierarchy = "started_on"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class RequestForm(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, request=request, **inner)

        return RequestForm


class PhaseTransitionAdminForm(RecordThroughServiceForm):
    class Meta:
        model = PhaseTransition
        fields = ["process", "kind", "to_phase", "occurred_on", "criteria_met", "rationale"]
        help_texts = {"to_phase": _("Only for a move to the next phase or a step back.")}

    confirm = forms.BooleanField(
        label=_("I confirm what this step does"), required=False,
        help_text=_("Needed to stop a process, and to move one on with a criterion not met."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "to_phase" in self.fields:  # absent on the read-only page of a recorded transition
            self.fields["to_phase"].required = False
        if "criteria_met" in self.fields:
            self._narrow_criteria()

    def _narrow_criteria(self):
        """Only the checklist of the phase the process is in, once the process is known
        (chosen on the form, or given in the address: ?process=<id>); until then every
        criterion is named with its phase."""
        field = self.fields["criteria_met"]
        chosen = self.data.get(self.add_prefix("process")) or self.initial.get("process")
        process = None
        if chosen:
            try:
                process = self.fields["process"].queryset.filter(pk=getattr(chosen, "pk", chosen)
                                                                 ).first()
            except (ValueError, TypeError, ValidationError):
                process = None
        if process is not None:
            field.queryset = field.queryset.filter(phase=process.phase)
            field.help_text = _("The criteria for moving on from the %(phase)s.") % {
                "phase": process.get_phase_display().lower()}
        else:
            field.label_from_instance = lambda c: f"{c.get_phase_display()}: {c.text}"

    def record(self, cleaned):
        """Each kind of transition is a step of the process: the same function that
        the process page asks says whether it is open, and its service records it."""
        process, step = cleaned["process"], TRANSITION_STEPS[cleaned["kind"]]
        process_steps(process).require(step)
        common = {
            "process": process,
            "occurred_on": cleaned["occurred_on"],
            "by": self.request.user if self.request else None,
        }
        if step in ("advance", "step_back"):
            to_phase = cleaned.get("to_phase") or (
                process.phase + (1 if step == "advance" else -1))
            return process_advance_phase(
                to_phase=to_phase,
                rationale=cleaned["rationale"],
                criteria=cleaned["criteria_met"],
                confirmed=cleaned.get("confirm", False),
                **common,
            )
        if step == "stop":
            return process_stop(reason=cleaned["rationale"],
                                confirmed=cleaned.get("confirm", False), **common)
        if step == "reopen":
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
class ActivityAdmin(ScopedAdmin):
    list_display = ["title", "kind", "date", "process", "phase", "is_public"]
    list_filter = ["kind", "phase", "is_public"]
    list_select_related = ["process"]
    search_fields = ["title", "process__title", "location"]
    autocomplete_fields = ["process"]
    date_hierarchy = "date"
