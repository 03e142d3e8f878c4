import pytest

from tests.nieuweroute.factories import (
    KaderFactory,
    OrganisationFactory,
    RouteFactory,
    UserFactory,
)


@pytest.fixture
def facilitator(db):
    return UserFactory(username="anke")


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
