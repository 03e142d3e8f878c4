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
        # However an authenticator app goes (reset, the admin, with its account), its
        # owner hears of it: django-otp's model offers no other hook.
        from django.db.models.signals import post_delete
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from config.two_factor.services import notify_removed

        post_delete.connect(notify_removed, sender=TOTPDevice,
                            dispatch_uid="wijkkompas.notify_device_removed")


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin on our own site class, which asks for the same two-factor login."""

    default = False
    default_site = "config.admin_site.AdminSite"
