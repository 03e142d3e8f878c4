"""The back office's sub-navigation shows each role exactly the pages that let it in:
every link shown opens, and every page left out answers 403 (dashboard.navigation asks
the views' own door, so the menu and the page cannot disagree)."""

import re

import pytest
from django.urls import reverse

from dashboard.navigation import ENTRIES
from tests.roles.world import ROLES

pytestmark = pytest.mark.django_db

DASHBOARD_ROLES = ["superuser", "manager_a", "manager_b", "facilitator_a", "facilitator_b"]
SUBNAV = re.compile(r'<nav aria-label="Onderdelen van het dashboard".*?</nav>', re.S)


def subnav_links(html: str) -> list[str]:
    [nav] = SUBNAV.findall(html)
    return re.findall(r'href="(/[^"]*)"', nav)


@pytest.mark.parametrize("role", DASHBOARD_ROLES)
def test_every_link_of_the_subnavigation_opens_and_every_other_page_refuses(
        role, world, client_for):
    client = client_for(role)
    overview = client.get(reverse("dashboard:overview"))
    assert overview.status_code == 200
    shown = subnav_links(overview.content.decode())
    assert shown, role
    for link in shown:
        status = client.get(link).status_code
        assert status == 200, (role, link, status)
    for entry in ENTRIES:
        url = reverse(entry.url_name)
        if entry.in_menu and url not in shown:
            assert client.get(url).status_code == 403, (role, url)


@pytest.mark.parametrize("role", DASHBOARD_ROLES)
def test_the_subnavigation_is_the_same_on_every_page_of_the_back_office(
        role, world, client_for):
    client = client_for(role)
    shown = subnav_links(client.get(reverse("dashboard:overview")).content.decode())
    for link in shown:
        response = client.get(link)
        if "Onderdelen van het dashboard" in response.content.decode():
            assert subnav_links(response.content.decode()) == shown, (role, link)


def test_the_report_and_the_import_are_shown_to_whoever_may_open_them(world, client_for):
    """The old menu asked other permissions than the pages: the import for everyone who
    may record a flow, the report for no one."""
    report, imports = reverse("dashboard:report"), reverse("dashboard:import")
    manager = subnav_links(client_for("manager_a").get(reverse("dashboard:overview"))
                           .content.decode())
    assert report in manager and imports in manager
    facilitator_client = client_for("facilitator_a")
    facilitator = subnav_links(facilitator_client.get(reverse("dashboard:overview"))
                               .content.decode())
    for url in (report, imports):
        assert (url in facilitator) == (facilitator_client.get(url).status_code == 200)


@pytest.mark.parametrize("role", sorted(set(ROLES) - set(DASHBOARD_ROLES) - {"anonymous"}))
def test_a_role_without_the_dashboard_gets_no_subnavigation_but_a_403(
        role, world, client_for):
    response = client_for(role).get(reverse("dashboard:overview"))
    assert response.status_code == 403
    assert "Onderdelen van het dashboard" not in response.content.decode()
