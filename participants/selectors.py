"""Reads about people that span relations, each a fixed number of queries."""

from django.db.models import Count

from participants.models import FlowEvent, Participant
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
