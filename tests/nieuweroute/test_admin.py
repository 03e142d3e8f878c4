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


def route_url(route):
    return reverse("admin:nieuweroute_route_change", args=[route.pk])


def fix_url(kader):
    return reverse("admin:nieuweroute_kader_fix", args=[kader.pk])


@pytest.fixture
def checked_plan(setup, facilitator):
    facilitator.first_name, facilitator.last_name = "Anke", "Siegers"
    facilitator.save()
    plan = PlanVersionFactory(route=setup["route"], summary="Vaste aanspreekpunten")
    plan.checks.create(kader=setup["other_fixed"], meets=True, explanation="Past binnen budget",
                       checked_on="2023-04-20", checked_by=facilitator)
    fixed_own = KaderFactory(route=setup["route"], number=5, organisation=setup["housing"],
                             text="Binnen de woningwet")
    plan.checks.create(kader=fixed_own, meets=False, explanation="Gaat over de woningwet heen",
                       checked_on="2023-04-21")
    return plan


def test_the_route_page_shows_its_kaders_as_the_member_may_see_them(client, setup):
    client.force_login(setup["member"])
    page = client.get(route_url(setup["route"])).content.decode()
    assert "Nabijheid" in page and "Binnen formatie en budget" in page
    assert "Geheim concept" not in page
    # Their own concept opens to be changed and fixed; another's fixed kader only to be read.
    assert f'href="{kader_url(setup["own_concept"])}">Kader 4 wijzigen of vaststellen' in page
    assert f'href="{kader_url(setup["other_fixed"])}">Kader 2 bekijken' in page
    assert 'name="kaders-0-text"' not in page  # read-only in the route's page
    add = f'{reverse("admin:nieuweroute_kader_add")}?route={setup["route"].pk}'
    assert f'href="{add}"' in page


def test_the_route_page_shows_the_plan_and_its_checks_in_words(client, setup, checked_plan):
    client.force_login(setup["member"])
    page = client.get(route_url(setup["route"])).content.decode()
    assert "Vaste aanspreekpunten" in page
    assert "<td>Voldoet</td>" in page and "<td>Voldoet niet</td>" in page
    assert "Past binnen budget" in page and "Gaat over de woningwet heen" in page
    assert "<td>Anke Siegers</td>" in page
    assert "True" not in page and "False" not in page
    plan_page = reverse("admin:nieuweroute_planversion_change", args=[checked_plan.pk])
    assert f'href="{plan_page}"' in page


def test_the_plan_page_shows_its_checks_in_words(client, setup, checked_plan):
    client.force_login(setup["member"])
    page = client.get(reverse("admin:nieuweroute_planversion_change",
                              args=[checked_plan.pk])).content.decode()
    assert "Kader 2: Voldoet" in page and "Kader 5: Voldoet niet" in page
    assert "Anke Siegers" in page and "Gaat over de woningwet heen" in page
    assert ": True" not in page and ": False" not in page


def test_a_route_page_without_a_plan_says_so(client, setup):
    client.force_login(setup["member"])
    page = client.get(route_url(setup["route"])).content.decode()
    assert "Er is nog geen plan besloten." in page


@pytest.mark.parametrize("n", [1, 6])
def test_the_route_page_needs_a_fixed_number_of_queries(client, setup, n, queries_for):
    plan = PlanVersionFactory(route=setup["route"])
    for i in range(n):
        kader = KaderFactory(route=setup["route"], number=10 + i, organisation=setup["housing"])
        plan.checks.create(kader=kader, meets=i % 2 == 0, explanation="Uitleg",
                           checked_on="2023-04-20", checked_by=setup["member"])
    KaderFactory(route=setup["route"], number=30, organisation=setup["housing"],
                 status=KaderStatus.CONCEPT, fixed_at=None)
    client.force_login(setup["member"])
    counts = {queries_for(client, route_url(setup["route"]))}
    for i in range(n):
        KaderFactory(route=setup["route"], number=40 + i, organisation=setup["housing"])
    counts.add(queries_for(client, route_url(setup["route"])))
    assert len(counts) == 1, counts


def test_view_on_site_only_for_those_whose_route_pages_open(client, setup, facilitator,
                                                             checked_plan):
    pages = [route_url(setup["route"]),
             reverse("admin:nieuweroute_planversion_change", args=[checked_plan.pk])]
    client.force_login(setup["member"])
    for url in pages:
        assert 'class="viewsitelink"' not in client.get(url).content.decode(), url
    client.force_login(facilitator)
    for url in pages:
        page = client.get(url).content.decode()
        assert 'class="viewsitelink"' in page, url
    assert client.get(setup["route"].get_absolute_url()).status_code == 200
    assert client.get(checked_plan.get_absolute_url()).status_code == 200


