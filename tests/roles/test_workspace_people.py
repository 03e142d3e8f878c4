"""Every role against a person's page, its actions, and the privacy export and erasure
from there: the right answer, a 404 for a person out of sight, never the other side."""

import pytest
from django.urls import reverse

from tests.roles.workspace import LOGIN, problems_for
from tests.roles.world import MARKERS, ROLES

pytestmark = pytest.mark.django_db

ACTIONS = {  # url name: the permission it needs (facilitators hold none of them)
    "person_inflow": "add_flowevent", "person_throughflow": "add_flowevent",
    "person_outflow": "add_flowevent", "person_membership": "add_membership",
    "person_details": "change_participant", "person_consent": "add_consent",
}
MANAGES = {"superuser": {"A", "B"}, "manager_a": {"A"}, "manager_b": {"B"}}
FACILITATES = {"facilitator_a": "A", "facilitator_b": "B"}


def sees(role, side, person):
    if role in MANAGES:
        return side in MANAGES[role]
    # A facilitator sees the people of their route, not the neighbourhood's residents.
    return FACILITATES.get(role) == side and person == "person"


def expected(role, side, person, *, action=False, ok=200):
    if role == "anonymous":
        return LOGIN
    if role not in MANAGES and role not in FACILITATES:
        return 403
    if action and role in FACILITATES:
        return 403
    return ok if sees(role, side, person) else 404


@pytest.mark.parametrize("role", ROLES)
def test_a_persons_page_answers_those_who_may_see_them(role, world, client_for):
    requests = []
    for side in MARKERS:
        for person in ("resident", "person"):  # of the neighbourhood; known to the route
            pk = world.sides[side][person].pk
            requests.append(("page", "GET", reverse("dashboard:person", args=[pk]),
                             expected(role, side, person)))
            for name in ("person_privacy", "person_export", "person_export_readable"):
                requests.append((name, "GET", reverse(f"dashboard:{name}", args=[pk]),
                                 expected(role, side, person)))
            requests.append(("erase", "GET", reverse("dashboard:person_erase", args=[pk]),
                             expected(role, side, person, action=True)))
            for name in ACTIONS:
                # An empty form is refused on the person's page (400), or the action is
                # not open for this person now (back to the page, 302): the resident takes
                # part in their side's process, the only one its manager may change (a
                # superuser may let them flow into the other side's); the route's person
                # takes part in none.
                ok = 302 if (name == "person_throughflow" and person == "person") or (
                    name == "person_outflow" and person == "person") or (
                    name == "person_inflow" and person == "resident"
                    and role != "superuser") else 400
                requests.append((name, "POST", reverse(f"dashboard:{name}", args=[pk]),
                                 expected(role, side, person, action=True, ok=ok)))
    assert problems_for(client_for(role), role, requests) == []


@pytest.mark.parametrize("role", ["manager_a", "facilitator_a"])
def test_the_export_holds_the_person_and_nothing_of_the_other_side(role, world, client_for):
    person = world.sides["A"]["person"]
    response = client_for(role).get(reverse("dashboard:person_export", args=[person.pk]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="participant-{person.pk}.json"')
    text = response.content.decode()
    assert "Routegenoot Alfahoek" in text
    assert "Bravoveld" not in text


@pytest.mark.parametrize("role", ["manager_a", "facilitator_a"])
def test_the_readable_export_holds_what_the_file_holds_and_nothing_of_the_other_side(
        role, world, client_for):
    person = world.sides["A"]["person"]
    html = client_for(role).get(
        reverse("dashboard:person_export_readable", args=[person.pk])).content.decode()
    assert "Routegenoot Alfahoek" in html
    assert "Bravoveld" not in html
