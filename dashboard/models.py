"""What the back office keeps of its own: saved versions of a report."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wei.models import Neighbourhood


class ReportVersion(models.Model):
    """A report as it was handed over: its period, its neighbourhood (none: all the maker
    could see), what the process manager learned, the reflections chosen, and the figures
    and texts frozen as JSON, so later edits of the rows do not change it."""

    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, null=True, blank=True,
        related_name="report_versions", verbose_name=_("neighbourhood"),
        help_text=_("Empty: every neighbourhood the maker could see."),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    learned = models.TextField(_("what we learned"), max_length=10000, blank=True)
    reflections = models.JSONField(_("reflections included"), default=list, blank=True)
    snapshot = models.JSONField(_("snapshot"), editable=False)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("made by"),
    )
    made_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    # Published for residents at /wijken/<slug>/verslag/<period_slug>/: the public part,
    # computed once at publishing (dashboard.report.public), never the staff's snapshot.
    period_slug = models.CharField(_("period in the address"), max_length=30, blank=True,
                                   editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True,
                                        editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("published by"), editable=False,
    )
    public_snapshot = models.JSONField(_("public version"), null=True, blank=True,
                                       editable=False)

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="report_version_period_in_order"),
            # One public address, one version: publishing another replaces it
            # (dashboard.services.report_version_publish).
            models.UniqueConstraint(fields=["neighbourhood", "period_slug"],
                                    condition=models.Q(published_at__isnull=False),
                                    name="report_version_one_published_per_period"),
        ]

    def __str__(self):
        return f"{self.period_start:%d-%m-%Y} – {self.period_end:%d-%m-%Y}"

    def get_absolute_url(self):
        return reverse("dashboard:report_version", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def get_public_url(self):
        return reverse("public_reports:report", args=[self.neighbourhood.slug, self.period_slug])
