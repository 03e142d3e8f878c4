from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_save


class CoreConfig(AppConfig):
    """The ground floor: the plumbing every app uses and that knows no domain (the mail
    queue, rate limits, the client's address, the sitemap base, headers, sessions, the
    two-factor login), with its checks, its management commands and its one model."""

    default = True
    name = "core"
    # The label of the app these modules came from (config): the two-factor enrolment
    # links' table (config_enrolmentlink), their content type and permissions, and the
    # applied migration `config.0001_two_factor_enrolment_link` of every existing
    # database all carry it. Keeping it means nothing to migrate; a new label would need
    # a hand-written state-only migration and would orphan the permissions.
    label = "config"
    verbose_name = "Wijkkompas"

    def ready(self):
        # Imports here, not at the top: a signal hook or a check registers when the app
        # registry is ready, and post_office's and django-otp's models cannot be imported
        # before it is.
        from django_otp.plugins.otp_totp.models import TOTPDevice
        from post_office.models import Email

        from core import checks, mail, sessions  # noqa: F401  (registers checks and the login hook)
        from core.two_factor.services import notify_removed

        # The mail queue is django-post-office's model: these are its only hooks.
        pre_save.connect(mail.refuse_unsafe_recipients, sender=Email,
                         dispatch_uid="wijkkompas.refuse_unsafe_recipients")
        post_save.connect(mail.forget_links_once_sent, sender=Email,
                          dispatch_uid="wijkkompas.forget_links_once_sent")
        # However an authenticator app goes (reset, the admin, with its account), its
        # owner hears of it: django-otp's model offers no other hook.
        post_delete.connect(notify_removed, sender=TOTPDevice,
                            dispatch_uid="wijkkompas.notify_device_removed")
