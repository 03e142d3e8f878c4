from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SiteConfig(AppConfig):
    """The project itself as an app: its checks, its management commands."""

    default = True
    name = "config"
    verbose_name = "Wijkkompas"

    def ready(self):
        from django.db.models.signals import post_save, pre_save
        from post_office.models import Email

        from config import checks, mail, sessions  # noqa: F401  (registers checks and the login hook)

        # The mail queue is django-post-office's model: these are its only hooks.
        pre_save.connect(mail.refuse_unsafe_recipients, sender=Email,
                         dispatch_uid="wijkkompas.refuse_unsafe_recipients")
        post_save.connect(mail.forget_links_once_sent, sender=Email,
                          dispatch_uid="wijkkompas.forget_links_once_sent")


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin on our own site class, which asks for the same two-factor login."""

    default = False
    default_site = "config.admin_site.AdminSite"
