"""Reads about people that span relations, each a fixed number of queries."""

import datetime

from django.db.models import Count, QuerySet, Sum

from core.periods import months_back, months_from
from participants.models import FlowEvent, FlowKind, InflowChannel, OutflowReason, Participant
from wei.models import Process


def participant_current_state(participant: Participant, process: Process) -> FlowEvent | None:
    """The latest event of this person in this process; None if they never came."""
    return (
        FlowEvent.objects.filter(participant=participant, process=process)
        .order_by("-sequence")
        .first()
    )


def participant_states(participant: Participant):
    """Per process, where this person stands now (one query)."""
    return (
        FlowEvent.objects.filter(participant=participant)
        .latest_per_participant()
        .select_related("process__neighbourhood")
        .order_by("process__neighbourhood__name")
    )


def process_active_by_phase_and_role(process: Process) -> dict[tuple[int, str], int]:
    """How many people take part now, per phase and role (one query)."""
    rows = (
        FlowEvent.objects.filter(process=process)
        .active()
        .values("phase", "role")
        .annotate(n=Count("id"))
    )
    return {(row["phase"], row["role"]): row["n"] for row in rows}


# ---- The participant funnel, for overviews --------------------------------------
# Each reads the running tallies (participants.tallies), narrowed by the caller to
# what a user may see, so its cost follows the number of processes, not of events.


def active_by_phase(presence: QuerySet) -> dict[int, int]:
    """How many people take part now, per phase (one query over PresenceTally rows)."""
    rows = presence.values("phase").annotate(n=Sum("people")).order_by()
    return {row["phase"]: row["n"] for row in rows}


def flow_by_month(flows: QuerySet, *, today: datetime.date, months: int = 18):
    """Inflow, throughflow and outflow per month over the last `months` months (one query).

    `flows` are FlowTally rows. Returns [(first day of month, {kind: count})], every
    month present, oldest first.
    """
    starts = months_back(today, months)
    rows = (
        flows.filter(month__gte=starts[0], month__lte=today)
        .values("month", "kind").annotate(n=Sum("events")).order_by()
    )
    counts = {start: dict.fromkeys(FlowKind.values, 0) for start in starts}
    for row in rows:
        counts[row["month"]][row["kind"]] = row["n"]
    return list(counts.items())


def flow_by_month_between(flows: QuerySet, first: datetime.date, last: datetime.date):
    """Inflow, throughflow and outflow per month from `first`'s month to `last`'s (one
    query), in the shape of flow_by_month: every month present, oldest first."""
    starts = months_from(first, last)
    rows = (
        flows.filter(month__gte=first.replace(day=1), month__lte=last)
        .values("month", "kind").annotate(n=Sum("events")).order_by()
    )
    counts = {start: dict.fromkeys(FlowKind.values, 0) for start in starts}
    for row in rows:
        counts[row["month"]][row["kind"]] = row["n"]
    return list(counts.items())


def outflow_by_reason(flows: QuerySet) -> list[tuple[str, str, int, bool]]:
    """Outflow per reason: (reason, label, count, is an outcome), outcomes first (one query)."""
    rows = dict(
        flows.filter(kind=FlowKind.OUTFLOW).values_list("reason").annotate(n=Sum("events"))
        .order_by()
    )
    outcomes = OutflowReason.outcomes()
    ordered = outcomes + [reason for reason in OutflowReason if reason not in outcomes]
    return [(reason.value, reason.label, rows.get(reason.value, 0), reason in outcomes)
            for reason in ordered]


def inflow_by_channel(flows: QuerySet) -> list[tuple[str, str, int]]:
    """Inflow per channel (one query over FlowTally rows)."""
    rows = dict(
        flows.filter(kind=FlowKind.INFLOW).values_list("channel").annotate(n=Sum("events"))
        .order_by()
    )
    return [(channel.value, channel.label, rows.get(channel.value, 0))
            for channel in InflowChannel]
