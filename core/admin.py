"""The accounts in the admin, with the action that issues two-factor enrolment links."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from core.models import EnrolmentLink
from core.two_factor import services

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    actions = ["issue_enrolment_links"]

    @admin.action(description=_("Issue a two-factor enrolment link"))
    def issue_enrolment_links(self, request, queryset):
        # Only a superuser vouches for who gets to bind a first authenticator app.
        if not request.user.is_superuser:
            raise PermissionDenied
        links = [(user, services.issue_enrolment_link(
                     user=user, by=request.user, base_url=request.build_absolute_uri("/")))
                 for user in queryset.filter(is_active=True).order_by("username")]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Two-factor enrolment links"),
            "opts": self.opts,
            "links": links,
            "hours": settings.TWO_FACTOR_ENROLMENT_HOURS,
        }
        return TemplateResponse(request, "admin/auth/user/enrolment_links.html", context)


@admin.register(EnrolmentLink)
class EnrolmentLinkAdmin(admin.ModelAdmin):
    """Who was given a link, by whom, and whether it was used; the links themselves are
    never stored, so they cannot be read back."""

    list_display = ["user", "issued_by", "issued_at", "expires_at", "used_at"]
    list_select_related = ["user", "issued_by"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