def test_a_member_fixes_their_concept_with_the_button_on_its_page(client, setup):
    client.force_login(setup["member"])
    kader = setup["own_concept"]
    page = client.get(kader_url(kader)).content.decode()
    assert f'href="{fix_url(kader)}"' in page
    confirmation = client.get(fix_url(kader))
    assert confirmation.status_code == 200
    assert "Ja, stel dit kader vast" in confirmation.content.decode()
    kader.refresh_from_db()
    assert kader.status == KaderStatus.CONCEPT  # asking is not fixing
    response = client.post(fix_url(kader), follow=True)
    assert response.redirect_chain[-1][0] == kader_url(kader)
    assert "Kader 4 is vastgesteld" in response.content.decode()
    kader.refresh_from_db()
    assert (kader.status, kader.fixed_by) == (KaderStatus.FIXED, setup["member"])
    assert list(kader.changes.values_list("kind", flat=True)) == ["fixed"]
    # Fixed now: its page shows no button, and a second post changes nothing.
    assert f'href="{fix_url(kader)}"' not in client.get(kader_url(kader)).content.decode()
    fixed_at = kader.fixed_at
    response = client.post(fix_url(kader), follow=True)
    assert "al vastgesteld" in response.content.decode()
    kader.refresh_from_db()
    assert kader.fixed_at == fixed_at and kader.changes.count() == 1


def test_no_button_fixes_a_kader_out_of_reach(client, setup):
    client.force_login(setup["member"])
    fixed = setup["other_fixed"]
    assert f'href="{fix_url(fixed)}"' not in client.get(kader_url(fixed)).content.decode()
    response = client.post(fix_url(fixed))
    assert response.status_code == 302 and response["Location"] == kader_url(fixed)
    # Another organisation's concept, and any kader for a member of another organisation:
    # the answer for a kader that does not exist, and nothing fixed.
    other = setup["other_concept"]
    for user, kader in [(setup["member"], other),
                        (steering_member(OrganisationFactory(name="Politie")),
                         setup["own_concept"])]:
        client.force_login(user)
        for method in (client.get, client.post):
            response = method(fix_url(kader))
            assert response.status_code == 302
            assert response["Location"] == reverse("admin:index")
        kader.refresh_from_db()
        assert kader.status == KaderStatus.CONCEPT


def test_the_facilitator_fixes_a_kader_of_their_route_with_the_button(client, setup,
                                                                      facilitator):
    client.force_login(facilitator)
    kader = setup["other_concept"]
    assert f'href="{fix_url(kader)}"' in client.get(kader_url(kader)).content.decode()
    client.post(fix_url(kader))
    kader.refresh_from_db()
    assert (kader.status, kader.fixed_by) == (KaderStatus.FIXED, facilitator)


def test_the_organisation_is_preselected_for_a_member_of_one(client, setup):
    client.force_login(setup["member"])
    form = client.get(reverse("admin:nieuweroute_kader_add"),
                      {"route": setup["route"].pk}).context["adminform"].form
    assert form["organisation"].value() == setup["housing"].pk
    assert form["route"].value() == str(setup["route"].pk)
    # A member of two organisations chooses.
    OrganisationFactory(name="Politie").members.add(setup["member"])
    form = client.get(reverse("admin:nieuweroute_kader_add")).context["adminform"].form
    assert form["organisation"].value() is None


def test_every_link_on_a_members_pages_opens_for_them(client, setup, checked_plan):
    import re

    checked_plan.items.create(what="Buurtbus", who_participant=setup["route"].core_group.first())
    checked_plan.items.create(what="Spreekuur", who_organisation=setup["housing"])
    client.force_login(setup["member"])
    pages = [route_url(setup["route"]), kader_url(setup["own_concept"]),
             kader_url(setup["other_fixed"]),
             reverse("admin:nieuweroute_planversion_change", args=[checked_plan.pk])]
    for page in pages:
        html = client.get(page).content.decode()
        content = html[html.index('id="content"'):]
        # The facilitator's account, an organisation, a resident: named, not linked.
        assert "Jan Bakker" in client.get(pages[-1]).content.decode()
        for link in set(re.findall(r'href="(/[^"#]*)"', content)):
            response = client.get(link)
            assert response.status_code == 200, (page, link, response.status_code)
    # Where a related page does open, it is still linked: the route from its kader.
    assert f'href="{route_url(setup["route"])}"' in client.get(
        kader_url(setup["other_fixed"])).content.decode()


@pytest.mark.parametrize("role", ["member", "facilitator"])
def test_the_plan_page_needs_a_fixed_number_of_queries(client, setup, facilitator, role,
                                                        queries_for):
    plan = PlanVersionFactory(route=setup["route"])
    url = reverse("admin:nieuweroute_planversion_change", args=[plan.pk])
    client.force_login(setup["member"] if role == "member" else facilitator)

    def add(start, n):
        for i in range(start, start + n):
            kader = KaderFactory(route=setup["route"], number=10 + i,
                                 organisation=OrganisationFactory(name=f"Partij {i}"))
            setup["route"].steering_organisations.add(kader.organisation)
            plan.checks.create(kader=kader, meets=True, explanation="Uitleg",
                               checked_on="2023-04-20", checked_by=facilitator)
            plan.items.create(what=f"Afspraak {i}", who_organisation=kader.organisation)
            person = ParticipantFactory()
            setup["route"].participants.add(person)
            plan.items.create(what=f"Taak {i}", who_participant=person)

    add(0, 1)
    few = queries_for(client, url)
    add(1, 5)
    assert queries_for(client, url) == few
