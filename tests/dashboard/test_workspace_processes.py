"""The process pages: a new neighbourhood with its process in one step, the process page
with only its phase's checklist, and each transition through wei.services."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from participants.models import PresenceTally
from tests.dashboard.conftest import TODAY, tell_stories
from tests.wei.factories import ActivityFactory, ProcessFactory, ProcessManagerFactory
from wei.models import Neighbourhood, Phase, PhaseCriterion, Process, ProcessStatus, TransitionKind

pytestmark = pytest.mark.django_db
START = reverse("dashboard:neighbourhood_start")


def page_url(process):
    return reverse("dashboard:process", args=[process.pk])


def shown(process, step):
    """The state a step's form carries from the page it was shown on."""
    return {f"{step}-expected_phase": process.phase, f"{step}-expected_status": process.status}


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
        "advance-rationale": "Twaalf bewoners willen een buurttuin.", "advance-confirm": "on",
        **shown(process, "advance")})
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
        "advance-rationale": "Te vroeg", **shown(process, "advance")})
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
        "stop-occurred_on": "2026-11-01", "stop-rationale": "Niemand meldde zich.",
        "stop-confirm": "on", **shown(process, "stop")})
    process.refresh_from_db()
    assert process.status == ProcessStatus.STOPPED
    html = client.get(page_url(process)).content.decode()
    assert reverse("dashboard:process_reopen", args=[process.pk]) in html
    assert reverse("dashboard:process_advance", args=[process.pk]) not in html
    # A stopped process is not offered for new activities.
    assert process.title not in client.get(reverse("dashboard:activity_create")).content.decode()
    client.post(reverse("dashboard:process_reopen", args=[process.pk]), {
        "reopen-occurred_on": "2026-11-15", "reopen-rationale": "Toch animo.",
        **shown(process, "reopen")})
    process.refresh_from_db()
    assert process.status == ProcessStatus.ACTIVE


def test_a_step_the_process_cannot_take_changes_nothing(client, manager):
    process = ProcessFactory()
    process.managers.add(manager)
    client.force_login(manager)
    response = client.post(reverse("dashboard:process_complete", args=[process.pk]), {
        "complete-occurred_on": "2026-11-01", "complete-rationale": "Klaar",
        **shown(process, "complete")}, follow=True)
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


def english(client, manager):
    """Texts compared in English: the Dutch catalogue is checked on its own."""
    client.force_login(manager)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def advance(client, process, **extra):
    return client.post(reverse("dashboard:process_advance", args=[process.pk]), {
        "advance-occurred_on": "2026-11-20", "advance-rationale": "Genoeg animo.",
        **shown(process, "advance"), **extra})


def test_moving_on_with_a_criterion_unmet_names_it_and_needs_the_confirmation(client, manager):
    process = ProcessFactory()
    process.managers.add(manager)
    english(client, manager)
    criteria = list(PhaseCriterion.objects.filter(phase=Phase.INFORMATION))
    page = client.get(page_url(process)).content.decode()
    assert 'name="advance-confirm"' in page and "What this does" in page

    refused = advance(client, process, **{"advance-criteria": [criteria[0].pk]})
    html = refused.content.decode()
    assert refused.status_code == 400
    for criterion in criteria[1:]:  # the unmet ones are named, beside the box
        assert criterion.text in refused.context["forms"]["advance"].errors["confirm"][0]
    assert "Genoeg animo." in html  # what was typed stays
    process.refresh_from_db()
    assert process.phase == Phase.INFORMATION and not process.transitions.exists()

    assert advance(client, process, **{"advance-criteria": [criteria[0].pk],
                                       "advance-confirm": "on"}).status_code == 302
    process.refresh_from_db()
    assert process.phase == Phase.EMERGENCE
    # With every criterion ticked, nothing needs confirming.
    assert advance(client, process, **{"advance-criteria": [
        c.pk for c in PhaseCriterion.objects.filter(phase=Phase.EMERGENCE)]}).status_code == 302


