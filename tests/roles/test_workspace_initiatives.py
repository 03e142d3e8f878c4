"""Every role against an initiative's staff page and its forms: process managers of the
neighbourhood open and change it, everyone else gets a 403 (no role for it) or a 404."""

import pytest
from django.urls import reverse

from initiatives.models import Initiative, Membership
from tests.roles.test_pages import is_login_redirect
from tests.roles.workspace import LOGIN, problems_for
from tests.roles.world import MARKERS, ROLES, leaks

pytestmark = pytest.mark.django_db

WORKS_ON = {"superuser": {"A", "B"}, "manager_a": {"A"}, "manager_b": {"B"}}
# A facilitator may read initiatives (view permission) but sees none of them: a 404.
NO_ROLE = {"steering_x", "steering_y", "staff_without_role"}


def forms_of(world, side):
    initiative = world.sides[side]["initiative"]
    membership = Membership.objects.filter(initiative=initiative).first()
    return initiative, {
        "initiative_member_add": [initiative.pk],
        "initiative_member_end": [initiative.pk, membership.pk],
        "initiative_reflection_add": [initiative.pk],
        "initiative_money_add": [initiative.pk],
        "initiative_support": [initiative.pk],
        "initiative_publish": [initiative.pk],
    }


@pytest.mark.parametrize("role", ROLES)
def test_the_initiative_page_answers_each_role(role, world, client_for):
    client = client_for(role)
    problems = []
    for side, word in MARKERS.items():
        initiative, posts = forms_of(world, side)
        page = client.get(reverse("dashboard:initiative", args=[initiative.pk]))
        if role == "anonymous":
            expected = "login"
        elif role in NO_ROLE:
            expected = 403
        elif side in WORKS_ON.get(role, ()):
            expected = 200
        else:
            expected = 404
        answer = "login" if is_login_redirect(page) else page.status_code
        if answer != expected:
            problems.append(f"page {side}: {answer} instead of {expected}")
        elif expected == 200:
            html = page.content.decode()
            if f"Moestuin {word}" not in html or leaks(role, html):
                problems.append(f"page {side}: shows {leaks(role, html)}")
        for name, args in posts.items():
            posted = client.post(reverse(f"dashboard:{name}", args=args), {"is_public": "false"})
            answer = "login" if is_login_redirect(posted) else posted.status_code
            if role.startswith("facilitator") and name != "initiative_reflection_add":
                # Adding a reflection is all a facilitator may do to an initiative (of
                # those they see: none); for the rest they lack the permission.
                if answer != 403:
                    problems.append(f"{name} {side}: {answer} instead of 403")
                continue
            # Writing: 302 (done) or 400 (the form's refusal) for the own side.
            if expected == 200 and answer not in (400, 302):
                problems.append(f"{name} {side}: {answer}")
            elif expected == 403 and answer != 403:
                problems.append(f"{name} {side}: {answer} instead of 403")
            elif expected in (404, "login") and answer != expected:
                problems.append(f"{name} {side}: {answer} instead of {expected}")
    assert not problems, "\n".join(problems)
    hidden = set(Initiative.objects.filter(is_public=False).values_list("neighbourhood__slug",
                                                                        flat=True))
    assert hidden == {MARKERS[s].lower() for s in WORKS_ON.get(role, ())}


@pytest.mark.parametrize("role", ["manager_a", "manager_b"])
def test_the_member_search_finds_no_one_of_the_other_side(role, world, client_for):
    side = ROLES[role][0]
    initiative = world.sides[side]["initiative"]
    html = client_for(role).get(reverse("dashboard:initiative", args=[initiative.pk]),
                                {"q": "bewoner"}).content.decode()
    assert leaks(role, html) == []


@pytest.mark.parametrize("role", ROLES)
def test_a_new_initiative_is_added_only_in_the_own_processes(role, world, client_for):
    url = reverse("dashboard:initiative_create")

    def expected(own, ok):
        if role == "anonymous":
            return LOGIN
        if role not in WORKS_ON:
            return 403  # no role in the back office, or none that adds initiatives
        return ok if own else 404

    requests = [("new", "GET", url, expected(True, 200))]
    for side in MARKERS:
        process = world.sides[side]["process"]
        own = side in WORKS_ON.get(role, ())
        requests += [
            ("preset", "GET", f"{url}?proces={process.pk}", expected(own, 200)),
            # Posted without a title: refused on the form, and never stored.
            ("post", "POST", f"{url}?proces={process.pk}", expected(own, 400)),
        ]
    count = Initiative.objects.count()
    assert problems_for(client_for(role), role, requests) == []
    assert Initiative.objects.count() == count
