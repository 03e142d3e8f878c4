"""An initiative grows a phase on its staff page, with why; the account of a period counts
the initiatives that grew in it."""

import datetime

import pytest
from django.urls import reverse

from initiatives.models import InitiativePhase, InitiativePhaseChange
from tests.dashboard.conftest import TODAY
from tests.dashboard.workspace import managed_process
from tests.initiatives.factories import InitiativeFactory
from tests.wei.factories import ProcessManagerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(manager):
    return InitiativeFactory(process=managed_process(manager), title="Repair café",
                             phase=InitiativePhase.IDEA)


def change(client, initiative, **data):
    url = reverse("dashboard:initiative_phase", args=[initiative.pk])
    return client.post(url, {"occurred_on": TODAY.isoformat(), **data})


def test_a_phase_change_is_recorded_with_why_and_shown(client, manager, initiative):
    client.force_login(manager)
    response = change(client, initiative, to_phase=InitiativePhase.EMERGENCE,
                      rationale="Vijf buren komen elke week.")
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.phase == InitiativePhase.EMERGENCE
    [recorded] = InitiativePhaseChange.objects.filter(initiative=initiative)
    assert (recorded.from_phase, recorded.to_phase, recorded.by) == (
        InitiativePhase.IDEA, InitiativePhase.EMERGENCE, manager)
    html = client.get(response.url).content.decode()
    assert "Vijf buren komen elke week." in html and "22 november 2026" in html


@pytest.mark.parametrize(("data", "message"), [
    # Only the open changes are offered: not the phase it is in, nor two at once.
    ({"to_phase": InitiativePhase.IDEA, "rationale": "Nog steeds."},
     "Selecteer een geldige keuze"),
    ({"to_phase": InitiativePhase.AUTONOMY, "rationale": "Snel gegroeid."},
     "Selecteer een geldige keuze"),
    ({"to_phase": InitiativePhase.EMERGENCE, "rationale": ""}, "Dit veld is verplicht"),
    ({"to_phase": InitiativePhase.EMERGENCE, "rationale": "Later.",
      "occurred_on": (TODAY + datetime.timedelta(days=3)).isoformat()}, "toekomst"),
    ({"to_phase": 9, "rationale": "Onzin."}, "Selecteer een geldige keuze"),
])
def test_a_wrong_phase_change_is_refused_in_dutch_and_kept(client, manager, initiative, data,
                                                           message):
    client.force_login(manager)
    response = change(client, initiative, **data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if data["rationale"]:
        assert data["rationale"] in html  # what was typed stays in the form
    initiative.refresh_from_db()
    assert initiative.phase == InitiativePhase.IDEA
    assert not InitiativePhaseChange.objects.exists()


def test_a_change_cannot_lie_before_the_last_one(client, manager, initiative):
    client.force_login(manager)
    change(client, initiative, to_phase=InitiativePhase.EMERGENCE, rationale="Groeit.")
    response = change(client, initiative, to_phase=InitiativePhase.DEVELOPMENT,
                      rationale="Eerder al?", occurred_on="2026-10-01")
    assert "22 november 2026" in response.content.decode()
    assert InitiativePhaseChange.objects.count() == 1


def test_a_manager_of_another_neighbourhood_cannot_change_it(client, initiative):
    other = ProcessManagerFactory()
    managed_process(other)
    client.force_login(other)
    response = change(client, initiative, to_phase=InitiativePhase.EMERGENCE,
                      rationale="Niet van mij.")
    assert response.status_code == 404
    assert not InitiativePhaseChange.objects.exists()


def test_the_report_counts_the_initiatives_that_grew_in_the_period(client, manager, initiative):
    client.force_login(manager)
    other = InitiativeFactory(process=initiative.process, title="Moestuin",
                              phase=InitiativePhase.EMERGENCE)
    stepped_back = InitiativeFactory(process=initiative.process, title="Buurtkrant",
                                     phase=InitiativePhase.DEVELOPMENT)
    # Repair café grows twice in this quarter, the garden grew last quarter, the paper
    # stepped back in this one.
    change(client, initiative, to_phase=InitiativePhase.EMERGENCE, rationale="Samen.",
           occurred_on="2026-10-02")
    change(client, initiative, to_phase=InitiativePhase.DEVELOPMENT, rationale="Een plan.",
           occurred_on="2026-11-02")
    change(client, other, to_phase=InitiativePhase.DEVELOPMENT, rationale="Zomer.",
           occurred_on="2026-08-02")
    change(client, stepped_back, to_phase=InitiativePhase.EMERGENCE, rationale="Minder mensen.",
           occurred_on="2026-10-12")

    this_quarter = client.get(reverse("dashboard:report"), {"periode": "kwartaal"})
    report = this_quarter.context["report"]["initiatives"]
    assert report["grew"] == 1
    [cafe] = [i for i in report["list"] if i["title"] == "Repair café"]
    assert [c["to_phase"] for c in cafe["phase_changes"]] == [2, 3]
    html = this_quarter.content.decode()
    assert "1 initiatief groeide in deze periode een fase." in html
    assert "Minder mensen." in html and "Zomer." not in html
    last_quarter = client.get(reverse("dashboard:report"), {"periode": "vorig-kwartaal"})
    assert last_quarter.context["report"]["initiatives"]["grew"] == 1