def test_a_second_submit_of_a_step_already_taken_says_what_happened_and_changes_nothing(
        client, manager):
    process = ProcessFactory()
    process.managers.add(manager)
    english(client, manager)
    form = {"advance-occurred_on": "2026-11-20", "advance-rationale": "Genoeg animo.",
            "advance-confirm": "on", **shown(process, "advance")}
    url = reverse("dashboard:process_advance", args=[process.pk])
    assert client.post(url, form).status_code == 302
    second = client.post(url, form, follow=True)
    assert second.redirect_chain[-1][0] == page_url(process)
    assert "The process is already in the emergence phase." in second.content.decode()
    assert process.transitions.count() == 1
    process.refresh_from_db()
    assert process.phase == Phase.EMERGENCE

    back = {"step_back-occurred_on": "2026-11-21", "step_back-rationale": "Te vroeg.",
            **shown(process, "step_back")}
    stop = {"stop-occurred_on": "2026-11-22", "stop-rationale": "Niemand meer.",
            "stop-confirm": "on", **shown(Process(phase=Phase.INFORMATION), "stop")}
    client.post(reverse("dashboard:process_step_back", args=[process.pk]), back)
    assert client.post(reverse("dashboard:process_stop", args=[process.pk]),
                       stop).status_code == 302
    again = client.post(reverse("dashboard:process_stop", args=[process.pk]), stop,
                        follow=True)
    assert "The process has already stopped." in again.content.decode()
    assert process.transitions.filter(kind=TransitionKind.STOP).count() == 1


def test_a_stop_lists_what_it_ends_and_is_refused_without_the_confirmation(client, manager):
    process = ProcessFactory()
    process.managers.add(manager)
    tell_stories(process, people=5, seed=3)
    ActivityFactory(process=process, title="Buurtfeest", is_public=True, location="Plein",
                    date=TODAY + datetime.timedelta(days=10))
    ActivityFactory(process=process, title="Eerdere avond", is_public=True, location="Plein")
    english(client, manager)
    people = sum(PresenceTally.objects.filter(process=process).values_list("people", flat=True))
    form = client.get(page_url(process)).context["forms"]["stop"]
    said = [consequence.text for consequence in form.consequences]
    assert f"{people} people take part in the process now" in said[0]
    assert form.consequences[1].items == ["2 December 2026 – Buurtfeest"]

    response = client.post(reverse("dashboard:process_stop", args=[process.pk]), {
        "stop-occurred_on": "2026-11-01", "stop-rationale": "Niemand meldde zich.",
        **shown(process, "stop")})
    assert response.status_code == 400
    assert "Buurtfeest" in response.content.decode()  # the consequences, shown again
    assert "Niemand meldde zich." in response.content.decode()
    process.refresh_from_db()
    assert process.status == ProcessStatus.ACTIVE and not process.transitions.exists()


@pytest.mark.parametrize("status", [ProcessStatus.STOPPED, ProcessStatus.COMPLETED])
def test_an_ended_process_page_says_so_and_offers_nothing_to_move_on(client, manager, status):
    process = ProcessFactory(phase=Phase.INFORMATION if status == ProcessStatus.STOPPED
                             else Phase.AUTONOMY)
    process.managers.add(manager)
    tell_stories(process, people=3, seed=4)
    Process.objects.filter(pk=process.pk).update(status=status, status_reason="Geen animo.")
    english(client, manager)
    response = client.get(page_url(process))
    html = response.content.decode()
    assert 'id="process-ended"' in html and "it no longer runs" in html
    assert "Criteria for moving on" not in html and "Now: the" not in html
    assert 'name="advance-criteria"' not in html
    assert "take part now" not in html and "takes part now" not in html
    assert "still recorded as taking part" in html


def test_the_process_page_with_a_stop_to_confirm_costs_the_same_queries_at_any_size(
        client, manager, queries_for):
    process = ProcessFactory()
    process.managers.add(manager)
    client.force_login(manager)
    url = page_url(process)
    tell_stories(process, people=2, seed=5)
    ActivityFactory(process=process, is_public=True, location="Plein",
                    date=TODAY + datetime.timedelta(days=3))
    small = queries_for(client, url)
    tell_stories(process, people=30, seed=6)
    for day in range(10):
        ActivityFactory(process=process, is_public=True, location="Plein",
                        date=TODAY + datetime.timedelta(days=day))
    assert queries_for(client, url) == small


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises all writes; the race needs PostgreSQL")
def test_two_submits_of_the_same_advance_at_once_move_the_process_once(migration_data, manager):
    process = ProcessFactory()
    process.managers.add(manager)
    form = {"advance-occurred_on": "2026-11-20", "advance-rationale": "Genoeg animo.",
            "advance-confirm": "on", **shown(process, "advance")}
    url = reverse("dashboard:process_advance", args=[process.pk])
    barrier = threading.Barrier(2)
    statuses = []

    def submit():
        client = Client()
        client.force_login(manager)
        barrier.wait()
        statuses.append(client.post(url, form).status_code)
        connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]  # the second back on the page, saying what happened
    assert process.transitions.count() == 1
    process.refresh_from_db()
    assert process.phase == Phase.EMERGENCE
