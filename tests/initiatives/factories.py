"""Factories for initiatives, with the wei/participants rows they need kept here,
so these tests stand on their own."""

import datetime

import factory
from django.contrib.auth.models import User

from initiatives.models import (
    Initiative,
    InitiativeForm,
    InitiativePhase,
    MoneyFlow,
    Reflection,
    Theme,
)
from participants.models import Organisation, OrganisationKind, Participant
from wei.models import Neighbourhood, Phase, Process


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"procesmanager{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@gemeente.example.nl")
    is_staff = True


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    name = factory.Sequence(lambda n: f"Buurt {n}")
    municipality = "Meppel"
    slug = factory.Sequence(lambda n: f"buurt-{n}")


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    title = factory.LazyAttribute(lambda p: f"Wijkontwikkeling {p.neighbourhood.name}")
    started_on = datetime.date(2025, 1, 6)
    phase = Phase.EMERGENCE


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Fonds {n}")
    kind = OrganisationKind.MUNICIPALITY


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    name = factory.Sequence(lambda n: f"Bewoner {n}")
    email = factory.Sequence(lambda n: f"bewoner{n}@example.nl")


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Buurtmoestuin {n}")
    slug = factory.Sequence(lambda n: f"buurtmoestuin-{n}")
    process = factory.SubFactory(ProcessFactory)
    neighbourhood = factory.LazyAttribute(lambda i: i.process.neighbourhood)
    description = "Samen groente kweken op het braakliggende veld."
    form = InitiativeForm.LASTING
    phase = InitiativePhase.EMERGENCE
    aims_people = "Buren leren elkaar kennen."
    needs_space = True
    is_public = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.add(*extracted)


class ReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reflection

    initiative = factory.SubFactory(InitiativeFactory)
    date = datetime.date(2025, 5, 1)
    what_we_did = "Het veld omgespit."
    what_we_learned = "Vraag de buren eerst."
    is_public = True


class MoneyFlowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MoneyFlow

    source = factory.SubFactory(OrganisationFactory)
    initiative = factory.SubFactory(InitiativeFactory)
    neighbourhood = factory.LazyAttribute(lambda m: m.initiative.neighbourhood)
    amount = "1500.00"
    purpose = "Zaden en gereedschap"
    period_start = datetime.date(2025, 1, 1)
    period_end = datetime.date(2025, 12, 31)


def theme(slug: str) -> Theme:
    return Theme.objects.get(slug=slug)
