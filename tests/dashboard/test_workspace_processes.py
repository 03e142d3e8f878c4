"""The process pages: a new neighbourhood with its process in one step, the process page
with only its phase's checklist, and each transition through wei.services."""

import datetime

import pytest
from django.urls import reverse

from tests.dashboard.conftest import TODAY, tell_stories
from tests.wei.factories import ActivityFactory, ProcessFactory, ProcessManagerFactory
from wei.models import Neighbourhood, Phase, PhaseCriterion, Process, ProcessStatus, TransitionKind

pytestmark = pytest.mark.django_db
START = reverse("dashboard:neighbourhood_start")


def page_url(process):
    return reverse("dashboard:process", args=[process.pk])


def test_a_manager_starts_a_process_in_a_new_neighbourhood_in_one_step(client, manager):
    colleague = ProcessManagerFactory(first_name="Ilse", last_name="Mulder")
    ProcessFactory().managers.add(manager, colleague)  # a colleague: they work together
    client.force_login(manager)
    assert "Ilse Mulder" in client.get(START).content.decode()

    response = client.post(START, {
        "name": "Oosterboer", "municipality": "Meppel", "description": "",
        "title": "Wijkontwikkeling Oosterboer", "started_on": "2026-11-02",
        "managers": [colleague.pk]})
    process = Process.objects.get(title="Wijkontwikkeling Oosterboer")
    assert response.status_code == 302 and response["Location"] == page_url(process)
    assert set(process.managers.all()) == {manager, colleague}
    assert (process.phase, process.status) == (Phase.INFORMATION, ProcessStatus.ACTIVE)
    assert process.neighbourhood.slug == "oosterboer"

    # The new neighbourhood is in every picker at once: the overview's and the activity's.
    overview = client.get(reverse("dashboard:overview")).content.decode()
    assert "Oosterboer (Meppel)" in overview
    form = client.get(reverse("dashboard:activity_create")).content.decode()
    assert '<optgroup label="Oosterboer">' in form
    assert "Wijkontwikkeling Oosterboer (Informatiefase)" in form


