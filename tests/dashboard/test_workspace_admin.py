"""The admin, which superusers and steering-group members keep using: pickers that tell
people and evenings apart, an outflow form that stores what was chosen or refuses, the
checklist of one phase, and a process whose maker manages it."""

import datetime

import pytest
from django.urls import reverse

from participants.models import FlowEvent, FlowKind, FlowRole, InflowChannel
from participants.services import participant_flow_in, participant_flow_through
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ActivityFactory, NeighbourhoodFactory, ProcessFactory
from wei.models import Phase, PhaseCriterion, Process

pytestmark = pytest.mark.django_db


def test_the_admins_pickers_tell_namesakes_and_evenings_apart(admin_client):
    oosterboer = NeighbourhoodFactory(name="Oosterboer")
    ParticipantFactory(name="Yara Bos", postcode="7941 AB", neighbourhood=oosterboer)
    ParticipantFactory(name="Yara Kamp", postcode="7942 CD", neighbourhood=oosterboer)
    for name in ("Haveltermade", "Koedijkslanden"):
        ActivityFactory(title="Informatieavond in het buurthuis",
                        process__neighbourhood__name=name, date=datetime.date(2026, 11, 29))
    found = admin_client.get(reverse("admin:autocomplete"), {
        "app_label": "participants", "model_name": "attendance", "field_name": "participant",
        "term": "Yara"}).json()
    assert {r["text"] for r in found["results"]} == {"Yara Bos (7941 AB, Oosterboer)",
                                                     "Yara Kamp (7942 CD, Oosterboer)"}
    evenings = admin_client.get(reverse("admin:autocomplete"), {
        "app_label": "participants", "model_name": "attendance", "field_name": "activity",
        "term": "Informatieavond"}).json()
    assert {r["text"] for r in evenings["results"]} == {
        "Informatieavond in het buurthuis – Haveltermade, 29 november 2026",
        "Informatieavond in het buurthuis – Koedijkslanden, 29 november 2026"}
    # A plain select or filter box labels its choices the same way (a route's core group).
    form = admin_client.get(reverse("admin:nieuweroute_route_add")).context["adminform"].form
    assert "Yara Bos (7941 AB, Oosterboer)" in [label for _, label in
                                                form.fields["core_group"].choices]


def test_the_admins_outflow_refuses_a_phase_and_role_it_would_not_store(admin_client):
    person, process = ParticipantFactory(name="Karin Mulder"), ProcessFactory(
        phase=Phase.DEVELOPMENT)
    participant_flow_in(participant=person, process=process, occurred_on=datetime.date(2025, 3, 1),
                        channel=InflowChannel.ORGANIZER)
    participant_flow_through(participant=person, process=process,
                             occurred_on=datetime.date(2025, 4, 1), phase=Phase.DEVELOPMENT,
                             role=FlowRole.PAID)
    url = reverse("admin:participants_flowevent_add")
    form = admin_client.get(url).context["adminform"].form
    assert form["role"].value() in (None, "")  # nothing chosen beforehand
    data = {"participant": person.pk, "process": process.pk, "kind": "outflow",
            "occurred_on": "01-05-2025", "reason": "paid_work",
            "phase": Phase.INFORMATION, "role": FlowRole.PARTICIPANT}
    refused = admin_client.post(url, data)
    assert "Uitstroom wordt vastgelegd in de fase en rol die de persoon nu heeft" in (
        refused.content.decode())
    assert not FlowEvent.objects.filter(kind=FlowKind.OUTFLOW).exists()
    assert admin_client.post(url, {**data, "phase": "", "role": ""}).status_code == 302
    outflow = FlowEvent.objects.get(kind=FlowKind.OUTFLOW)
    assert (outflow.phase, outflow.role) == (Phase.DEVELOPMENT, FlowRole.PAID)


def test_the_admins_transition_form_offers_the_checklist_of_the_processs_phase(admin_client):
    process = ProcessFactory(phase=Phase.EMERGENCE)
    url = reverse("admin:wei_phasetransition_add")
    field = admin_client.get(url, {"process": process.pk}).context["adminform"].form.fields[
        "criteria_met"]
    assert set(field.queryset) == set(PhaseCriterion.objects.filter(phase=Phase.EMERGENCE))
    unknown = admin_client.get(url).context["adminform"].form.fields["criteria_met"]
    labels = [label for _value, label in unknown.choices]
    assert all(label.split(":")[0] in {str(p.label) for p in Phase} for label in labels)


def test_a_process_started_in_the_admin_is_managed_by_its_maker(client, manager):
    from django.contrib.auth.models import Permission

    manager.user_permissions.add(*Permission.objects.filter(codename__in=[
        "add_process", "view_process", "view_neighbourhood"]))
    ProcessFactory(neighbourhood__name="Haveltermade", status="stopped").managers.add(manager)
    neighbourhood = Process.objects.get().neighbourhood
    client.force_login(manager)
    response = client.post(reverse("admin:wei_process_add"), {
        "neighbourhood": neighbourhood.pk, "title": "Tweede traject", "started_on": "01-11-2026",
        "transitions-TOTAL_FORMS": "0", "transitions-INITIAL_FORMS": "0"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(Process.objects.get(title="Tweede traject").managers.all()) == [manager]
