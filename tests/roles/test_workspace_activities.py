"""Every role against the activity pages (plan one, the attendance page and its htmx
parts): the right answer, a 404 for an activity out of sight, never the other side."""

import pytest
from django.urls import reverse

from tests.roles.workspace import LOGIN, problems_for
from tests.roles.world import MARKERS, ROLES
from wei.models import Activity

pytestmark = pytest.mark.django_db

MANAGES = {"superuser": {"A", "B"}, "manager_a": {"A"}, "manager_b": {"B"}}


def expected(role, side, ok=200):
    if role == "anonymous":
        return LOGIN
    if role not in MANAGES:  # facilitators hold no activity permission; steering no dashboard
        return 403
    return ok if side in MANAGES[role] else 404


@pytest.mark.parametrize("role", ROLES)
def test_the_attendance_page_answers_the_activitys_managers_only(role, world, client_for):
    requests = [("new", "GET", reverse("dashboard:activity_create"), expected(role, None, 200)
                 if role not in MANAGES else 200)]
    for side, word in MARKERS.items():
        activity = Activity.objects.get(title=f"Informatieavond {word}")
        page = reverse("dashboard:activity", args=[activity.pk])
        requests += [
            ("attendance", "GET", page, expected(role, side)),
            ("search", "GET", reverse("dashboard:attendance_search", args=[activity.pk])
             + f"?q={word}", expected(role, side)),
            ("new row", "GET", reverse("dashboard:attendance_new_row", args=[activity.pk])
             + "?rijen=3", expected(role, side)),
            # Nothing ticked, nobody added: refused on the page.
            ("save", "POST", page, expected(role, side, 400)),
            ("edit", "GET", reverse("dashboard:activity_edit", args=[activity.pk]),
             expected(role, side)),
            # No title, no date: refused on the form.
            ("edit save", "POST", reverse("dashboard:activity_edit", args=[activity.pk]),
             expected(role, side, 400)),
        ]
    assert problems_for(client_for(role), role, requests) == []


@pytest.mark.parametrize("role", ["manager_a", "manager_b"])
def test_the_search_finds_only_people_of_the_own_side(role, world, client_for):
    side = role[-1].upper()
    own, other = MARKERS[side], next(w for s, w in MARKERS.items() if s != side)
    activity = Activity.objects.get(title=f"Informatieavond {own}")
    url = reverse("dashboard:attendance_search", args=[activity.pk])
    html = client_for(role).get(url, {"q": "Bewoner"}).content.decode()
    assert f"Bewoner {own}" in html
    assert other not in html


def test_the_activity_picker_offers_only_the_users_running_processes(world, client_for):
    html = client_for("manager_a").get(reverse("dashboard:activity_create")).content.decode()
    assert '<optgroup label="Alfahoek">' in html and "Traject Alfahoek (" in html
    assert "Bravoveld" not in html