def test_a_refused_start_says_why_in_dutch_and_keeps_what_was_typed(client, manager):
    existing = ProcessFactory(neighbourhood__name="Haveltermade")
    existing.managers.add(manager)
    client.force_login(manager)
    response = client.post(START, {
        "name": " Haveltermade ", "municipality": "Meppel", "title": "Tweede traject",
        "started_on": "2026-11-02"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Meppel heeft al een wijk die Haveltermade heet." in html
    assert 'value="Tweede traject"' in html
    future = client.post(START, {"name": "Nieuwveense Landen", "municipality": "Meppel",
                                 "title": "Traject", "started_on": "2027-01-01"})
    assert "ligt in de toekomst" in future.content.decode()
    assert not Neighbourhood.objects.filter(name="Nieuwveense Landen").exists()


def test_the_page_offers_only_the_criteria_of_the_current_phase(client, manager):
    process = ProcessFactory(phase=Phase.EMERGENCE)
    process.managers.add(manager)
    client.force_login(manager)
    html = client.get(page_url(process)).content.decode()
    for criterion in PhaseCriterion.objects.all():
        assert (criterion.text in html) == (criterion.phase == Phase.EMERGENCE), criterion.text
    # From the emergence phase: on, or a step back; no stop (information phase only).
    assert reverse("dashboard:process_advance", args=[process.pk]) in html
    assert reverse("dashboard:process_step_back", args=[process.pk]) in html
    assert reverse("dashboard:process_stop", args=[process.pk]) not in html


def test_advancing_records_the_ticked_criteria_and_the_rationale(client, manager):
    process = ProcessFactory()
    process.managers.add(manager)
    client.force_login(manager)
    criteria = list(PhaseCriterion.objects.filter(phase=Phase.INFORMATION))
    response = client.post(reverse("dashboard:process_advance", args=[process.pk]), {
        "advance-criteria": [c.pk for c in criteria[:2]], "advance-occurred_on": "2026-11-20",
        "advance-rationale": "Twaalf bewoners willen een buurttuin."})
    assert response.status_code == 302
    transition = process.transitions.get()
    assert (transition.kind, transition.to_phase, transition.decided_by) == (
        TransitionKind.ADVANCE, Phase.EMERGENCE, manager)
    assert set(transition.criteria_met.all()) == set(criteria[:2])
    page = client.get(page_url(process)).content.decode()
    assert "Twaalf bewoners willen een buurttuin." in page
    assert criteria[0].text in page  # in the history, as met


def test_a_refused_step_keeps_the_ticks_and_says_why(client, manager):
    process = ProcessFactory()
    process.managers.add(manager)
    client.force_login(manager)
    criterion = PhaseCriterion.objects.filter(phase=Phase.INFORMATION).first()
    response = client.post(reverse("dashboard:process_advance", args=[process.pk]), {
        "advance-criteria": [criterion.pk], "advance-occurred_on": "2024-01-01",
        "advance-rationale": "Te vroeg"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "De datum ligt voor de start van het proces" in html
    ticked = response.context["forms"]["advance"]["criteria"].value()
    assert [str(pk) for pk in ticked] == [str(criterion.pk)]
    assert "checked" in html.split(f'value="{criterion.pk}"')[1].split(">")[0]
    assert "Te vroeg" in html
    process.refresh_from_db()
    assert process.phase == Phase.INFORMATION


def test_stop_and_reopen(client, manager):
    process = ProcessFactory()
    process.managers.add(manager)
    client.force_login(manager)
    client.post(reverse("dashboard:process_stop", args=[process.pk]), {
        "stop-occurred_on": "2026-11-01", "stop-rationale": "Niemand meldde zich."})
    process.refresh_from_db()
    assert process.status == ProcessStatus.STOPPED
    html = client.get(page_url(process)).content.decode()
    assert reverse("dashboard:process_reopen", args=[process.pk]) in html
    assert reverse("dashboard:process_advance", args=[process.pk]) not in html
    # A stopped process is not offered for new activities.
    assert process.title not in client.get(reverse("dashboard:activity_create")).content.decode()
    client.post(reverse("dashboard:process_reopen", args=[process.pk]), {
        "reopen-occurred_on": "2026-11-15", "reopen-rationale": "Toch animo."})
    process.refresh_from_db()
    assert process.status == ProcessStatus.ACTIVE


def test_a_step_the_process_cannot_take_changes_nothing(client, manager):
    process = ProcessFactory()
    process.managers.add(manager)
    client.force_login(manager)
    response = client.post(reverse("dashboard:process_complete", args=[process.pk]), {
        "complete-occurred_on": "2026-11-01", "complete-rationale": "Klaar"}, follow=True)
    # Refused with the step's own reason, as the domain gives it.
    assert "autonome fase" in response.content.decode()
    assert not process.transitions.exists()


def test_the_process_page_costs_the_same_queries_at_any_size(client, manager, queries_for,
                                                            django_assert_max_num_queries):
    process = ProcessFactory(phase=Phase.DEVELOPMENT)
    process.managers.add(manager)
    client.force_login(manager)
    url = page_url(process)
    tell_stories(process, people=3, seed=1)
    ActivityFactory(process=process)
    small = queries_for(client, url)
    tell_stories(process, people=40, seed=2)
    for day in range(30):
        ActivityFactory(process=process, date=TODAY - datetime.timedelta(days=day))
    assert queries_for(client, url) == small
    # session, user, roles, permissions (2), the process, may it change, phase text,
    # transitions, their criteria, activities (and count), initiatives (and count),
    # people per phase and role, latest flow events, routes, criteria of the form,
    # running processes of the activity form, colleagues' rights
    with django_assert_max_num_queries(22):
        client.get(url)


def test_the_process_page_says_which_activities_residents_see(client, manager):
    process = ProcessFactory()
    process.managers.add(manager)
    ActivityFactory(process=process, title="Open avond", is_public=True, location="Buurthuis")
    ActivityFactory(process=process, title="Stuurgroep", kind="other")
    client.force_login(manager)
    html = client.get(reverse("dashboard:process", args=[process.pk])).content.decode()
    assert 'Open avond</a><br><span class="small">Informatiebijeenkomst · openbaar</span>' in html
    assert 'Stuurgroep</a><br><span class="small">Anders</span>' in html
