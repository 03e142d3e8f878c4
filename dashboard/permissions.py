"""Who may open the dashboard at all; what they see in it is wei.access's answer."""

from django.contrib.auth.mixins import LoginRequiredMixin

from wei.roles import works_in_product


def may_use_dashboard(user) -> bool:
    return works_in_product(user)


class DashboardAccessMixin(LoginRequiredMixin):
    """Log in first; then a 403 for staff without a dashboard role (a steering member)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_use_dashboard(request.user):
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)
