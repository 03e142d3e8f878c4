"""The back office's own writes: saving a version of a report."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dashboard import report
from dashboard.models import ReportVersion


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
