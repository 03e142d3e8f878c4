"""Reads about processes for overviews, each a fixed number of queries."""

import datetime
from collections import defaultdict

from django.db.models import Max, Prefetch, QuerySet

from wei.models import Phase, PhaseCriterion, PhaseTransition, Process


def processes_overview(processes: QuerySet) -> list[Process]:
    """Processes with their neighbourhood, history and the date they reached their phase.

    Three queries: the processes (with `reached_on`, the date of their last
    transition), their transitions, and the criteria for moving on.
    `criteria_next` lists the checklist of the phase they are in now.
    """
    rows = list(
        processes.select_related("neighbourhood")
        .annotate(last_transition_on=Max("transitions__occurred_on"))
        .prefetch_related(
            Prefetch(
                "transitions",
                queryset=PhaseTransition.objects.order_by("-occurred_on", "-id"),
                to_attr="history",
            )
        )
        .order_by("neighbourhood__name", "-started_on", "id")
    )
    criteria = defaultdict(list)
    for criterion in PhaseCriterion.objects.all():
        criteria[criterion.phase].append(criterion)
    for process in rows:
        process.reached_on = process.last_transition_on or process.started_on
        process.criteria_next = criteria[process.phase] if process.phase < Phase.last() else []
        process.phase_steps = [
            (phase, phase < process.phase, phase == process.phase) for phase in Phase
        ]
    return rows


def upcoming_activities(activities: QuerySet, *, today: datetime.date, limit: int = 8):
    """The next activities from today on, soonest first (one query)."""
    return list(
        activities.filter(date__gte=today)
        .select_related("process__neighbourhood")
        .order_by("date", "title")[:limit]
    )


