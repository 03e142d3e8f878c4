"""Every role against the process pages and the start of a new neighbourhood: the right
answer (200, 403, a 404 for a process out of sight, the login), and never a word of the
other side."""

import pytest
from django.urls import reverse

from tests.roles.workspace import LOGIN, problems_for
from tests.roles.world import MARKERS, ROLES

pytestmark = pytest.mark.django_db

MANAGES = {"superuser": {"A", "B"}, "manager_a": {"A"}, "manager_b": {"B"}}
# Roles the dashboard lets in; the others get a 403 (a steering member works in the admin).
IN_PRODUCT = {"superuser", "manager_a", "manager_b", "facilitator_a", "facilitator_b"}
ACTIONS = ["process_advance", "process_step_back", "process_stop", "process_reopen",
           "process_complete"]


def expected(role, side, *, seen, changed=None):
    if role == "anonymous":
        return LOGIN
    if role not in IN_PRODUCT:
        return 403
    if role.startswith("facilitator"):
        return 404 if seen == "view" else 403
    return (changed or 200) if side in MANAGES[role] else 404


@pytest.mark.parametrize("role", ROLES)
def test_the_process_page_and_its_steps_answer_its_managers_only(role, world, client_for):
    requests = []
    for side in MARKERS:
        process = world.sides[side]["process"]
        requests.append(("process", "GET", reverse("dashboard:process", args=[process.pk]),
                         expected(role, side, seen="view")))
        for name in ACTIONS:
            url = reverse(f"dashboard:{name}", args=[process.pk])
            # An empty form is refused on the process page (400), or the step is not
            # one this process can take now (back to the page, 302): a step back, while
            # people of this world take part in the process's own phase.
            requests.append((name, "POST", url, expected(
                role, side, seen="change", changed=400 if name == "process_advance" else 302)))
    assert problems_for(client_for(role), role, requests) == []


@pytest.mark.parametrize(("role", "status"), [
    ("superuser", 200), ("manager_a", 200), ("facilitator_a", 403), ("steering_x", 403),
    ("staff_without_role", 403), ("anonymous", LOGIN)])
def test_starting_in_a_new_neighbourhood_needs_the_process_managers_permissions(
        role, status, world, client_for):
    url = reverse("dashboard:neighbourhood_start")
    assert problems_for(client_for(role), role, [("start", "GET", url, status),
                                                 ("start", "POST", url,
                                                  400 if status == 200 else status)]) == []


def test_the_colleagues_offered_as_managers_are_the_users_own(world, client_for):
    html = client_for("manager_a").get(reverse("dashboard:neighbourhood_start")).content
    assert b"procesmanager-bravoveld" not in html
