import pytest
from django.contrib.auth.models import Group

from tests.nieuweroute.factories import (
    KaderFactory,
    OrganisationFactory,
    RouteFactory,
    UserFactory,
)
from wei.roles import FACILITATOR


@pytest.fixture
def facilitator(db):
    user = UserFactory(username="anke")
    user.groups.add(Group.objects.get(name=FACILITATOR))
    return user


@pytest.fixture
def route(facilitator):
    route = RouteFactory(facilitator=facilitator, title="Samen voor de uitvoering van WDW")
    return route


@pytest.fixture
def municipality(route):
    organisation = OrganisationFactory(name="Gemeente Meppel")
    route.steering_organisations.add(organisation)
    return organisation


@pytest.fixture
def fixed_kaders(route, municipality):
    return [KaderFactory(route=route, number=n, organisation=municipality) for n in (1, 2, 3)]
