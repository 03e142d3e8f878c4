import datetime

import factory
from django.contrib.auth.models import Group, User

from wei.models import Activity, ActivityKind, Neighbourhood, Phase, Process
from wei.roles import PROCESS_MANAGER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"medewerker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@gemeente.example.nl")
    is_staff = True
    password = factory.django.Password("een-lang-wachtwoord-42")


class ProcessManagerFactory(UserFactory):
    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=PROCESS_MANAGER))


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    name = factory.Sequence(lambda n: f"Wijk {n}")
    municipality = "Meppel"
    slug = factory.Sequence(lambda n: f"wijk-{n}")
    description = factory.Faker("sentence", locale="nl_NL")


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    title = factory.LazyAttribute(lambda p: f"Wijkontwikkeling {p.neighbourhood.name}")
    started_on = datetime.date(2025, 1, 6)
    phase = Phase.INFORMATION


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    process = factory.SubFactory(ProcessFactory)
    kind = ActivityKind.INFORMATION_MEETING
    title = "Informatieavond in het buurthuis"
    date = datetime.date(2025, 2, 3)
    phase = Phase.INFORMATION
