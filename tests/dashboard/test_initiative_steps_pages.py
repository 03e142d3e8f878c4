"""The initiative's page, the inbox and the admin show what the steps answer: an open step
as a working control, a closed one the user looks for disabled with its reason in Dutch,
and no control for a step that is not open."""

import re

import pytest
from django.urls import reverse

from initiatives import services
from initiatives.models import FollowUpKind, InitiativePhase, InitiativeStatus
from tests.dashboard.workspace import a_join, an_idea, managed_process, withdraw
from tests.initiatives.factories import InitiativeFactory, theme

pytestmark = pytest.mark.django_db
DATA_STEP = re.compile(r'data-step="([^"]+)"')


def keys_agree(response):
    """Every data-step on the page is an open step of page_steps, and every open one has one."""
    html = response.content.decode()
    on_page = set(DATA_STEP.findall(html))
    open_steps = {step.key for step in response.context["page_steps"] if step.is_open}
    assert on_page == open_steps, (on_page, open_steps)
    return html


def initiative_page(client, initiative):
    return client.get(reverse("dashboard:initiative", args=[initiative.pk]))


def test_an_idea_under_review_shows_publishing_disabled_with_why(client, manager):
    idea = an_idea(managed_process(manager).neighbourhood).created_initiative
    client.force_login(manager)
    html = keys_agree(initiative_page(client, idea))
    assert 'data-step-closed="publish"' in html
    assert re.search(r'data-step-closed="publish"><button type="button" class="btn btn-primary" '
                     r'disabled', html)
    assert "beoordeel het in de opvolging" in html


def test_a_published_initiative_offers_hiding_and_one_phase_each_way(client, manager):
    initiative = InitiativeFactory(process=managed_process(manager), title="Repair café",
                                   phase=InitiativePhase.DEVELOPMENT)
    client.force_login(manager)
    html = keys_agree(initiative_page(client, initiative))
    assert 'data-step="hide"' in html and 'data-step="publish"' not in html
    assert 'data-step="next_phase"' in html and 'data-step="step_back"' in html
    # The next phase and one back, nothing chosen beforehand, nothing further.
    assert 'value="4"' in html and 'value="2"' in html
    assert 'name="to_phase" value="1"' not in html
    assert not re.search(r'name="to_phase"[^>]*checked', html)


@pytest.mark.parametrize(("fields", "closed", "reason"), [
    ({"status": InitiativeStatus.ENDED, "status_reason": "Gestopt.", "is_public": False},
     "next_phase", "de fase verandert niet meer"),
    ({"phase": InitiativePhase.AUTONOMY, "cooperative_member": True}, "step_back",
     "wijkcoöperatie"),
])
def test_a_closed_phase_step_says_why_in_dutch(client, manager, fields, closed, reason):
    initiative = InitiativeFactory(process=managed_process(manager), **fields)
    client.force_login(manager)
    html = keys_agree(initiative_page(client, initiative))
    assert f'data-step-closed="{closed}"' in html and reason in html


def test_a_closed_phase_step_posted_is_refused_with_why(client, manager):
    initiative = InitiativeFactory(process=managed_process(manager),
                                   status=InitiativeStatus.ENDED, status_reason="Gestopt.")
    client.force_login(manager)
    response = client.post(reverse("dashboard:initiative_phase", args=[initiative.pk]), {
        "to_phase": initiative.phase + 1, "occurred_on": "2026-11-01", "rationale": "Toch."})
    html = response.content.decode()
    assert 'data-step-closed="next_phase"' in html and "de fase verandert niet meer" in html
    initiative.refresh_from_db()
    assert initiative.phase == InitiativePhase.EMERGENCE


def test_the_inbox_rows_offer_only_open_statuses(client, manager):
    process = managed_process(manager)
    join = a_join(process).followups.get()
    signup = an_idea(process.neighbourhood)
    idea = signup.followups.get(kind=FollowUpKind.IDEA)
    services.idea_publish(followup=idea, by=manager, title="Bankjes", description="",
                          form="one_off", themes=[theme("groen")], aims_people="Buiten.")
    client.force_login(manager)
    html = keys_agree(client.get(reverse("dashboard:followup"), {"status": "done"}))
    assert f'data-step="followup-{idea.pk}:done"' in html
    assert f'data-step-closed="followup-{idea.pk}:reopen"' in html
    assert "daarom blijft de opvolging klaar" in html
    keys_agree(client.get(reverse("dashboard:followup")))
    assert join.pk  # waiting, on the default list


def test_a_withdrawn_idea_shows_publishing_disabled_with_why(client, manager):
    signup = an_idea(managed_process(manager).neighbourhood)
    withdraw(signup)
    item = signup.followups.get(kind=FollowUpKind.IDEA)
    client.force_login(manager)
    html = keys_agree(client.get(reverse("dashboard:followup_detail", args=[item.pk])))
    assert 'data-step-closed="publish"' in html and 'data-step-closed="decline"' in html
    assert "heeft het idee ingetrokken; zet de opvolging op klaar" in html


def test_an_idea_under_review_offers_publishing_and_declining(client, manager):
    signup = an_idea(managed_process(manager).neighbourhood)
    item = signup.followups.get(kind=FollowUpKind.IDEA)
    client.force_login(manager)
    html = keys_agree(client.get(reverse("dashboard:followup_detail", args=[item.pk])))
    assert 'data-step="publish"' in html and 'data-step="decline"' in html


def test_the_admin_refuses_to_show_an_idea_under_review(admin_client, manager):
    idea = an_idea(managed_process(manager).neighbourhood).created_initiative
    url = reverse("admin:initiatives_initiative_change", args=[idea.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"themes": [], "activities": [], "is_public": "on",
                 "status": idea.status, "form": idea.form})
    for prefix in ("phase_changes", "memberships", "reflections"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "beoordeel het in de opvolging" in response.content.decode()
    idea.refresh_from_db()
    assert not idea.is_public
