import datetime

import factory

from participants.models import (
    FlowEvent,
    FlowKind,
    FlowRole,
    InflowChannel,
    Organisation,
    OrganisationKind,
    Participant,
    ParticipantKind,
)
from tests.wei.factories import NeighbourhoodFactory, ProcessFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.WELFARE


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    name = factory.Faker("name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"bewoner{n}@example.nl")
    postcode = factory.Faker("postcode", locale="nl_NL")
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    kind = ParticipantKind.RESIDENT


class InflowFactory(factory.django.DjangoModelFactory):
    """A bare inflow row; tests of the rules go through the services instead."""

    class Meta:
        model = FlowEvent

    participant = factory.SubFactory(ParticipantFactory)
    process = factory.SubFactory(ProcessFactory)
    sequence = 1
    kind = FlowKind.INFLOW
    occurred_on = datetime.date(2025, 3, 1)
    phase = 1
    role = FlowRole.PARTICIPANT
    channel = InflowChannel.INFORMATION_MEETING
