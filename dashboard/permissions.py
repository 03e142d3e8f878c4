"""Who may open the dashboard at all; what they see in it is wei.access's answer."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin

from wei.roles import works_in_product


def may_use_dashboard(user) -> bool:
    return works_in_product(user)


class DashboardAccessMixin(LoginRequiredMixin):
    """Log in first; then a 403 for staff without a dashboard role (a steering member)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_use_dashboard(request.user):
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


class WorkspaceMixin(DashboardAccessMixin, PermissionRequiredMixin):
    """A task page of the back office: a dashboard role, then the model permission the
    task needs (403 without it); which rows is wei.access's answer (404 out of sight)."""

    def has_permission(self):
        perms = self.get_permission_required() if self.permission_required else ()
        return self.request.user.has_perms(perms)
