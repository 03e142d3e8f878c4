"""The rules behind the pages, asked directly, and what the admin base does with them."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from nieuweroute.models import Conversation, Kader, Route
from participants import services as people_services
from participants.models import InflowChannel, Participant
from tests.roles.conftest import user_of
from wei import access
from wei.models import Process
from wei.roles import STEERING_MEMBER

pytestmark = pytest.mark.django_db


def texts(queryset):
    return sorted(kader.text for kader in queryset)


def test_a_steering_member_reads_fixed_kaders_and_changes_only_their_own_concepts(world):
    member = world.users["steering_x"]
    assert texts(access.visible(member, Kader.objects.all())) == [
        "Eigen concept Alfahoek", "Vast kader Alfahoek"]
    assert texts(access.changeable(member, Kader.objects.all())) == ["Eigen concept Alfahoek"]
    route = world.sides["A"]["route"]
    assert access.may_view(member, route) and not access.may_change(member, route)
    assert not access.visible(member, Conversation.objects.all()).exists()


def test_the_steering_rule_needs_the_role_not_only_the_organisation(world):
    member = world.users["steering_x"]
    member.groups.remove(Group.objects.get(name=STEERING_MEMBER))
    assert not access.visible(member, Route.objects.all()).exists()
    assert not access.visible(member, Kader.objects.all()).exists()


def test_a_facilitator_sees_the_people_of_their_route_and_no_one_else(world):
    facilitator = world.users["facilitator_a"]
    assert [p.name for p in access.visible(facilitator, Participant.objects.all())] == [
        "Routegenoot Alfahoek"]
    assert not access.visible(facilitator, Process.objects.all()).exists()


def test_the_people_of_a_route_add_to_what_a_process_manager_sees_without_doubles(world):
    manager = world.users["manager_a"]
    resident = world.sides["A"]["resident"]
    # The route's person also flows into the process: seen through both rules, listed once.
    people_services.participant_flow_in(
        participant=world.sides["A"]["person"], process=world.sides["A"]["process"],
        occurred_on=datetime.date(2025, 3, 1), channel=InflowChannel.REFERRAL)
    assert sorted(p.name for p in access.visible(manager, Participant.objects.all())) == [
        "Aanmelder Alfahoek", "Bewoner Alfahoek", "Routegenoot Alfahoek"]
    assert access.may_view(manager, resident)


def test_staff_accounts_are_visible_as_colleagues_only(world):
    from django.contrib.auth.models import User

    names = sorted(u.username for u in access.visible(world.users["manager_a"],
                                                      User.objects.all()))
    # Themselves, and the facilitator of a route in their neighbourhood.
    assert names == ["begeleider-alfahoek", "procesmanager-alfahoek"]
    assert [u.username for u in access.visible(world.users["steering_x"],
                                               User.objects.all())] == ["stuurgroep-woonconcept"]


def test_a_superuser_is_answered_without_a_query(world, django_assert_num_queries):
    route = world.sides["B"]["route"]
    with django_assert_num_queries(0):
        assert access.may_view(world.users["superuser"], route)
        assert access.may_change(world.users["superuser"], route)
    assert not access.may_view(user_of(world, "anonymous"), route)


def _change_form(user, obj):
    request = RequestFactory().get("/")
    request.user = user
    model_admin = admin.site._registry[type(obj)]
    return model_admin.get_form(request, obj, change=True)(instance=obj)


def test_saving_a_row_keeps_its_current_choices_even_out_of_sight(world):
    """A person of B who came into A's process: A's manager may edit them, and saving the
    form must not empty their neighbourhood, which A's manager cannot choose themselves."""
    newcomer = world.sides["B"]["resident"]
    people_services.participant_flow_in(
        participant=newcomer, process=world.sides["A"]["process"],
        occurred_on=datetime.date(2025, 3, 1), channel=InflowChannel.REFERRAL)
    form = _change_form(world.users["manager_a"], newcomer)
    choices = form.fields["neighbourhood"].queryset
    assert set(choices) == {world.sides["A"]["neighbourhood"], world.sides["B"]["neighbourhood"]}
    # The autocomplete only searches what the manager sees; the current value is rendered.
    assert "Bravoveld" in str(form["neighbourhood"])


def test_only_a_superuser_sets_who_acts_for_an_organisation(world, client_for):
    organisation = world.users["steering_x"].organisations.get()
    url = reverse("admin:participants_organisation_change", args=[organisation.pk])
    assert 'name="members"' not in client_for("manager_a").get(url).content.decode()
    assert 'name="members"' in client_for("superuser").get(url).content.decode()


@pytest.mark.parametrize(("role", "name", "row"), [
    ("manager_a", "participants_participant", "resident"),
    ("steering_x", "nieuweroute_kader", "own_kader"),
])
def test_scoped_admin_pages_cost_the_same_with_more_rows(role, name, row, world, client_for,
                                                         queries_for):
    client = client_for(role)
    urls = [reverse(f"admin:{name}_changelist"),
            reverse(f"admin:{name}_change", args=[world.sides["A"][row].pk])]
    before = [queries_for(client, url) for url in urls]
    _grow(world, "A")
    assert [queries_for(client, url) for url in urls] == before


def _grow(world, side):
    rows = world.sides[side]
    for n in range(4):
        person = people_services.participant_create(
            name=f"Nieuwkomer {n}", neighbourhood=rows["neighbourhood"])
        people_services.participant_flow_in(
            participant=person, process=rows["process"],
            occurred_on=datetime.date(2025, 3, 1), channel=InflowChannel.REFERRAL)
        Kader.objects.create(route=rows["route"], number=10 + n,
                             organisation=rows["own_kader"].organisation, text=f"Kader {n}")
