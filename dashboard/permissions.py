"""Who may open a page of the dashboard at all; which rows they see in it is wei.access's
answer. A page names its model permissions once (`permission_required`); `may_open` is the
one question asked of it, by its own dispatch and by the sub-navigation alike
(dashboard.navigation), so a link shown is a page that opens."""

from django.contrib.auth.mixins import LoginRequiredMixin

from wei.roles import works_in_product


def may_use_dashboard(user) -> bool:
    return works_in_product(user)


class DashboardAccessMixin(LoginRequiredMixin):
    """Log in first; then a 403 for staff without a dashboard role (a steering member),
    or without every model permission the page names."""

    permission_required: str | tuple[str, ...] | list[str] = ()

    @classmethod
    def may_open(cls, user) -> bool:
        """Whether this page lets `user` in: the door (a dashboard role), then the model
        permissions the page names. Rows out of sight are still a 404 on the page."""
        perms = cls.permission_required
        return may_use_dashboard(user) and user.has_perms(
            (perms,) if isinstance(perms, str) else perms)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.may_open(request.user):
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


class WorkspaceMixin(DashboardAccessMixin):
    """A task page of the back office: a dashboard role, then the model permission the
    task needs (403 without it); which rows is wei.access's answer (404 out of sight)."""
