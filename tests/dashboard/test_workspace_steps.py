"""The process, activity and person pages offer what the domain's steps answer: an open
step as a working control carrying `data-step`, a closed one the manager would look for
disabled with its reason in Dutch, and nothing else."""

import re

import pytest
from django.urls import reverse

from participants import services as flow
from participants.models import FlowEvent, FlowKind, InflowChannel
from tests.dashboard.conftest import TODAY
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ActivityFactory, NeighbourhoodFactory, ProcessFactory
from wei.models import Phase, Process, ProcessStatus

pytestmark = pytest.mark.django_db


def controls(html) -> set[str]:
    return set(re.findall(r'data-step="([^"]+)"', html))


def closed(html) -> set[str]:
    return set(re.findall(r'data-step-closed="([^"]+)"', html))


def assert_page_matches_its_steps(response):
    """Every control is an open step of the page, every open step has its control."""
    html = response.content.decode()
    open_keys = {step.key for step in response.context["page_steps"] if step.is_open}
    assert controls(html) == open_keys
    shown_closed = {step.key for step in response.context["page_steps"]
                    if not step.is_open and step.shown}
    assert closed(html) == shown_closed
    return html


def test_a_running_process_offers_its_steps_and_shows_a_stop_it_cannot_take(client, manager):
    process = ProcessFactory(phase=Phase.DEVELOPMENT)
    process.managers.add(manager)
    client.force_login(manager)
    html = assert_page_matches_its_steps(client.get(reverse("dashboard:process",
                                                             args=[process.pk])))
    assert controls(html) == {"advance", "step_back", "add_initiative"}
    assert "Alleen een proces in de informatiefase kan stoppen" in html
    response = client.post(reverse("dashboard:process_advance", args=[process.pk]), {
        "advance-occurred_on": TODAY.isoformat(), "advance-rationale": "Klaar ervoor.",
        "advance-confirm": "on", "advance-expected_phase": process.phase,
        "advance-expected_status": process.status})
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.phase == Phase.DEVELOPMENT + 1


def test_a_stopped_process_shows_no_criteria_and_says_why_it_cannot_reopen(client, manager):
    neighbourhood = NeighbourhoodFactory(name="Haveltermade")
    process = ProcessFactory(neighbourhood=neighbourhood, status=ProcessStatus.STOPPED,
                             phase=Phase.INFORMATION)
    ProcessFactory(neighbourhood=neighbourhood)
    process.managers.add(manager)
    client.force_login(manager)
    html = assert_page_matches_its_steps(client.get(reverse("dashboard:process",
                                                             args=[process.pk])))
    assert "Criteria om door te gaan" not in html
    assert controls(html) == set() and closed(html) == {"reopen"}
    assert "Haveltermade heeft al een actief proces" in html
    response = client.post(reverse("dashboard:process_reopen", args=[process.pk]), {
        "reopen-occurred_on": TODAY.isoformat(), "reopen-rationale": "Toch animo.",
        "reopen-expected_phase": process.phase, "reopen-expected_status": process.status},
        follow=True)
    assert "Haveltermade heeft al een actief proces" in response.content.decode()
    process.refresh_from_db()
    assert process.status == ProcessStatus.STOPPED


def test_a_completed_process_offers_no_step(client, manager):
    process = ProcessFactory(status=ProcessStatus.COMPLETED, phase=Phase.AUTONOMY)
    process.managers.add(manager)
    client.force_login(manager)
    html = assert_page_matches_its_steps(client.get(reverse("dashboard:process",
                                                             args=[process.pk])))
    assert controls(html) == closed(html) == set()
    assert "Criteria om door te gaan" not in html and "Andere stappen" not in html


def test_an_activity_without_a_place_is_not_offered_to_residents(client, manager):
    activity = ActivityFactory(location="", date=TODAY)
    activity.process.managers.add(manager)
    client.force_login(manager)
    url = reverse("dashboard:activity", args=[activity.pk])
    html = assert_page_matches_its_steps(client.get(url))
    assert closed(html) == {"publish"} and "record_attendance" in controls(html)
    assert "Een openbare activiteit heeft een plaats nodig" in html
    assert 'disabled aria-describedby="step-publish-reason"' in html


def test_an_activity_with_a_place_is_shown_to_residents_by_its_button(client, manager):
    activity = ActivityFactory(location="Buurthuis", date=TODAY.replace(year=TODAY.year + 1))
    activity.process.managers.add(manager)
    client.force_login(manager)
    url = reverse("dashboard:activity", args=[activity.pk])
    html = assert_page_matches_its_steps(client.get(url))
    assert controls(html) == {"edit", "publish"} and closed(html) == {"record_attendance"}
    assert "wie er kwamen legt u vanaf die dag" in html
    client.post(reverse("dashboard:activity_publish", args=[activity.pk]),
                {"is_public": "true"})
    activity.refresh_from_db()
    assert activity.is_public
    html = assert_page_matches_its_steps(client.get(url))
    assert controls(html) == {"edit", "hide"}


def test_the_person_page_offers_only_open_steps_per_process(client, manager):
    running = ProcessFactory(neighbourhood__name="Oosterboer")
    stopped = ProcessFactory(neighbourhood__name="Haveltermade")
    running.managers.add(manager)
    stopped.managers.add(manager)
    person = ParticipantFactory(neighbourhood=stopped.neighbourhood)
    inflow = flow.participant_flow_in(participant=person, process=stopped, occurred_on=TODAY,
                                      channel=InflowChannel.OTHER)
    Process.objects.filter(pk=stopped.pk).update(status=ProcessStatus.STOPPED)
    client.force_login(manager)
    url = reverse("dashboard:person", args=[person.pk])
    html = assert_page_matches_its_steps(client.get(url))
    # What was recorded can be corrected, in a stopped process too.
    assert controls(html) == {f"process-{running.pk}:inflow", f"process-{stopped.pk}:outflow",
                              f"event-{inflow.pk}:correct"}
    assert closed(html) == {f"process-{stopped.pk}:throughflow"}
    assert "is niet actief; alleen een uitstroom kan worden vastgelegd" in html
    response = client.post(reverse("dashboard:person_inflow", args=[person.pk]), {
        "instroom-process": running.pk, "instroom-occurred_on": TODAY.isoformat(),
        "instroom-channel": InflowChannel.OTHER, "instroom-role": "participant",
        # Another neighbourhood than the person's own: confirmed.
        "instroom-confirm_place": "on"})
    assert response.status_code == 302
    assert FlowEvent.objects.filter(participant=person, process=running,
                                    kind=FlowKind.INFLOW).exists()
    html = assert_page_matches_its_steps(client.get(url))
    assert f"process-{running.pk}:throughflow" in controls(html)
    assert f"process-{running.pk}:inflow" not in controls(html)
