"""Every role against the pages that correct an initiative's recorded rows (a phase
change, a membership, a money flow, a reflection): the process managers of the
neighbourhood open them, staff without the task get a 403, everyone else a 404."""

import pytest
from django.urls import reverse

from initiatives.models import InitiativePhaseChange, Membership, MoneyFlow, Reflection
from tests.roles.test_pages import is_login_redirect
from tests.roles.world import MARKERS, ROLES, leaks

pytestmark = pytest.mark.django_db

WORKS_ON = {"superuser": {"A", "B"}, "manager_a": {"A"}, "manager_b": {"B"}}
CORRECTED = {"phase_change": InitiativePhaseChange, "membership": Membership,
             "money_flow": MoneyFlow, "reflection": Reflection}


def expected_answer(role, side):
    kind = ROLES[role][1]
    if kind == "anonymous":
        return "login"
    if side in WORKS_ON.get(role, ()):
        return 200
    # Facilitators and steering members lack the task (and the back office, for the
    # latter): refused at the door, before any row is looked up.
    return 404 if kind == "manager" else 403


@pytest.mark.parametrize("role", ROLES)
def test_the_correction_pages_answer_each_role(role, world, client_for):
    client = client_for(role)
    problems = []
    for side in MARKERS:
        initiative = world.sides[side]["initiative"]
        expected = expected_answer(role, side)
        for kind, model in CORRECTED.items():
            row = model.objects.filter(initiative=initiative).first()
            url = reverse(f"dashboard:{kind}_correct", args=[row.pk])
            page = client.get(url)
            # Withdrawing without a reason: refused (400) where the page opens.
            posted = client.post(url, {"action": "withdraw", "withdraw-why": ""})
            answers = tuple("login" if is_login_redirect(r) else r.status_code
                            for r in (page, posted))
            wanted = (200, 400) if expected == 200 else (expected, expected)
            if answers != wanted:
                problems.append(f"{kind} {side}: {answers} instead of {wanted}")
            elif expected == 200 and leaks(role, page.content.decode()):
                problems.append(f"{kind} {side}: shows {leaks(role, page.content.decode())}")
    assert not problems, "\n".join(problems)
    assert not any(model.history.filter(withdrawn_at__isnull=False).exists()
                   for model in CORRECTED.values())
