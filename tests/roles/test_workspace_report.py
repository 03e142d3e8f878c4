"""Every role against the report: process managers see their own neighbourhoods' figures
and stories only, a facilitator and a steering member get a 403, a resident the login."""

import datetime

import pytest
from django.urls import reverse

from tests.roles.workspace import LOGIN, problems_for
from tests.roles.world import MARKERS, ROLES

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:report")
MANAGES = {"superuser": {"A", "B"}, "manager_a": {"A"}, "manager_b": {"B"}}


def expected(role):
    if role == "anonymous":
        return LOGIN
    return 200 if role in MANAGES else 403


@pytest.mark.parametrize("role", ROLES)
def test_the_report_answers_each_role_with_its_own_side_only(role, world, client_for):
    requests = [("report", "GET", f"{URL}?periode=jaar", expected(role)),
                ("report all time", "GET", f"{URL}?periode=anders&van=2000-01-01&tot=2004-12-31",
                 expected(role))]
    for side in MARKERS:
        if role in MANAGES and side not in MANAGES[role]:
            continue  # refused by the form: the next test (the slug typed is echoed back)
        slug = world.sides[side]["process"].neighbourhood.slug
        requests.append((f"report {side}", "GET", f"{URL}?periode=jaar&wijk={slug}",
                         expected(role)))
    assert problems_for(client_for(role), role, requests) == []


@pytest.mark.parametrize("role", ["manager_a", "manager_b"])
def test_a_manager_sees_the_own_side_and_not_the_other(role, world, client_for):
    side = ROLES[role][0]
    own = MARKERS[side]
    other_slug = world.sides["B" if side == "A" else "A"]["process"].neighbourhood.slug
    client = client_for(role)
    html = client.get(URL, {"periode": "jaar"}).content.decode()
    assert own in html
    # Another side's neighbourhood is no choice: the form refuses it and shows no report.
    refused = client.get(URL, {"periode": "jaar", "wijk": other_slug})
    assert refused.context["report"] is None and refused.context["form"].errors["wijk"]
    assert 'id="report-people"' not in refused.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_a_saved_version_answers_the_managers_of_its_neighbourhood_only(role, world,
                                                                       client_for):
    from dashboard import report, services

    manager = world.users["manager_a"]
    version = services.report_version_save(
        user=manager, period=report.Period(datetime.date(2000, 1, 1), datetime.date(2030, 12, 31)),
        neighbourhood=world.sides["A"]["process"].neighbourhood, learned="Geleerd in Alfahoek")
    mine = services.report_version_save(
        user=manager, period=report.Period(datetime.date(2000, 1, 1), datetime.date(2030, 12, 31)))
    status = {"superuser": 200, "manager_a": 200, "manager_b": 404, "anonymous": LOGIN}.get(
        role, 403)
    url = reverse("dashboard:report_version", args=[version.pk])
    compare = reverse("dashboard:report_compare", args=[version.pk]) + f"?met={mine.pk}"
    assert problems_for(client_for(role), role, [
        ("version", "GET", url, status), ("compare", "GET", compare, status),
        ("pdf", "GET", reverse("dashboard:report_version_pdf", args=[version.pk]), status),
        ("xlsx", "GET", reverse("dashboard:report_version_xlsx", args=[version.pk]), status),
        # Each manager saves a report of their own side.
        ("save", "POST", f"{URL}?periode=jaar", 302 if role in MANAGES else status),
    ]) == []
