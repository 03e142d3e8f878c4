"""The admin: where steering-group members set their kaders and read the plan.

Every admin is a ScopedAdmin, so rows, choices and changes follow wei.access, the
same place the pages ask (this app's rules are in nieuweroute/access.py): a
steering-group member sees the routes their organisation sets kaders for, only the
fixed kaders of the other organisations, and residents by name only. Kaders are
written through the services, so a fixed kader stays as it is here too.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Value
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
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
from nieuweroute.steps import kader_steps
from wei import access as wei_access
from wei.scoped_admin import ScopedAdmin, ScopedInline


class RelationsLinkedWhereTheyOpen:
    """A related row shown read-only links to its admin page only where that page opens
    for this user; otherwise it is named in plain text. Django's own read-only field links
    to every registered model, and so a steering-group member met links that answered 403
    (the facilitator's account, an organisation, a resident)."""

    def _shown_read_only(self, request, obj):
        if isinstance(self, admin.options.InlineModelAdmin):
            return not self.has_change_permission(request, obj)
        return obj is not None and not self.has_change_permission(request, obj)

    def _plain(self, request, names):
        # The same display function for a name all through one request: the admin
        # compares the form's fields with the read-only ones.
        cache = request.__dict__.setdefault("_relations_linked", {})
        shown = []
        for name in names:
            field = self._relation(name)
            if field is None:
                shown.append(name)
                continue
            key = (type(self), name)
            if key not in cache:
                cache[key] = self._display(request, field)
            shown.append(cache[key])
        return shown

    def _relation(self, name):
        if not isinstance(name, str):
            return None
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        return field if field.many_to_one or field.one_to_one else None

    def _display(self, request, field):
        related_admin = self.admin_site._registry.get(field.related_model)
        opens = related_admin is not None and related_admin.has_view_or_change_permission(
            request)
        url_name = f"admin:{field.related_model._meta.app_label}_" \
                   f"{field.related_model._meta.model_name}_change"
        empty = self.get_empty_value_display()
        # The page's own row names a few related rows, each asked once; an inline's rows
        # would ask once per row, so there the permission for the model decides alone (a
        # row out of sight then answers as one that does not exist, never 403).
        ask_each = not isinstance(self, admin.options.InlineModelAdmin)

        def show(obj):
            value = getattr(obj, field.name)
            if value is None:
                return empty
            if opens and (not ask_each or wei_access.may_view(request.user, value)):
                return format_html('<a href="{}">{}</a>', reverse(url_name, args=[value.pk]),
                                   value)
            return str(value)

        show.__name__ = field.name
        show.short_description = field.verbose_name
        return show

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self._shown_read_only(request, obj):
            return self._plain(request, fields)
        read_only = set(super().get_readonly_fields(request, obj))
        return [self._plain(request, [f])[0] if f in read_only else f for f in fields]

    def get_readonly_fields(self, request, obj=None):
        if self._shown_read_only(request, obj):
            # Every field, as get_fields names them; Django's get_fields asks this method
            # again while it builds the form, and then gets the plain answer.
            busy = request.__dict__.setdefault("_relations_linked_busy", set())
            if type(self) not in busy:
                busy.add(type(self))
                try:
                    return self.get_fields(request, obj)
                finally:
                    busy.discard(type(self))
        return self._plain(request, super().get_readonly_fields(request, obj))


def field_name(entry):
    """The name of a field in a list of fields, whether a name or a display function."""
    return getattr(entry, "__name__", entry)


class ReadOnlyInline(RelationsLinkedWhereTheyOpen, ScopedInline, admin.TabularInline):
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


class OnSiteForThoseWhoWork:
    """"View on site" only for those the route's own pages open for (who work on it);
    for a steering-group member those pages answer 404, so the link is left out."""

    def route_of(self, obj):
        return obj.route

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        response = super().render_change_form(request, context, add=add, change=change,
                                              form_url=form_url, obj=obj)
        if obj is not None and not wei_access.may_change(request.user, self.route_of(obj)):
            response.context_data["has_absolute_url"] = False
        return response


class RouteKaderInline(ReadOnlyInline):
    """The route's kaders as this user may see them; each opens on its own page, where a
    concept is changed and fixed and a fixed kader only shown."""

    model = Kader
    fields = ["text", "organisation", "status", "kader_link"]
    readonly_fields = fields
    verbose_name_plural = _("kaders")

    def get_queryset(self, request):
        kaders = super().get_queryset(request).select_related("organisation")
        if not request.user.has_perm("nieuweroute.change_kader"):
            return kaders.annotate(open_to_change=Value(False))
        # One subquery, not a question per row: which of these this user may still change.
        changeable = wei_access.changeable(request.user, Kader.objects.filter(
            pk=OuterRef("pk"), status=KaderStatus.CONCEPT))
        return kaders.annotate(open_to_change=Exists(changeable))

    @admin.display(description=_("its page"))
    def kader_link(self, obj):
        url = reverse("admin:nieuweroute_kader_change", args=[obj.pk])
        label = (gettext("Change or fix kader %(number)s") if obj.open_to_change
                 else gettext("View kader %(number)s")) % {"number": obj.number}
        return format_html('<a href="{}">{}</a>', url, label)


@admin.register(Route)
class RouteAdmin(OnSiteForThoseWhoWork, RelationsLinkedWhereTheyOpen, ScopedAdmin):
    list_display = ["title", "neighbourhood", "facilitator", "meeting_date"]
    list_select_related = ["neighbourhood", "facilitator"]
    list_filter = ["neighbourhood"]
    search_fields = ["title", "kwestie"]
    filter_horizontal = ["core_group", "steering_organisations", "participants"]
    raw_id_fields = ["follows", "process"]
    inlines = [RouteKaderInline]
    change_form_template = "admin/nieuweroute/route/change_form.html"

    def route_of(self, obj):
        return obj

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if access.is_steering_member(request.user):
            # Residents by name only: the people of a route are shown, never their details.
            return [f for f in fields if field_name(f) not in ("participants", "process")]
        return fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **self._plans_context(request, object_id)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _plans_context(self, request, object_id):
        """The plan versions with their checks in words, and where a kader is added."""
        route = self.get_object(request, unquote(object_id))
        if route is None:
            return {}
        user = request.user
        plans = []
        if user.has_perm("nieuweroute.view_planversion"):
            checks = wei_access.visible(user, KaderCheck.objects.select_related(
                "kader", "checked_by"))
            plans = list(
                wei_access.visible(user, route.plans.all())
                .prefetch_related(Prefetch("checks", queryset=checks, to_attr="checks_seen")))
        return {
            "plans": plans,
            "add_kader_url": (f"{reverse('admin:nieuweroute_kader_add')}?route={route.pk}"
                              if self.admin_site._registry[Kader].has_add_permission(request)
                              else None),
        }


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
                kader_steps(Kader.objects.get(pk=self.instance.pk)).require("edit")
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
class KaderAdmin(RelationsLinkedWhereTheyOpen, ScopedAdmin):
    form = KaderAdminForm
    list_display = ["number", "short_text", "organisation", "route", "status"]
    list_display_links = ["number", "short_text"]
    list_select_related = ["organisation", "route"]
    list_filter = ["status", "organisation"]
    search_fields = ["text", "route__title"]
    inlines = [KaderChangeInline]
    actions = ["fix_kaders"]
    change_form_template = "admin/nieuweroute/kader/change_form.html"

    @admin.display(description=_("kader"))
    def short_text(self, obj):
        return obj.text[:80]

    @admin.display(description=_("sub-points"))
    def sub_point_list(self, obj):
        return "\n".join(f"{p.letter}) {p.text}" for p in obj.sub_points.all()) or "–"

    def get_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return self._plain(request, ["route", "number", "organisation", "text",
                                         "sub_point_list", "explanation", "status", "fixed_at"])
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
        # a superuser neither (the kader's steps say so).
        if obj is not None and not kader_steps(obj)["edit"].is_open:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "organisation" not in initial and access.is_steering_member(request.user):
            # A member of one organisation sets kaders for that one only.
            own = list(access.steering_organisations(request.user).values_list("pk", flat=True)[:2])
            if len(own) == 1:
                initial["organisation"] = own[0]
        return initial

    def get_urls(self):
        fix = path("<path:object_id>/fix/", self.admin_site.admin_view(self.fix_view),
                   name="nieuweroute_kader_fix")
        return [fix, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        kader = self.get_object(request, unquote(object_id))
        may_fix = kader is not None and kader_steps(kader, user=request.user)["fix"].is_open
        extra_context = {**(extra_context or {}), "may_fix": may_fix}
        return super().change_view(request, object_id, form_url, extra_context)

    def fix_view(self, request, object_id):
        """Fix one kader, from its own page: a confirmation first, then the service."""
        kader = self.get_object(request, unquote(object_id))
        if kader is None:
            # The admin's answer for a row that does not exist (or is out of sight).
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, kader):
            raise PermissionDenied
        page = reverse("admin:nieuweroute_kader_change", args=[kader.pk])
        if not kader_steps(kader, user=request.user)["fix"].is_open:
            self.message_user(request, gettext(
                "This kader is fixed already, or not yours to fix; nothing was changed."),
                messages.WARNING)
            return redirect(page)
        if request.method == "POST":
            try:
                services.kader_fix(kader=kader, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, gettext(
                    "Kader %(number)s is fixed; it no longer changes.") % {
                    "number": kader.number}, messages.SUCCESS)
            return redirect(page)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Fix kader %(number)s?") % {"number": kader.number},
            "opts": self.opts,
            "kader": kader,
            "kader_url": page,
            "sub_points": list(kader.sub_points.all()),
        }
        return TemplateResponse(request, "admin/nieuweroute/kader/fix_confirmation.html",
                                context)

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
            if not kader_steps(kader, user=request.user)["fix"].is_open:
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

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("who_participant",
                                                            "who_organisation")


class KaderCheckInline(ReadOnlyInline):
    model = KaderCheck
    fields = ["kader", "verdict", "explanation", "checked_by_name", "checked_on"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("kader", "checked_by")

    @admin.display(description=_("verdict"))
    def verdict(self, obj):
        return obj.verdict_label

    @admin.display(description=_("checked by"))
    def checked_by_name(self, obj):
        return checker_name(obj)


def checker_name(check):
    user = check.checked_by
    return (user.get_full_name() or user.get_username()) if user else "–"


@admin.register(PlanVersion)
class PlanVersionAdmin(OnSiteForThoseWhoWork, RelationsLinkedWhereTheyOpen, ScopedAdmin):
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
