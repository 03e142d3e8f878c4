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


LANDING = {
    # role: where a login without a `next` address lands, by URL name (None: LOGIN_REDIRECT_URL)
    "superuser": "dashboard:overview",
    "manager_a": "dashboard:overview",
    "facilitator_a": "nieuweroute:route_list",
    "steering_x": "admin:index",
    "staff_without_role": "home",
}


def log_in(client, world, role, next_url=None):
    path = reverse("login") + (f"?next={next_url}" if next_url else "")
    return client.post(path, {"username": world.users[role].username,
                              "password": "een-lang-wachtwoord-42"})


@pytest.mark.parametrize("role", LANDING)
def test_a_login_lands_on_the_page_the_role_works_on(role, world, client):
    response = log_in(client, world, role)
    assert response.status_code == 302 and response["Location"] == reverse(LANDING[role])
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("role", LANDING)
def test_a_login_with_a_next_address_still_goes_there(role, world, client):
    elsewhere = reverse("nieuweroute:route_list") if LANDING[role] == "admin:index" else (
        reverse("admin:nieuweroute_kader_changelist"))
    response = log_in(client, world, role, next_url=elsewhere)
    assert response.status_code == 302 and response["Location"] == elsewhere


@pytest.mark.parametrize("role", LANDING)
@pytest.mark.parametrize("unsafe", ["https://elders.example/dashboard/",
                                    "//elders.example/", "javascript:alert(1)"])
def test_a_next_address_elsewhere_is_ignored(role, unsafe, world, client):
    response = log_in(client, world, role, next_url=unsafe)
    assert response.status_code == 302 and response["Location"] == reverse(LANDING[role])


@pytest.mark.parametrize("role", ["steering_x", "facilitator_a", "anonymous"])
def test_the_error_pages_are_dutch_with_a_header_that_opens(role, world, client_for):
    client = client_for(role)
    pages = [(404, "/bestaat-niet/")]
    if role != "anonymous":
        route = world.sides["B"]["route"]  # the other side's
        # Outside the back office (a steering member) its door answers; inside, the row rule.
        pages.append((403 if role == "steering_x" else 404,
                      reverse("nieuweroute:route_detail", args=[route.pk])))
    if role == "steering_x":
        pages.append((403, reverse("dashboard:overview")))  # typed in: not in their header
        pages.append((404, reverse("admin:index") + "nieuweroute/bestaat-niet/"))
    for status, path in pages:
        response = client.get(path)
        assert response.status_code == status, path
        html = response.content.decode()
        assert '<html lang="nl">' in html and "<header" in html
        assert ("Pagina niet gevonden" if status == 404 else "Geen toegang") in html
        header = html[html.index("<header"):html.index("</header>")]
        for link in re.findall(r'href="(/[^"]*)"', header):
            assert client.get(link).status_code == 200, (path, link)
