"""The running counts behind the funnel stay equal to a recount of the events."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from participants import services, tallies
from participants.models import FlowTally, Participant, PresenceTally
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ProcessFactory
from wei.models import Phase

pytestmark = pytest.mark.django_db


def snapshot():
    flows = {
        (t.process_id, t.month, t.kind, t.channel, t.reason): t.events
        for t in FlowTally.objects.all() if t.events
    }
    present = {(t.process_id, t.phase, t.role): t.people
               for t in PresenceTally.objects.all() if t.people}
    return flows, present


def people_with_history():
    """Three inflows in March; Anna moves on to the next phase, Bram leaves for a job."""
    process = ProcessFactory(phase=Phase.DEVELOPMENT)
    day = datetime.date(2026, 3, 2)
    anna, bram, cor = ParticipantFactory.create_batch(3)
    for person in (anna, bram, cor):
        services.participant_flow_in(participant=person, process=process, occurred_on=day,
                                     channel="organizer", phase=Phase.INFORMATION)
    services.participant_flow_through(participant=anna, process=process,
                                      occurred_on=day + datetime.timedelta(days=40),
                                      phase=Phase.EMERGENCE)
    services.participant_flow_out(participant=bram, process=process,
                                  occurred_on=day + datetime.timedelta(days=50),
                                  reason="paid_work")
    return process, anna, bram


def test_every_write_of_the_services_keeps_the_tallies_right():
    process, _anna, bram = people_with_history()
    day = datetime.date(2026, 3, 2)
    services.participant_flow_in(participant=bram, process=process,
                                 occurred_on=day + datetime.timedelta(days=70),
                                 channel="referral", phase=Phase.DEVELOPMENT)

    kept = snapshot()
    present = kept[1]
    assert present == {(process.pk, Phase.INFORMATION, "participant"): 1,   # cor
                       (process.pk, Phase.EMERGENCE, "participant"): 1,     # anna
                       (process.pk, Phase.DEVELOPMENT, "participant"): 1}   # bram, back
    march = datetime.date(2026, 3, 1)
    assert kept[0][(process.pk, march, "inflow", "organizer", "")] == 3
    assert tallies.rebuild() and snapshot() == kept


def test_a_refused_write_counts_nothing():
    process = ProcessFactory()
    person = ParticipantFactory()
    with pytest.raises(ValidationError):
        services.participant_flow_out(participant=person, process=process,
                                      occurred_on=datetime.date(2026, 3, 2), reason="other")
    assert snapshot() == ({}, {})


def test_the_repair_command_recounts_what_went_past_the_services():
    from django.core.management import call_command

    process = ProcessFactory()
    person = ParticipantFactory()
    services.participant_flow_in(participant=person, process=process,
                                 occurred_on=datetime.date(2026, 3, 2), channel="organizer")
    kept = snapshot()
    person.delete()  # takes the events with it, past the services
    assert snapshot() == kept
    call_command("rebuild_flow_tallies", stdout=io.StringIO())
    assert snapshot() == ({}, {})


def test_a_participant_with_history_cannot_be_deleted_so_the_counts_stay_right(admin_client):
    # Erasure keeps the figures; deleting would take the flow events (history, never
    # deleted) with the person, and the admin refuses that even to a superuser.
    _process, anna, _bram = people_with_history()
    kept = snapshot()
    url = reverse("admin:participants_participant_delete", args=[anna.pk])
    assert "stroomgebeurtenis" in admin_client.get(url).content.decode().lower()
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    refused = admin_client.post(reverse("admin:participants_participant_changelist"), {
        "action": "delete_selected", "_selected_action": [anna.pk], "post": "yes"})
    assert refused.status_code == 403
    assert snapshot() == kept
    assert Participant.objects.filter(pk=anna.pk).exists()
