from itertools import groupby

import pytest
from django.core.management import call_command
from django.utils import timezone

from participants.models import Attendance, Consent, FlowEvent, FlowKind, Participant
from wei.models import Activity, Neighbourhood, Phase, PhaseTransition, Process, ProcessStatus

pytestmark = pytest.mark.django_db


def counts():
    models = [
        Neighbourhood,
        Process,
        PhaseTransition,
        Activity,
        Participant,
        FlowEvent,
        Attendance,
        Consent,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_seed_demo_twice_gives_the_same_data(capsys):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    assert "procesmanager / wijkkompas-demo" in capsys.readouterr().out


def test_the_demo_shows_every_phase_a_stop_and_the_flow_of_people():
    call_command("seed_demo")
    assert Neighbourhood.objects.count() >= 3
    phases = set(
        Process.objects.filter(status=ProcessStatus.ACTIVE).values_list("phase", flat=True)
    )
    assert phases == set(Phase.values)
    stopped = Process.objects.get(status=ProcessStatus.STOPPED)
    assert stopped.phase == Phase.INFORMATION
    assert "gemotiveerde bewoners" in stopped.status_reason
    assert Participant.objects.filter(email__endswith="@voorbeeld.nl").count() == 300
    kinds = set(FlowEvent.objects.values_list("kind", flat=True))
    assert kinds == {FlowKind.INFLOW, FlowKind.THROUGHFLOW, FlowKind.OUTFLOW}
    reasons = set(FlowEvent.objects.exclude(reason="").values_list("reason", flat=True))
    assert len(reasons) == 8
    oldest = FlowEvent.objects.order_by("occurred_on").first().occurred_on
    assert (timezone.localdate() - oldest).days >= 365
    assert Attendance.objects.exists()
    # One outflow was corrected, so the timelines show what a correction looks like.
    (corrected,) = FlowEvent.history.filter(withdrawn_at__isnull=False)
    assert corrected.reason == "own_business" and corrected.correction.reason == "moved_away"
    assert corrected.withdrawn_by.username == "procesmanager"


def test_the_demo_keeps_the_flow_rules():
    """Written in bulk, the demo must still be a history the services would accept."""
    call_command("seed_demo")
    events = FlowEvent.objects.order_by("participant_id", "process_id", "sequence")
    today = timezone.localdate()
    for _key, stay in groupby(events, key=lambda e: (e.participant_id, e.process_id)):
        open_inflow, previous_day = None, None
        for number, event in enumerate(stay, start=1):
            assert event.sequence == number
            assert event.occurred_on <= today
            assert previous_day is None or event.occurred_on >= previous_day
            previous_day = event.occurred_on
            if event.kind == FlowKind.INFLOW:
                assert open_inflow is None, "second inflow while one is open"
                open_inflow = event
            else:
                assert open_inflow is not None and event.inflow_id == open_inflow.pk
                if event.kind == FlowKind.OUTFLOW:
                    open_inflow = None


def test_scale_multiplies_the_volume():
    call_command("seed_demo", scale=2)
    assert Participant.objects.filter(email__endswith="@voorbeeld.nl").count() == 600


def test_the_demo_gives_residents_a_next_information_evening_and_public_stories(client):
    call_command("seed_demo")
    from initiatives.models import Reflection

    today = timezone.localdate()
    evenings = Activity.objects.public().upcoming(today).filter(kind="information_meeting")
    running = Process.objects.filter(status=ProcessStatus.ACTIVE)
    assert set(evenings.values_list("process", flat=True)) == set(running.values_list("pk",
                                                                                      flat=True))
    assert all(evening.start_time and evening.location for evening in evenings)
    assert not Activity.objects.filter(kind="training", is_public=True).exists()
    assert Reflection.objects.filter(is_public=True, initiative__is_public=True).exists()
    html = client.get("/").content.decode()
    assert "Informatieavond in het buurthuis" in html and "Zet in je agenda" in html
