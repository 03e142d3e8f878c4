"""The back office's own writes: saving a version of a report, publishing it for residents."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboard import report
from dashboard.models import ReportVersion
from wei import access
from wei.models import Neighbourhood


@transaction.atomic
def report_version_save(*, user, period: report.Period, neighbourhood=None, learned: str = "",
                        reflections=()) -> ReportVersion:
    """Freeze the report of `period` as the user sees it now, with the reflections chosen
    (ids among the report's own; any other is ignored) and what was learned."""
    learned = (learned or "").strip()
    if len(learned) > ReportVersion._meta.get_field("learned").max_length:
        raise ValidationError({"learned": _("Write at most 10,000 characters.")})
    data = report.build(user, period=period, neighbourhood=neighbourhood)
    offered = {r["id"] for i in data["initiatives"]["list"] for r in i["reflections"]}
    included = sorted(offered & {int(pk) for pk in reflections})
    data = report.leave_out(data, offered - set(included))
    data["learned"] = learned
    version = ReportVersion(
        neighbourhood=neighbourhood, period_start=period.start, period_end=period.end,
        learned=learned, reflections=included, snapshot=data, made_by=user,
    )
    version.full_clean()
    version.save()
    return version


def _may_publish(user, version: ReportVersion) -> None:
    if version.neighbourhood_id is None:
        raise ValidationError(_(
            "A report of all your neighbourhoods cannot be published: save one for a "
            "single neighbourhood first."))
    if not (user.has_perm("dashboard.add_reportversion")
            and access.managed_neighbourhoods(user).filter(pk=version.neighbourhood_id).exists()):
        raise ValidationError(_("Only a process manager of this neighbourhood may publish "
                                "its report."))


@transaction.atomic
def report_version_publish(*, user, version: ReportVersion) -> ReportVersion:
    """Put the residents' part of a saved version on the public address of its
    neighbourhood and period. Another version published there before is taken off:
    the latest published one is what residents read."""
    _may_publish(user, version)
    period = report.Period(version.period_start, version.period_end)
    # Lock the neighbourhood, so two managers publishing at once do not both win.
    Neighbourhood.objects.select_for_update().filter(pk=version.neighbourhood_id).first()
    slug = report.period_slug(period)
    ReportVersion.objects.filter(neighbourhood=version.neighbourhood_id, period_slug=slug,
                                 published_at__isnull=False).exclude(pk=version.pk).update(
        published_at=None, published_by=None, public_snapshot=None)
    version.period_slug = slug
    version.public_snapshot = report.public(
        period=period, neighbourhood=version.neighbourhood, learned=version.learned,
        reflections=version.reflections)
    version.published_at = timezone.now()
    version.published_by = user
    version.save(update_fields=["period_slug", "public_snapshot", "published_at",
                                "published_by"])
    return version


@transaction.atomic
def report_version_withdraw(*, user, version: ReportVersion) -> ReportVersion:
    """Take a published version off the public pages again (its address then gives 404)."""
    _may_publish(user, version)
    if not version.is_published:
        raise ValidationError(_("This version is not published."))
    version.published_at = None
    version.published_by = None
    version.public_snapshot = None
    version.save(update_fields=["public_snapshot", "published_at", "published_by"])
    return version
