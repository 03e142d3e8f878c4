"""The project's own rows: the one-time links with which an account enrols its first
authenticator app (core.two_factor)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EnrolmentLink(models.Model):
    """Issued by a superuser (admin action) or by `reset_two_factor`; lets its account,
    logged in with its password, set up an authenticator app once, before it expires.

    Only the SHA-256 of the link's token is stored.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="enrolment_links", verbose_name=_("account"))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("issued by"))
    issued_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("two-factor enrolment link")
        verbose_name_plural = _("two-factor enrolment links")

    def __str__(self):
        return str(self.user)
