from django.contrib.admin import apps as admin_apps


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin on our own site class, which asks for the same two-factor login."""

    default = False
    default_site = "config.admin_site.AdminSite"
