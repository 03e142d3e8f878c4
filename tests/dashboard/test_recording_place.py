"""Recording in the right place: a form that picks a process offers the one that fits
first, lists the others under their neighbourhood with their phase, and asks before an
inflow lands in another neighbourhood than the person's own."""

import re

import pytest
from django.urls import reverse

from participants import services as flow
from participants.models import FlowEvent, FlowKind
from tests.dashboard.conftest import TODAY
from tests.nieuweroute.factories import RouteFactory
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ProcessFactory
from wei.models import Phase, ProcessStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(manager):
    """Oosterboer (home, emergence phase), Berggierslanden and Haveltermade, all the
    manager's; a resident of Oosterboer not taking part anywhere yet."""
    home = ProcessFactory(neighbourhood__name="Oosterboer", phase=Phase.EMERGENCE)
    berg = ProcessFactory(neighbourhood__name="Berggierslanden", phase=Phase.DEVELOPMENT)
    havel = ProcessFactory(neighbourhood__name="Haveltermade")
    for process in (home, berg, havel):
        process.managers.add(manager)
    anja = ParticipantFactory(name="Anja de Boer", neighbourhood=home.neighbourhood)
    return anja, home, berg, havel


def page(client, person):
    return client.get(reverse("dashboard:person", args=[person.pk]))


def inflow_select(html):
    return re.search(r'<select name="instroom-process".*?</select>', html, re.S).group(0)


def post_inflow(client, person, process, **extra):
    return client.post(reverse("dashboard:person_inflow", args=[person.pk]), {
        "instroom-process": process.pk, "instroom-occurred_on": TODAY.isoformat(),
        "instroom-channel": "referral", "instroom-role": "participant", **extra})


def inflows(person):
    return list(FlowEvent.objects.filter(participant=person, kind=FlowKind.INFLOW)
                .values_list("process", flat=True))


def test_the_inflow_form_offers_the_home_process_first_and_groups_the_others(
        client, manager, places):
    anja, home, berg, havel = places
    client.force_login(manager)
    client.cookies["django_language"] = "en"
    select = inflow_select(page(client, anja).content.decode())
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups == ["Oosterboer", "Berggierslanden", "Haveltermade"]
    selected = re.findall(r'<option value="(\d+)"[^>]*selected', select)
    assert selected == [str(home.pk)]
    # The phase of each process in its label.
    assert f"{home.title} (Emergence phase)" in select
    assert f"{berg.title} (Development phase)" in select
    # Only the box appears when it is needed: hidden on the page as first shown.
    html = page(client, anja).content.decode()
    assert 'type="checkbox" name="instroom-confirm_place"' not in html


def test_an_inflow_elsewhere_is_recorded_only_once_confirmed(client, manager, places):
    anja, _home, berg, _havel = places
    client.force_login(manager)
    first = post_inflow(client, anja, berg)
    assert first.status_code == 400 and inflows(anja) == []
    form = first.context["forms"]["inflow"]
    assert [error.code for error in form.errors.as_data()["confirm_place"]] == [
        "other_neighbourhood"]
    html = first.content.decode()
    assert 'type="checkbox" name="instroom-confirm_place"' in html
    # What was typed stays: the chosen process.
    assert re.findall(r'<option value="(\d+)"[^>]*selected', inflow_select(html)) == [
        str(berg.pk)]
    client.cookies["django_language"] = "en"
    message = str(post_inflow(client, anja, berg).context["forms"]["inflow"]
                  .errors["confirm_place"][0])
    assert message == ("This process lies in Berggierslanden, not in the neighbourhood of "
                       "Anja de Boer (Oosterboer). Confirm that this is what you mean.")

    second = post_inflow(client, anja, berg, **{"instroom-confirm_place": "on"})
    assert second.status_code == 302 and inflows(anja) == [berg.pk]


def test_an_inflow_at_home_needs_no_confirmation(client, manager, places):
    anja, home, _berg, _havel = places
    client.force_login(manager)
    assert post_inflow(client, anja, home).status_code == 302
    assert inflows(anja) == [home.pk]


def test_a_person_without_a_neighbourhood_is_not_asked(client, manager, places):
    _anja, _home, berg, havel = places
    drifter = ParticipantFactory(neighbourhood=None)  # in sight through their stay
    flow.participant_flow_in(participant=drifter, process=havel, occurred_on=TODAY,
                             channel="other")
    client.force_login(manager)
    select = inflow_select(page(client, drifter).content.decode())
    assert re.findall(r'<option value="(\d+)"[^>]*selected', select) == []  # none fits
    assert post_inflow(client, drifter, berg).status_code == 302
    assert sorted(inflows(drifter)) == sorted([havel.pk, berg.pk])


def test_the_person_page_costs_the_same_however_many_processes_it_offers(
        client, manager, places, queries_for):
    anja, *_ = places
    client.force_login(manager)
    few = queries_for(client, reverse("dashboard:person", args=[anja.pk]))
    for index in range(8):
        ProcessFactory(neighbourhood__name=f"Extra {index}").managers.add(manager)
    assert queries_for(client, reverse("dashboard:person", args=[anja.pk])) == few


def test_the_activity_form_groups_its_processes(client, manager, places):
    _anja, home, berg, _havel = places
    client.force_login(manager)
    html = client.get(reverse("dashboard:activity_create") + f"?proces={berg.pk}").content.decode()
    select = re.search(r'<select name="activiteit-process".*?</select>', html, re.S).group(0)
    assert re.findall(r'<optgroup label="([^"]+)">', select) == [
        "Berggierslanden", "Haveltermade", "Oosterboer"]
    assert re.findall(r'<option value="(\d+)"[^>]*selected', select) == [str(berg.pk)]


def test_the_route_form_groups_its_processes_with_the_routes_own_first(
        client, manager, places):
    _anja, home, berg, havel = places
    havel.status = ProcessStatus.STOPPED
    havel.save(update_fields=["status"])
    route = RouteFactory(neighbourhood=havel.neighbourhood, process=havel, facilitator=manager)
    client.force_login(manager)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("nieuweroute:route_edit", args=[route.pk])).content.decode()
    select = re.search(r'<select name="process".*?</select>', html, re.S).group(0)
    assert re.findall(r'<optgroup label="([^"]+)">', select) == [
        "Haveltermade", "Berggierslanden", "Oosterboer"]
    assert re.findall(r'<option value="(\d+)"[^>]*selected', select) == [str(havel.pk)]
    assert f"{havel.title} (stopped)" in select and f"{home.title} (Emergence phase)" in select
