import datetime

import factory
from django.contrib.auth.models import User
from django.utils import timezone

from nieuweroute.models import Conversation, Kader, KaderStatus, PlanVersion, Route
from participants.models import Organisation, OrganisationKind, Participant
from wei.models import Neighbourhood, Process


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Anke"
    last_name = factory.Sequence(lambda n: f"Siegers{n}")
    is_staff = True


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    name = factory.Sequence(lambda n: f"Wijk {n}")
    municipality = "Meppel"
    slug = factory.Sequence(lambda n: f"wijk-{n}")


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    title = factory.Sequence(lambda n: f"BGW-traject {n}")
    started_on = datetime.date(2022, 9, 1)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.MUNICIPALITY


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    name = factory.Sequence(lambda n: f"Deelnemer {n}")
    email = factory.Sequence(lambda n: f"deelnemer{n}@example.org")
    phone = "0522-123456"


class RouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Route

    title = factory.Sequence(lambda n: f"Route {n}")
    kwestie = "Er is onduidelijkheid over de rollen van de samenwerkingspartners."
    facilitator = factory.SubFactory(UserFactory)
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    meeting_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    meeting_start = datetime.time(9, 30)
    meeting_end = datetime.time(16, 0)
    meeting_place = "Het Wijkhuis, Meppel"


class KaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kader

    route = factory.SubFactory(RouteFactory)
    number = factory.Sequence(lambda n: n + 1)
    organisation = factory.SubFactory(OrganisationFactory)
    text = "Het plan moet passen binnen de visie."
    status = KaderStatus.FIXED
    fixed_at = factory.LazyFunction(timezone.now)


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    route = factory.SubFactory(RouteFactory)
    participant = factory.SubFactory(ParticipantFactory)
    held_on = datetime.date(2023, 1, 10)
    confirmed_email = factory.LazyAttribute(lambda o: o.participant.email)


class PlanVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanVersion

    route = factory.SubFactory(RouteFactory)
    number = 1
    decided_on = datetime.date(2023, 4, 20)
