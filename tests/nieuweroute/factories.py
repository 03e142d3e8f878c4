import datetime

import factory
from django.utils import timezone

from nieuweroute.models import Conversation, Kader, KaderStatus, PlanVersion, Route
from participants.models import OrganisationKind
from tests.participants import factories as shared_people
from tests.wei import factories as shared

NeighbourhoodFactory = shared.NeighbourhoodFactory


class UserFactory(shared.UserFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Anke"
    last_name = factory.Sequence(lambda n: f"Siegers{n}")


class ProcessFactory(shared.ProcessFactory):
    title = factory.Sequence(lambda n: f"BGW-traject {n}")
    started_on = datetime.date(2022, 9, 1)


class OrganisationFactory(shared_people.OrganisationFactory):
    kind = OrganisationKind.MUNICIPALITY


class ParticipantFactory(shared_people.ParticipantFactory):
    name = factory.Sequence(lambda n: f"Deelnemer {n}")
    email = factory.Sequence(lambda n: f"deelnemer{n}@example.org")
    phone = "0522-123456"
    postcode = ""
    neighbourhood = None


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
