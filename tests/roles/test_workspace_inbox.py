"""Every role against the follow-up inbox: process managers see and handle the sign-ups,
ideas, questions and withdrawals of their own neighbourhoods; everyone else is kept out."""

import pytest
from django.urls import reverse

from initiatives.models import FollowUp, FollowUpKind, FollowUpStatus, SignUpKind
from tests.dashboard.workspace import an_idea, confirmed_signup, withdraw
from tests.roles.test_pages import is_login_redirect
from tests.roles.world import MARKERS, ROLES, leaks

pytestmark = pytest.mark.django_db

# Who handles the follow-up of which side; the other roles with a dashboard get a 403.
HANDLES = {"superuser": {"A", "B"}, "manager_a": {"A"}, "manager_b": {"B"}}


@pytest.fixture
def items(world):
    """Per side: the confirmed sign-up of the world, a withdrawal, an idea and a question."""
    found = {}
    for side, word in MARKERS.items():
        neighbourhood = world.sides[side]["neighbourhood"]
        idea = an_idea(neighbourhood, name=f"Indiener {word}",
                       email=f"indiener-{word.lower()}@bewoners.example",
                       title=f"Bankje in {word}")
        withdraw(idea.__class__.objects.get(neighbourhood=neighbourhood, kind="join"))
        confirmed_signup(SignUpKind.QUESTION, neighbourhood=neighbourhood,
                         initiative=world.sides[side]["initiative"], name=f"Vrager {word}",
                         email=f"vrager-{word.lower()}@bewoners.example",
                         message=f"Wanneer is de moestuin open, {word}?")
        found[side] = {item.kind: item for item in
                       FollowUp.objects.filter(signup__neighbourhood=neighbourhood)}
        assert set(found[side]) == {FollowUpKind.JOIN, FollowUpKind.IDEA,
                                    FollowUpKind.WITHDRAWAL, FollowUpKind.QUESTION}
    return found


@pytest.mark.parametrize("role", ROLES)
def test_the_inbox_answers_each_role(role, world, items, client_for):
    client = client_for(role)
    response = client.get(reverse("dashboard:followup"), {"status": ""})
    if role == "anonymous":
        assert is_login_redirect(response)
        return
    if role not in HANDLES:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    html = response.content.decode()
    for side, word in MARKERS.items():
        assert (f"Indiener {word}" in html) == (side in HANDLES[role]), side
        assert (f"Vrager {word}" in html) == (side in HANDLES[role]), side
    assert leaks(role, html) == []
    overview = client.get(reverse("dashboard:overview")).content.decode()
    waiting = 4 * len(HANDLES[role])
    assert f"{waiting} aanmeldingen, ideeën en afmeldingen wachten op opvolging" in overview


@pytest.mark.parametrize("role", ROLES)
def test_an_item_opens_and_changes_for_its_own_side_only(role, world, items, client_for):
    client = client_for(role)
    problems = []
    for side in MARKERS:
        for kind, item in items[side].items():
            page = client.get(reverse("dashboard:followup_detail", args=[item.pk]))
            posted = client.post(reverse("dashboard:followup_status", args=[item.pk]),
                                 {"status": "contacted"})
            if role == "anonymous":
                ok = is_login_redirect(page) and is_login_redirect(posted)
            elif role not in HANDLES:
                ok = (page.status_code, posted.status_code) == (403, 403)
            elif side in HANDLES[role]:
                ok = page.status_code == 200 and posted.status_code == 302 and not leaks(
                    role, page.content.decode())
            else:
                ok = (page.status_code, posted.status_code) == (404, 404)
            if not ok:
                problems.append(f"{kind} {side}: GET {page.status_code}, "
                                f"POST {posted.status_code}")
    assert not problems, "\n".join(problems)
    contacted = set(FollowUp.objects.filter(status=FollowUpStatus.CONTACTED).values_list(
        "signup__neighbourhood__slug", flat=True))
    assert contacted == {MARKERS[side].lower() for side in HANDLES.get(role, ())}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_own_side_publishes_or_declines_an_idea(role, world, items, client_for):
    client = client_for(role)
    for side in MARKERS:
        idea = items[side][FollowUpKind.IDEA]
        declined = client.post(reverse("dashboard:idea_decline", args=[idea.pk]),
                               {"message": "Helaas."})
        published = client.post(reverse("dashboard:idea_publish", args=[idea.pk]), {})
        if role == "anonymous":
            assert is_login_redirect(declined) and is_login_redirect(published)
        elif role not in HANDLES:
            assert (declined.status_code, published.status_code) == (403, 403)
        elif side in HANDLES[role]:
            assert declined.status_code == 302
        else:
            assert (declined.status_code, published.status_code) == (404, 404)
        idea.refresh_from_db()
        assert (idea.outcome == "declined") == (side in HANDLES.get(role, ()))
