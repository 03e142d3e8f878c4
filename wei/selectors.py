"""Reads about processes for overviews, each a fixed number of queries."""

import datetime
from collections import defaultdict

from django.db.models import Max, OuterRef, Prefetch, Q, QuerySet, Subquery

from wei import residents
from wei.models import Activity, Neighbourhood, Phase, PhaseCriterion, PhaseTransition, Process


def processes_overview(processes: QuerySet) -> list[Process]:
    """Processes with their neighbourhood, history and the date they reached their phase.

    Three queries: the processes (with `reached_on`, the date of their last
    transition), their transitions, and the criteria for moving on.
    `criteria_next` lists the checklist of the phase they are in now.
    """
    rows = list(
        processes.select_related("neighbourhood")
        .annotate(last_transition_on=Max(
            # A lookup across the relation sees withdrawn transitions too: not these.
            "transitions__occurred_on", filter=Q(transitions__withdrawn_at__isnull=True)))
        .prefetch_related(
            Prefetch(
                "transitions",
                queryset=PhaseTransition.objects.order_by("-occurred_on", "-created_at", "-id"),
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


# ---- The residents' pages: only public rows, each read one query ------------------------


def with_process_status(neighbourhoods: QuerySet) -> QuerySet:
    """Annotate `active_phase` (of the running process, or None) and `latest_status`
    (of the newest process, or None): subqueries, so the list stays one query."""
    processes = Process.objects.filter(neighbourhood=OuterRef("pk"))
    return neighbourhoods.annotate(
        active_phase=Subquery(processes.active().values("phase")[:1]),
        latest_status=Subquery(processes.order_by("-started_on", "-id").values("status")[:1]),
    )


def describe_for_residents(neighbourhood: Neighbourhood) -> Neighbourhood:
    """Set `standing` (one line) and `phase_explained` on an annotated neighbourhood."""
    neighbourhood.standing = residents.summary(
        phase=neighbourhood.active_phase, status=neighbourhood.latest_status)
    neighbourhood.phase_explained = residents.explanation(neighbourhood.active_phase)
    return neighbourhood


def neighbourhoods_for_residents(*, limit: int | None = None) -> list[Neighbourhood]:
    """Every neighbourhood with its municipality and where it stands (one query)."""
    rows = with_process_status(Neighbourhood.objects.order_by("municipality", "name", "id"))
    if limit is not None:
        rows = rows[:limit]
    return [describe_for_residents(neighbourhood) for neighbourhood in rows]


def upcoming_public_activities(*, today: datetime.date, neighbourhood=None,
                               activities: QuerySet | None = None, limit: int = 5):
    """The next public activities from today on, soonest first, with their
    neighbourhood (one query)."""
    rows = (Activity.objects.all() if activities is None else activities).public()
    if neighbourhood is not None:
        rows = rows.filter(process__neighbourhood=neighbourhood)
    return list(rows.upcoming(today).select_related("process__neighbourhood")[:limit])
