"""The header shows each role only what it may open: no link in it answers 403."""

import re

import pytest
from django.urls import reverse

from tests.roles.world import ROLES

pytestmark = pytest.mark.django_db

EXPECTED = {
    # role: (dashboard and routes, the admin)
    "superuser": (True, True),
    "manager_a": (True, False),
    "facilitator_a": (True, False),
    "steering_x": (False, True),
    "staff_without_role": (False, False),
    "anonymous": (False, False),
}


@pytest.mark.parametrize("role", EXPECTED)
def test_every_link_in_the_header_opens_for_the_role(role, world, client_for):
    assert role in ROLES
    client = client_for(role)
    html = client.get(reverse("home")).content.decode()
    header = html[html.index("<header"):html.index("</header>")]
    links = re.findall(r'href="(/[^"]*)"', header)
    product, admin = EXPECTED[role]
    assert (reverse("dashboard:overview") in links) == product
    assert (reverse("nieuweroute:route_list") in links) == product
    assert (reverse("admin:index") in links) == admin
    for link in links:
        assert client.get(link).status_code == 200, link
