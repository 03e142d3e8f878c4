import datetime

import pytest
from django.urls import reverse

from tests.wei.factories import NeighbourhoodFactory, ProcessFactory
from wei.models import Phase, PhaseCriterion, PhaseTransition, ProcessStatus
from wei.services import process_advance_phase

pytestmark = pytest.mark.django_db


def test_a_transition_added_in_the_admin_follows_the_rules(admin_client, admin_user):
    process = ProcessFactory()
    url = reverse("admin:wei_phasetransition_add")
    skip = admin_client.post(
        url,
        {
            "process": process.pk,
            "kind": "advance",
            "to_phase": Phase.DEVELOPMENT,
            "occurred_on": "01-06-2025",
            "rationale": "Snel door.",
        },
    )
    assert skip.status_code == 200
    assert "Fasen kunnen niet worden overgeslagen" in skip.content.decode()
    assert not PhaseTransition.objects.exists()

    criterion = PhaseCriterion.objects.filter(phase=Phase.INFORMATION).first()
    ok = admin_client.post(
        url,
        {
            "process": process.pk,
            "kind": "advance",
            "occurred_on": "01-06-2025",
            "rationale": "Genoeg bewoners.",
            "criteria_met": [criterion.pk],
        },
    )
    # The other criteria of the phase are not met: named, and only with a confirmation.
    assert ok.status_code == 200 and not PhaseTransition.objects.exists()
    unmet = PhaseCriterion.objects.filter(phase=Phase.INFORMATION).exclude(pk=criterion.pk)
    assert all(c.text in ok.content.decode() for c in unmet)
    ok = admin_client.post(
        url,
        {
            "process": process.pk,
            "kind": "advance",
            "occurred_on": "01-06-2025",
            "rationale": "Genoeg bewoners.",
            "criteria_met": [criterion.pk],
            "confirm": "on",
        },
    )
    assert ok.status_code == 302
    transition = PhaseTransition.objects.get()
    assert transition.decided_by == admin_user
    assert list(transition.criteria_met.all()) == [criterion]
    process.refresh_from_db()
    assert process.phase == Phase.EMERGENCE


def test_stop_from_the_admin(admin_client):
    process = ProcessFactory()
    admin_client.post(
        reverse("admin:wei_phasetransition_add"),
        {
            "process": process.pk,
            "kind": "stop",
            "occurred_on": "01-06-2025",
            "rationale": "Geen intrinsiek gemotiveerde bewoners.",
            "confirm": "on",
        },
    )
    process.refresh_from_db()
    assert process.status == ProcessStatus.STOPPED


def test_transitions_are_history_and_cannot_be_edited(admin_client):
    process = ProcessFactory()
    admin_client.post(
        reverse("admin:wei_phasetransition_add"),
        {
            "process": process.pk,
            "kind": "advance",
            "occurred_on": "01-06-2025",
            "rationale": "Genoeg bewoners.",
            "confirm": "on",
        },
    )
    transition = PhaseTransition.objects.get()
    url = reverse("admin:wei_phasetransition_change", args=[transition.pk])
    admin_client.post(url, {"rationale": "Anders opgeschreven."})
    transition.refresh_from_db()
    assert transition.rationale == "Genoeg bewoners."


def test_a_second_active_process_in_the_admin_is_refused_in_dutch(admin_client):
    neighbourhood = NeighbourhoodFactory(name="Oosterboer")
    ProcessFactory(neighbourhood=neighbourhood)
    response = admin_client.post(
        reverse("admin:wei_process_add"),
        {
            "neighbourhood": neighbourhood.pk,
            "title": "Nog een",
            "started_on": "01-06-2025",
            "transitions-TOTAL_FORMS": 0,
            "transitions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "Oosterboer heeft al een actief proces" in response.content.decode()


def test_process_pages_cost_the_same_with_more_rows(admin_client, queries_for):
    day = datetime.date(2025, 6, 1)
    first = ProcessFactory()
    process_advance_phase(process=first, to_phase=2, occurred_on=day, rationale="x", confirmed=True)
    changelist = reverse("admin:wei_process_changelist")
    change = reverse("admin:wei_process_change", args=[first.pk])
    small = queries_for(admin_client, changelist), queries_for(admin_client, change)
    for to_phase in (1, 2, 3, 2, 3, 4):
        process_advance_phase(process=first, to_phase=to_phase, occurred_on=day, rationale="x",
                              confirmed=True)
    for _ in range(15):
        process = ProcessFactory()
        process_advance_phase(process=process, to_phase=2, occurred_on=day, rationale="x",
                              confirmed=True)
    large = queries_for(admin_client, changelist), queries_for(admin_client, change)
    assert large == small
