from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SiteConfig(AppConfig):
    """The project itself as an app: its checks, its management commands."""

    default = True
    name = "config"
    verbose_name = "Wijkkompas"

    def ready(self):
        from config import checks, sessions  # noqa: F401  (registers checks and the login hook)


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin on our own site class, which asks for the same two-factor login."""

    default = False
    default_site = "config.admin_site.AdminSite"
