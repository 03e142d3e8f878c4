"""A published report for residents: rendered from its public part alone (one query)."""

from django.http import Http404
from django.shortcuts import render

from dashboard import report
from dashboard.models import ReportVersion


def published_reports(neighbourhood):
    """The neighbourhood's published reports, newest period first."""
    return ReportVersion.objects.filter(neighbourhood=neighbourhood,
                                        published_at__isnull=False).order_by("-period_start",
                                                                             "-period_end")


def reports_for_neighbourhood_page(neighbourhood):
    """What the neighbourhood's public page lists (initiatives.hooks.published_reports)."""
    return published_reports(neighbourhood).only("period_start", "period_end", "period_slug")


def public_report(request, slug, period):
    if report.period_from_slug(period) is None:
        raise Http404
    version = (ReportVersion.objects.select_related("neighbourhood")
               .filter(neighbourhood__slug=slug, period_slug=period, published_at__isnull=False)
               .first())
    if version is None:
        raise Http404
    return render(request, "dashboard/public/report.html", {
        "version": version, "report": version.public_snapshot,
        "fewer_than": report.FEWER_THAN})
