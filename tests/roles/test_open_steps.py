"""Every staff page about an object, as every role: each step it offers is one the
domain reports open for that user, and each open step is offered.

A page says which steps it weighed in `page_steps` (the domain's answer, computed for
the request's user); every control that takes a step carries `data-step` with the
step's key. So a button that the service would refuse, or an open step the user cannot
reach, fails here for whichever role meets it.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from initiatives.models import FollowUp
from tests.roles.world import MARKERS, ROLES
from wei.models import Activity

pytestmark = pytest.mark.django_db


def object_pages(world):
    """(name, url) of each staff page about one object, for the rows of both sides."""
    for side in MARKERS:
        rows = world.sides[side]
        route = rows["route"].pk
        yield f"process {side}", reverse("dashboard:process", args=[rows["process"].pk])
        for activity in Activity.objects.filter(process=rows["process"]):
            yield f"activity {side}", reverse("dashboard:activity", args=[activity.pk])
            yield f"activity edit {side}", reverse("dashboard:activity_edit",
                                                   args=[activity.pk])
        for person in ("person", "resident"):
            yield f"{person} {side}", reverse("dashboard:person", args=[rows[person].pk])
        yield f"initiative {side}", reverse("dashboard:initiative", args=[rows["initiative"].pk])
        for followup in FollowUp.objects.filter(signup__neighbourhood=rows["neighbourhood"]):
            yield f"follow-up {side}", reverse("dashboard:followup_detail", args=[followup.pk])
        yield f"route {side}", reverse("nieuweroute:route_detail", args=[route])
        yield f"plan {side}", reverse("nieuweroute:plan_detail",
                                      kwargs={"pk": route, "plan_pk": rows["plan"].pk})
        for kader in ("own_kader", "fixed_kader"):
            yield f"{kader} {side}", reverse(
                "nieuweroute:kader_edit", kwargs={"pk": route, "kader_pk": rows[kader].pk})


# Forms that record facts about a person or open a new row rather than take a step of
# the page's object; each still refuses through its service.
RECORDS = {"dashboard:activity_create", "dashboard:person_membership", "dashboard:person_details",
           "dashboard:person_consent"}


class StepControls(HTMLParser):
    """The step keys of the page's controls, and the posting forms of its main part
    that take no step (a form that changes something is a step: it, or a choice in it,
    carries the step's key)."""

    def __init__(self):
        super().__init__()
        self.keys, self.unmarked, self._in_main, self._form = [], [], 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self._in_main += 1
        if "data-step" in attrs:
            self.keys.append(attrs["data-step"])
            if self._form is not None:
                self._form["marked"] = True
        if (tag == "form" and self._in_main
                and (attrs.get("method") or "").lower() == "post"):
            self._form = {"action": attrs.get("action") or "", "marked": "data-step" in attrs}

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main -= 1
        if tag == "form" and self._form is not None:
            if not self._form["marked"] and not is_record(self._form["action"]):
                self.unmarked.append(self._form["action"] or "(this page)")
            self._form = None


def is_record(action):
    try:
        match = resolve(urlsplit(action).path)
    except Resolver404:
        return False
    return f"{match.namespace}:{match.url_name}" in RECORDS


STAFF = [role for role, (_side, kind) in ROLES.items() if kind in {"superuser", "manager",
                                                                  "facilitator"}]


@pytest.mark.parametrize("role", STAFF)
def test_each_page_offers_exactly_the_steps_the_domain_reports_open(role, world, client_for):
    client = client_for(role)
    problems, weighed = [], 0
    for name, url in object_pages(world):
        response = client.get(url)
        if response.status_code != 200:
            continue  # who may open which page is tests/roles/test_pages.py's question
        if "page_steps" not in response.context:
            problems.append(f"{name}: the page does not say which steps are open")
            continue
        weighed += 1
        controls = StepControls()
        controls.feed(response.content.decode())
        offered = set(controls.keys)
        open_keys = {step.key for step in response.context["page_steps"] if step.is_open}
        if refused := offered - open_keys:
            problems.append(f"{name}: offers {sorted(refused)}, which the domain reports closed")
        if unreachable := open_keys - offered:
            problems.append(f"{name}: {sorted(unreachable)} open but not offered")
        if controls.unmarked:
            problems.append(f"{name}: forms that are no step: {controls.unmarked}")
    assert weighed, "no page about an object opened for this role"
    assert not problems, "\n".join(problems)


def test_a_closed_step_that_is_shown_says_why(world, client_for):
    html_of = {name: client_for("superuser").get(url) for name, url in object_pages(world)}
    for name, response in html_of.items():
        for step in response.context["page_steps"]:
            if not step.is_open and step.shown:
                assert re.search(rf'data-step-closed="{re.escape(step.key)}"',
                                 response.content.decode()), f"{name}: {step.key}"
                assert step.reason in response.content.decode(), f"{name}: {step.key}"
