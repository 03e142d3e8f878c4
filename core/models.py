"""The project's own rows: the one-time links with which an account enrols its first
authenticator app (core.two_factor), and the forms already sent (core.submissions)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
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


class Submission(models.Model):
    """One sending of a form that creates rows, by the token the form carried: claimed
    in the transaction that writes them, with what that did (ids and counts, never
    personal data), so that the same form sent again answers with it (core.submissions).
    """

    purpose = models.CharField(_("kind of form"), max_length=50)
    token = models.CharField(_("form token"), max_length=64)
    result = models.JSONField(_("what it did"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sent form")
        verbose_name_plural = _("sent forms")
        constraints = [
            # Holds "once" when two sendings race: the second insert waits for the first.
            models.UniqueConstraint(fields=["purpose", "token"], name="submission_once"),
        ]

    def __str__(self):
        return self.purpose
