from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from initiatives import hooks


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self):
        # Imported here: these modules read models, which exist once the registry is ready.
        from dashboard import access
        from dashboard.views import public

        access.register_rules()
        # What the initiatives app shows of the back office, without importing it
        # (initiatives.hooks): the published reports and the follow-up inbox's page.
        hooks.published_reports.provide(public.reports_for_neighbourhood_page)
        hooks.followup_path.provide(followup_path)


def followup_path(followup) -> str:
    return reverse("dashboard:followup_detail", args=[followup.pk])
