"""The published reports in sitemap.xml (dashboard.views.public)."""

from django.urls import reverse

from core.sitemaps import SiteSitemap
from dashboard.models import ReportVersion


class PublishedReportSitemap(SiteSitemap):
    priority = 0.5

    def items(self):
        return (ReportVersion.objects.filter(published_at__isnull=False)
                .order_by("neighbourhood__slug", "period_slug")
                .values_list("neighbourhood__slug", "period_slug"))

    def location(self, item):
        return reverse("public_reports:report", args=list(item))
