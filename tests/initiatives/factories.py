"""Factories for initiatives; the wei and participants rows come from the shared
factories, with the defaults these tests expect."""

import datetime

import factory

from initiatives.models import (
    Initiative,
    InitiativeForm,
    InitiativePhase,
    MoneyFlow,
    Reflection,
    Theme,
)
from participants.models import OrganisationKind
from tests.participants import factories as shared_people
from tests.wei import factories as shared
from wei.models import Phase


class UserFactory(shared.UserFactory):
    username = factory.Sequence(lambda n: f"procesmanager{n}")


class NeighbourhoodFactory(shared.NeighbourhoodFactory):
    name = factory.Sequence(lambda n: f"Buurt {n}")
    slug = factory.Sequence(lambda n: f"buurt-{n}")


class ProcessFactory(shared.ProcessFactory):
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    phase = Phase.EMERGENCE  # initiatives arise from the emergence phase on


class OrganisationFactory(shared_people.OrganisationFactory):
    name = factory.Sequence(lambda n: f"Fonds {n}")
    kind = OrganisationKind.MUNICIPALITY


class ParticipantFactory(shared_people.ParticipantFactory):
    name = factory.Sequence(lambda n: f"Bewoner {n}")
    postcode = ""
    neighbourhood = None


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
