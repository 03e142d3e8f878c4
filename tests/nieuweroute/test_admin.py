"""The admin for steering-group members: their own organisation's kaders, nothing more."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from nieuweroute.models import Kader, KaderStatus
from tests.nieuweroute.factories import (
    ConversationFactory,
    KaderFactory,
    OrganisationFactory,
    ParticipantFactory,
    PlanVersionFactory,
    RouteFactory,
    UserFactory,
)
from wei.roles import STEERING_MEMBER

pytestmark = pytest.mark.django_db


def steering_member(organisation):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=STEERING_MEMBER))
    organisation.members.add(user)
    return user


@pytest.fixture
def setup(route, municipality):
    housing = OrganisationFactory(name="Woonconcept")
    route.steering_organisations.add(housing)
    resident = ParticipantFactory(name="Jan Bakker", email="jan@example.org", phone="0612345678")
    route.core_group.add(resident)
    route.participants.add(resident)
    ConversationFactory(route=route, participant=resident)
    return {
        "route": route,
        "housing": housing,
        "own_concept": KaderFactory(route=route, number=4, organisation=housing,
                                    status=KaderStatus.CONCEPT, fixed_at=None, text="Nabijheid"),
        "other_concept": KaderFactory(route=route, number=1, organisation=municipality,
                                      status=KaderStatus.CONCEPT, fixed_at=None,
                                      text="Geheim concept"),
        "other_fixed": KaderFactory(route=route, number=2, organisation=municipality,
                                    text="Binnen formatie en budget"),
        "member": steering_member(housing),
        "elsewhere": RouteFactory(title="Andere route"),
    }


def kader_url(kader, action="change"):
    return reverse(f"admin:nieuweroute_kader_{action}", args=[kader.pk])


def test_a_member_sees_their_routes_and_no_other(client, setup):
    client.force_login(setup["member"])
    html = client.get(reverse("admin:nieuweroute_route_changelist")).content.decode()
    assert setup["route"].title in html and "Andere route" not in html
    detail = client.get(reverse("admin:nieuweroute_route_change", args=[setup["route"].pk]))
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "Jan Bakker" in page
    assert "jan@example.org" not in page and "0612345678" not in page
    other = client.get(reverse("admin:nieuweroute_route_change", args=[setup["elsewhere"].pk]))
    assert other.status_code == 302  # "does not exist", back to the index


def test_a_member_sees_fixed_kaders_and_only_their_own_concepts(client, setup):
    client.force_login(setup["member"])
    html = client.get(reverse("admin:nieuweroute_kader_changelist")).content.decode()
    assert "Nabijheid" in html and "Binnen formatie en budget" in html
    assert "Geheim concept" not in html
    assert client.get(kader_url(setup["other_concept"])).status_code == 302


def test_a_member_edits_and_fixes_their_own_concept(client, setup):
    client.force_login(setup["member"])
    kader = setup["own_concept"]
    response = client.post(kader_url(kader), {
        "number": 5, "organisation": setup["housing"].pk, "text": "Passend in de woningwet",
        "sub_points_text": "behoud\nontmoeting", "explanation": "",
        "changes-TOTAL_FORMS": 0, "changes-INITIAL_FORMS": 0})
    assert response.status_code == 302, response.content.decode()[:3000]
    kader.refresh_from_db()
    assert (kader.number, kader.text) == (5, "Passend in de woningwet")
    assert [p.letter for p in kader.sub_points.all()] == ["a", "b"]
    client.post(reverse("admin:nieuweroute_kader_changelist"),
                {"action": "fix_kaders", "_selected_action": [kader.pk]})
    kader.refresh_from_db()
    assert kader.status == KaderStatus.FIXED
    assert list(kader.changes.values_list("kind", flat=True)) == ["edited", "fixed"]


def test_a_fixed_kader_is_read_only_in_the_admin(client, setup):
    client.force_login(setup["member"])
    kader = setup["other_fixed"]
    page = client.get(kader_url(kader)).content.decode()
    assert 'name="text"' not in page
    client.post(kader_url(kader), {"number": 9, "text": "Anders",
                                   "changes-TOTAL_FORMS": 0, "changes-INITIAL_FORMS": 0})
    kader.refresh_from_db()
    assert (kader.number, kader.text) == (2, "Binnen formatie en budget")
    superuser = UserFactory(is_superuser=True)
    client.force_login(superuser)
    assert 'name="text"' not in client.get(kader_url(kader)).content.decode()


def test_a_member_cannot_change_another_organisations_kaders(client, setup):
    client.force_login(setup["member"])
    other = setup["other_concept"]
    client.post(kader_url(other), {"number": 1, "text": "Overgenomen",
                                   "organisation": setup["housing"].pk,
                                   "changes-TOTAL_FORMS": 0, "changes-INITIAL_FORMS": 0})
    client.post(reverse("admin:nieuweroute_kader_changelist"),
                {"action": "fix_kaders", "_selected_action": [other.pk]})
    other.refresh_from_db()
    assert (other.text, other.status) == ("Geheim concept", KaderStatus.CONCEPT)


def test_a_member_adds_a_kader_for_their_own_organisation_only(client, setup, municipality):
    client.force_login(setup["member"])
    url = reverse("admin:nieuweroute_kader_add")
    base = {"route": setup["route"].pk, "text": "Nieuw", "changes-TOTAL_FORMS": 0,
            "changes-INITIAL_FORMS": 0}
    response = client.post(url, {**base, "number": 2, "organisation": setup["housing"].pk})
    assert "Deze route heeft al een kader nummer 2." in response.content.decode()
    client.post(url, {**base, "number": 6, "organisation": municipality.pk})
    assert not Kader.objects.filter(number=6).exists()
    client.post(url, {**base, "number": 6, "organisation": setup["housing"].pk})
    assert Kader.objects.get(number=6).organisation == setup["housing"]


def test_a_member_reads_the_plan_and_its_checks_but_no_conversations(client, setup):
    plan = PlanVersionFactory(route=setup["route"])
    plan.checks.create(kader=setup["other_fixed"], meets=True, explanation="Past binnen budget",
                       checked_on="2023-04-20")
    client.force_login(setup["member"])
    page = client.get(reverse("admin:nieuweroute_planversion_change", args=[plan.pk]))
    assert "Past binnen budget" in page.content.decode()
    assert client.get(reverse("admin:nieuweroute_conversation_changelist")).status_code == 403
    assert client.get(reverse("admin:nieuweroute_invitation_changelist")).status_code == 403


def test_a_member_of_an_organisation_outside_the_route_sees_nothing(client, setup):
    outsider = steering_member(OrganisationFactory(name="Politie"))
    client.force_login(outsider)
    html = client.get(reverse("admin:nieuweroute_route_changelist")).content.decode()
    assert setup["route"].title not in html
    html = client.get(reverse("admin:nieuweroute_kader_changelist")).content.decode()
    assert "Binnen formatie en budget" not in html and "Nabijheid" not in html
