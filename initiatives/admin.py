"""The back office for initiatives. Every list names its joins (list_select_related)
so a page of rows is a fixed number of queries; Django's admin escapes every value
a resident typed. Every admin lists, offers and changes only what wei.access allows
(ScopedAdmin)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.corrections import WHY_MAX
from initiatives.fields import EuroAmountField
from initiatives.models import (
    Initiative,
    InitiativePhaseChange,
    Membership,
    MoneyFlow,
    Reflection,
    SignUp,
    Theme,
)
from initiatives.services.corrections import MONEY_FLOW_FIELDS, money_flow_correct
from initiatives.steps import initiative_steps
from wei.scoped_admin import RecordedAdmin, RequestFormAdmin, ScopedAdmin, ScopedInline


@admin.register(Theme)
class ThemeAdmin(ScopedAdmin):
    list_display = ["name", "name_en", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(ScopedInline, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["participant", "role", "started_on", "ended_on"]
    readonly_fields = fields  # joining and leaving go through the flow services
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("participant")


class PhaseChangeInline(ScopedInline, admin.TabularInline):
    model = InitiativePhaseChange
    extra = 0
    fields = ["occurred_on", "from_phase", "to_phase", "rationale", "by"]
    readonly_fields = fields  # a phase changes on the initiative's page, with why
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReflectionInline(ScopedInline, admin.StackedInline):
    model = Reflection
    extra = 0


class InitiativeAdminForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        # Shown to residents or taken off: the same step as on the initiative's page
        # (the instance still holds what is stored: the form's values come in later).
        if self.instance.pk and "is_public" in self.changed_data:
            step = initiative_steps(self.instance)["publish" if data.get("is_public")
                                                   else "hide"]
            if not step.is_open:
                self.add_error("is_public", step.reason)
        return data


@admin.register(Initiative)
class InitiativeAdmin(ScopedAdmin):
    form = InitiativeAdminForm
    list_display = ["title", "neighbourhood", "form", "phase", "status", "is_public"]
    list_filter = ["form", "phase", "status", "is_public", "themes", "neighbourhood"]
    list_select_related = ["neighbourhood"]
    search_fields = ["title", "description", "neighbourhood__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["neighbourhood", "process"]
    filter_horizontal = ["themes", "activities"]
    inlines = [PhaseChangeInline, MembershipInline, ReflectionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "neighbourhood", "process", "themes", "description",
                           "form", "phase", "cooperative_member", "is_public"]}),
        (_("Aims and economic activity"), {"fields": [
            "aims_people", "aims_planet", "aims_profit", "economic_role", "economic_goods"]}),
        (_("Support needed"), {"fields": [
            "needs_training", "needs_coaching", "needs_space", "needs_money", "needs_contacts"]}),
        (_("Status"), {"fields": ["status", "status_reason", "activities"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # An initiative starts in a phase; later changes are recorded with why, on its page
        # in the workspace (initiatives.services.initiative_phase_change).
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "phase"] if obj is not None else fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "activities":
            kwargs["queryset"] = db_field.related_model.objects.select_related("process")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Membership)
class MembershipAdmin(RecordedAdmin):
    list_display = ["participant", "initiative", "role", "started_on", "ended_on"]
    list_filter = ["role", "initiative__neighbourhood"]
    list_select_related = ["participant", "initiative"]
    search_fields = ["participant__name", "participant__email", "initiative__title"]
    # Created and ended through the services, so that flow events stay right.
    readonly_fields = ["participant", "initiative", "started_on", "ended_on", "inflow", "outflow"]

    def has_add_permission(self, request):
        return False


@admin.register(Reflection)
class ReflectionAdmin(RecordedAdmin):
    list_display = ["initiative", "date", "is_public"]
    list_filter = ["is_public", "initiative__neighbourhood"]
    list_select_related = ["initiative"]
    search_fields = ["initiative__title", "what_we_did", "what_we_learned"]
    autocomplete_fields = ["initiative"]
    date_hierarchy = "date"


class MoneyFlowAdminForm(forms.ModelForm):
    """Adds a money flow; changing a recorded one is a correction (core.corrections):
    its service keeps the original, withdrawn with the reason, beside the new values.
    Steering-group members record the money flows, here, so they correct them here."""

    why = forms.CharField(
        label=_("Why is this corrected?"), required=False, max_length=WHY_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the money flow as it was, with your name and the date: "
                    "whoever reads the report sees why a figure changed."))

    class Meta:
        model = MoneyFlow
        fields = ["source", "neighbourhood", "initiative", "amount", "purpose", "period_start",
                  "period_end"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.instance.pk is None:
            return cleaned
        try:
            self.instance = money_flow_correct(
                money_flow=self.instance, why=cleaned.get("why", ""),
                by=self.request.user if self.request else None,
                **{name: cleaned[name] for name in MONEY_FLOW_FIELDS if name in cleaned})
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                raise ValidationError(error.messages) from None
        return cleaned

    def _post_clean(self):
        if self.instance.pk is None:  # a new money flow: validated and saved as usual
            super()._post_clean()


@admin.register(MoneyFlow)
class MoneyFlowAdmin(RequestFormAdmin):
    list_display = ["source", "neighbourhood", "initiative", "amount", "purpose",
                    "period_start", "period_end"]
    list_filter = ["neighbourhood", "source"]
    list_select_related = ["source", "neighbourhood", "initiative"]
    search_fields = ["purpose", "source__name", "initiative__title", "neighbourhood__name"]
    autocomplete_fields = ["source", "neighbourhood", "initiative"]
    # "2.500", "2.500,50" and "€ 2.500" as typed in the Netherlands.
    formfield_overrides = {models.DecimalField: {"form_class": EuroAmountField}}
    form = MoneyFlowAdminForm

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name != "why"]
        return fields + ["why"] if obj is not None else fields

    def get_readonly_fields(self, request, obj=None):
        # Where the money went is not corrected: withdraw it in the workspace instead.
        return ["neighbourhood", "initiative"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if not change:  # a change was saved by the correction, in the form's validation
            super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SignUp)
class SignUpAdmin(ScopedAdmin):
    list_display = ["name", "email", "kind", "initiative_of", "neighbourhood", "created_at",
                    "confirmed_at", "withdrawn_at"]
    list_filter = ["kind", ("confirmed_at", admin.EmptyFieldListFilter), "neighbourhood"]
    list_select_related = ["initiative", "created_initiative", "neighbourhood"]
    search_fields = ["name", "email", "initiative__title", "created_initiative__title"]
    date_hierarchy = "created_at"
    # What a resident typed, as they typed it: read only. The token's hash means
    # nothing to a person and is never shown.
    readonly_fields = [f.name for f in SignUp._meta.fields if f.name not in ("id", "token_hash")]
    fields = readonly_fields

    @admin.display(description=_("initiative"), ordering="initiative__title")
    def initiative_of(self, signup):
        """The initiative joined, or the one made from the idea (hidden until published)."""
        return signup.initiative or signup.created_initiative

    def has_add_permission(self, request):
        return False
