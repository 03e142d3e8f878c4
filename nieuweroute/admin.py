"""The admin: where steering-group members set their kaders and read the plan.

Every admin is a ScopedAdmin, so rows, choices and changes follow wei.access, the
same place the pages ask (this app's rules are in nieuweroute/access.py): a
steering-group member sees the routes their organisation sets kaders for, only the
fixed kaders of the other organisations, and residents by name only. Kaders are
written through the services, so a fixed kader stays as it is here too.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nieuweroute import access, services
from nieuweroute.models import (
    Conversation,
    InformationRequest,
    Invitation,
    Kader,
    KaderChange,
    KaderCheck,
    KaderStatus,
    PlanItem,
    PlanVersion,
    Route,
)
from wei.admin import ScopedAdmin, ScopedInline


class ReadOnlyInline(ScopedInline, admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class KaderChangeInline(ReadOnlyInline):
    model = KaderChange
    fields = ["kind", "number", "text", "explanation", "sub_points", "changed_at", "changed_by"]
    readonly_fields = fields


@admin.register(Route)
class RouteAdmin(ScopedAdmin):
    list_display = ["title", "neighbourhood", "facilitator", "meeting_date"]
    list_select_related = ["neighbourhood", "facilitator"]
    list_filter = ["neighbourhood"]
    search_fields = ["title", "kwestie"]
    filter_horizontal = ["core_group", "steering_organisations", "participants"]
    raw_id_fields = ["follows", "process"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if access.is_steering_member(request.user):
            # Residents by name only: the people of a route are shown, never their details.
            return [f for f in fields if f not in ("participants", "process")]
        return fields


class KaderAdminForm(forms.ModelForm):
    sub_points_text = forms.CharField(
        label=_("Sub-points"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line; they are lettered a, b, c … in this order."),
    )

    class Meta:
        model = Kader
        fields = ["route", "number", "organisation", "text", "explanation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["sub_points_text"].initial = "\n".join(
                point.text for point in self.instance.sub_points.all())

    def clean(self):
        cleaned = super().clean()
        route = cleaned.get("route") or getattr(self.instance, "route", None)
        try:
            if self.instance.pk:
                services.refuse_fixed_kader(Kader.objects.get(pk=self.instance.pk))
            if route is not None and cleaned.get("number"):
                services.check_kader_number_free(route, cleaned["number"],
                                                 self.instance if self.instance.pk else None)
            if route is not None and cleaned.get("organisation"):
                services.check_sets_kaders(route, cleaned["organisation"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, error)
        return cleaned


@admin.register(Kader)
class KaderAdmin(ScopedAdmin):
    form = KaderAdminForm
    list_display = ["number", "short_text", "organisation", "route", "status"]
    list_display_links = ["number", "short_text"]
    list_select_related = ["organisation", "route"]
    list_filter = ["status", "organisation"]
    search_fields = ["text", "route__title"]
    inlines = [KaderChangeInline]
    actions = ["fix_kaders"]

    @admin.display(description=_("kader"))
    def short_text(self, obj):
        return obj.text[:80]

    @admin.display(description=_("sub-points"))
    def sub_point_list(self, obj):
        return "\n".join(f"{p.letter}) {p.text}" for p in obj.sub_points.all()) or "–"

    def get_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return ["route", "number", "organisation", "text", "sub_point_list", "explanation",
                    "status", "fixed_at"]
        fields = ["route", "number", "organisation", "text", "sub_points_text", "explanation"]
        return fields if obj is None else fields + ["status"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return self.get_fields(request, obj)
        return ["status"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation" and access.is_steering_member(request.user):
            kwargs["queryset"] = access.steering_organisations(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "route" in form.base_fields:
            form.base_fields["route"].disabled = True
        return form

    def has_change_permission(self, request, obj=None):
        # Whose concepts one may change is the rule's answer; a fixed kader no one changes,
        # a superuser neither.
        if obj is not None and obj.status == KaderStatus.FIXED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        lines = data.get("sub_points_text", "").splitlines()
        if change:
            saved = services.kader_update(kader=obj, number=data["number"], text=data["text"],
                                          explanation=data.get("explanation", ""),
                                          sub_points=lines, by=request.user)
        else:
            saved = services.kader_add(route=data["route"], number=data["number"],
                                       organisation=data["organisation"], text=data["text"],
                                       explanation=data.get("explanation", ""),
                                       sub_points=lines, by=request.user)
        obj.pk = saved.pk

    @admin.action(description=_("Fix the selected kaders"))
    def fix_kaders(self, request, queryset):
        fixed = 0
        for kader in queryset:
            if not self.has_change_permission(request, kader):
                continue
            try:
                services.kader_fix(kader=kader, by=request.user)
                fixed += 1
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        self.message_user(request, gettext("%(count)s kader(s) fixed.") % {"count": fixed})


class PlanItemInline(ReadOnlyInline):
    model = PlanItem
    fields = ["what", "who_participant", "who_organisation", "due_on"]
    readonly_fields = fields


class KaderCheckInline(ReadOnlyInline):
    model = KaderCheck
    fields = ["kader", "meets", "explanation", "checked_on"]
    readonly_fields = fields


@admin.register(PlanVersion)
class PlanVersionAdmin(ScopedAdmin):
    """The plan and how it was checked: read here, recorded on the route pages."""

    list_display = ["route", "number", "decided_on", "verdict"]
    list_select_related = ["route"]
    list_filter = ["verdict"]
    fields = ["route", "number", "decided_on", "summary", "verdict", "verdict_on",
              "verdict_reason"]
    readonly_fields = fields
    inlines = [PlanItemInline, KaderCheckInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FacilitatorOnlyAdmin(ScopedAdmin):
    """Records of the conversations with people: for the facilitator and process manager
    (wei.access shows them to no one else); recorded on the route pages."""

    def has_add_permission(self, request):
        return False


@admin.register(Conversation)
class ConversationAdmin(FacilitatorOnlyAdmin):
    list_display = ["participant", "route", "held_on", "setting"]
    list_select_related = ["participant", "route"]
    readonly_fields = ["route", "participant", "held_by"]


@admin.register(InformationRequest)
class InformationRequestAdmin(FacilitatorOnlyAdmin):
    list_display = ["question", "route", "answered_on"]
    list_select_related = ["route"]
    readonly_fields = ["route", "conversation", "asked_by"]


@admin.register(Invitation)
class InvitationAdmin(FacilitatorOnlyAdmin):
    list_display = ["participant", "route", "response", "attended"]
    list_select_related = ["participant", "route"]
    readonly_fields = ["route", "participant", "email", "sent_at", "response", "responded_at"]
