"""The running counts behind the funnel: FlowTally and PresenceTally.

`record()` is called by the flow services for every event they write, inside
their transaction, so the counts are right the moment the event is. Data loaded
in bulk (the demo seed), a repair or a correction calls `rebuild()`, which
recomputes the counts from the current events themselves.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.db.models.functions import TruncMonth

from participants.models import FlowEvent, FlowKind, FlowTally, PresenceTally


def _add(model, field: str, delta: int, **sort) -> None:
    if model.objects.filter(**sort).update(**{field: F(field) + delta}):
        return
    try:
        with transaction.atomic():
            model.objects.create(**sort, **{field: delta})
    except IntegrityError:  # a concurrent writer created the row in between
        model.objects.filter(**sort).update(**{field: F(field) + delta})


def record(event: FlowEvent, previous: FlowEvent | None) -> None:
    """Count `event`, which follows `previous` (the person's state until now)."""
    _add(
        FlowTally, "events", 1,
        process_id=event.process_id, month=event.occurred_on.replace(day=1), kind=event.kind,
        channel=event.channel, reason=event.reason,
    )
    if previous is not None and previous.kind != FlowKind.OUTFLOW:
        _add(PresenceTally, "people", -1,
             process_id=previous.process_id, phase=previous.phase, role=previous.role)
    if event.kind != FlowKind.OUTFLOW:
        _add(PresenceTally, "people", 1,
             process_id=event.process_id, phase=event.phase, role=event.role)


@transaction.atomic
def rebuild(process_id: int | None = None) -> tuple[int, int]:
    """Recount everything from the current events, or only one process's (after a
    correction, which may change any month and any state of that process); returns the
    number of tally rows written."""
    scope = {} if process_id is None else {"process_id": process_id}
    FlowTally.objects.filter(**scope).delete()
    PresenceTally.objects.filter(**scope).delete()
    flows = (
        FlowEvent.objects.filter(**scope).annotate(month=TruncMonth("occurred_on"))
        .values("process", "month", "kind", "channel", "reason")
        .annotate(n=Count("id")).order_by()
    )
    written = FlowTally.objects.bulk_create(
        (FlowTally(process_id=row.pop("process"), events=row.pop("n"), **row)
         for row in flows.iterator()),
        batch_size=2000,
    )
    present = (
        FlowEvent.objects.filter(**scope).active().values("process", "phase", "role")
        .annotate(n=Count("id")).order_by()
    )
    counted = PresenceTally.objects.bulk_create(
        (PresenceTally(process_id=row["process"], phase=row["phase"], role=row["role"],
                       people=row["n"]) for row in present.iterator()),
        batch_size=2000,
    )
    return len(written), len(counted)


def record_first_inflows(events: list[FlowEvent]) -> None:
    """Count many inflows of people new to their process at once (a bulk import):
    the same counts as `record(event, None)` for each, a row per sort."""
    flows, present = {}, {}
    for event in events:
        sort = (event.process_id, event.occurred_on.replace(day=1), event.channel)
        flows[sort] = flows.get(sort, 0) + 1
        place = (event.process_id, event.phase, event.role)
        present[place] = present.get(place, 0) + 1
    for (process_id, month, channel), n in flows.items():
        _add(FlowTally, "events", n, process_id=process_id, month=month, kind=FlowKind.INFLOW,
             channel=channel, reason="")
    for (process_id, phase, role), n in present.items():
        _add(PresenceTally, "people", n, process_id=process_id, phase=phase, role=role)
