"""Who may see participants and their history (see wei.access for the one place)."""

from django.db.models import Exists, OuterRef, Q

from participants import models
from participants.models import FlowEvent
from wei.access import (
    changed_by_managers_of_every_use,
    everything,
    in_managed_process,
    managed_neighbourhoods,
    managed_processes,
    register,
    used_in,
    visible,
)


def participants_of_managed(user, queryset):
    """People of a neighbourhood the user manages, or with a stay in one of their processes."""
    return queryset.filter(
        Q(neighbourhood__in=managed_neighbourhoods(user).values("pk"))
        | Exists(FlowEvent.objects.filter(
            participant=OuterRef("pk"), process__in=managed_processes(user).values("pk")))
    )


def register_rules():
    register(models.Participant, see=participants_of_managed)
    register(models.FlowEvent, see=in_managed_process("process"))
    register(models.FlowTally, see=in_managed_process("process"))
    register(models.PresenceTally, see=in_managed_process("process"))
    register(models.Attendance, see=in_managed_process("activity__process"))
    # A consent is seen with its person, however the person came into sight.
    register(
        models.Consent,
        see=lambda user, qs: qs.filter(
            participant__in=visible(user, models.Participant.objects.all()).values("pk")
        ),
    )
    # Organisations are the partners everybody works with; names only, no personal data.
    # Shared, so changed only by a manager of every neighbourhood that uses one.
    register(models.Organisation, see=everything, change=changed_by_managers_of_every_use)
    used_in(models.Organisation, models.Participant, via="organisation",
            neighbourhood="neighbourhood")
