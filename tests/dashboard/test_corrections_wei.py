"""Withdrawing an attendance from the activity's page and correcting a phase transition
from the process's page: the record stays, struck through, with who, when and why, and
every figure follows the corrected history."""

import datetime

import pytest
from django.urls import reverse

from core.periods import Period
from dashboard import report
from participants import services as people
from participants.models import Attendance, FlowEvent, FlowKind
from tests.dashboard.conftest import TODAY
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ActivityFactory, ProcessFactory, ProcessManagerFactory
from wei import services as process_services
from wei.models import Phase, PhaseTransition, Process, TransitionKind

pytestmark = pytest.mark.django_db

QUARTER = Period(datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def process(manager):
    process = ProcessFactory(phase=Phase.EMERGENCE, neighbourhood__name="Haveltermade")
    process.managers.add(manager)
    return process


@pytest.fixture
def meeting(process):
    """An information evening with three people ticked off: their inflow too."""
    activity = ActivityFactory(process=process, date=days_ago(3), phase=Phase.EMERGENCE,
                               title="Informatieavond")
    came = [ParticipantFactory(neighbourhood=process.neighbourhood, name=name)
            for name in ("Anna Aksoy", "Bram Bos", "Cor Claassen")]
    people.activity_attendance_record(activity=activity, participants=came)
    return activity


def attendance_url(attendance):
    return reverse("dashboard:attendance_correct", args=[attendance.pk])


def transition_url(transition):
    return reverse("dashboard:transition_correct", args=[transition.pk])


def activity_page(client, activity):
    return client.get(reverse("dashboard:activity", args=[activity.pk]))


def process_page(client, process):
    return client.get(reverse("dashboard:process", args=[process.pk]))


def visits(user):
    return report.build(user, period=QUARTER)["activities"]["visits"]


# ---- Attendance ---------------------------------------------------------------------------

def test_someone_who_was_not_there_is_withdrawn_from_the_activitys_page(
        client, manager, meeting):
    client.force_login(manager)
    wrong = Attendance.objects.get(participant__name="Bram Bos")
    page = activity_page(client, meeting)
    assert len(page.context["present"]) == 3 and visits(manager) == 3
    html = page.content.decode()
    assert attendance_url(wrong) in html
    assert f'data-step="attendance-{wrong.pk}:withdraw"' in html

    form = client.get(attendance_url(wrong))
    assert form.status_code == 200
    assert not form.context["steps"]["correct"].is_open  # nothing to correct but who
    # The inflow it opened stays: the page says so and links to its own correction.
    inflow = FlowEvent.objects.get(participant=wrong.participant, kind=FlowKind.INFLOW)
    assert reverse("dashboard:flow_event_correct", args=[inflow.pk]) in form.content.decode()

    response = client.post(attendance_url(wrong), {"action": "withdraw",
                                                   "withdraw-why": "Bram stond er niet."})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("dashboard:activity", args=[meeting.pk]))
    page = activity_page(client, meeting)
    assert [a.participant.name for a in page.context["present"]] == ["Anna Aksoy",
                                                                     "Cor Claassen"]
    assert "Bram stond er niet." in page.content.decode()
    assert visits(manager) == 2
    assert FlowEvent.objects.filter(participant=wrong.participant).exists()  # not silently

    # Sent twice: recorded once, and the page says it was already done.
    again = client.post(attendance_url(wrong), {"action": "withdraw",
                                                "withdraw-why": "Nog eens"}, follow=True)
    assert [m.level_tag for m in again.context["messages"]] == ["error"]
    assert Attendance.history.get(pk=wrong.pk).withdrawal_reason == "Bram stond er niet."


def test_the_persons_timeline_shows_the_withdrawn_attendance_struck_through(
        client, manager, meeting):
    client.force_login(manager)
    wrong = Attendance.objects.get(participant__name="Anna Aksoy")
    client.post(attendance_url(wrong), {"action": "withdraw",
                                        "withdraw-why": "Verwisseld met haar zus."})
    page = client.get(reverse("dashboard:person", args=[wrong.participant_id]))
    attendance = [entry for entry in page.context["entries"] if entry.kind == "attendance"]
    assert len(attendance) == 1 and attendance[0].row.is_withdrawn
    assert "Verwisseld met haar zus." in attendance[0].corrected
    assert "timeline-withdrawn" in page.content.decode()


def test_a_withdrawal_without_a_reason_is_refused_and_keeps_the_attendance(
        client, manager, meeting):
    client.force_login(manager)
    attendance = Attendance.objects.first()
    response = client.post(attendance_url(attendance), {"action": "withdraw",
                                                        "withdraw-why": " "})
    assert response.status_code == 400
    assert response.context["withdraw_form"].errors["why"]
    assert Attendance.objects.count() == 3


def test_an_attendance_out_of_sight_is_a_404(client, meeting):
    attendance = Attendance.objects.first()
    client.force_login(ProcessManagerFactory())  # manages another neighbourhood
    assert client.get(attendance_url(attendance)).status_code == 404
    assert client.post(attendance_url(attendance), {
        "action": "withdraw", "withdraw-why": "x"}).status_code == 404
    assert Attendance.objects.count() == 3


def test_the_activity_page_costs_the_same_queries_with_withdrawn_attendance(
        client, manager, meeting, queries_for):
    client.force_login(manager)
    url = reverse("dashboard:activity", args=[meeting.pk])
    small = queries_for(client, url)
    for _ in range(10):
        person = ParticipantFactory(neighbourhood=meeting.process.neighbourhood)
        people.attendance_record(activity=meeting, participant=person)
    for attendance in Attendance.objects.filter(activity=meeting)[:8]:
        client.post(attendance_url(attendance), {"action": "withdraw",
                                                 "withdraw-why": "Niet aanwezig"})
    assert Attendance.history.filter(withdrawn_at__isnull=False).count() == 8
    assert queries_for(client, url) == small


# ---- Phase transitions --------------------------------------------------------------------

@pytest.fixture
def moved(process):
    """The process moved from the emergence into the development phase, 10 days ago."""
    return process_services.process_advance_phase(confirmed=True,
        process=process, to_phase=Phase.DEVELOPMENT, occurred_on=days_ago(10),
        rationale="Drie initiatieven draaien.")


def test_a_transition_is_corrected_and_withdrawn_from_the_process_page(
        client, manager, process, moved):
    client.force_login(manager)
    html = process_page(client, process).content.decode()
    assert transition_url(moved) in html
    assert f'data-step="transition-{moved.pk}:correct"' in html

    form = client.get(transition_url(moved))
    assert form.context["form"]["rationale"].value() == "Drie initiatieven draaien."
    response = client.post(transition_url(moved), {
        "occurred_on": days_ago(12).isoformat(), "rationale": "Twee initiatieven draaien.",
        "why": "Verkeerd geteld."})
    assert response.status_code == 302
    right = process.transitions.get()
    assert (right.corrects_id, right.occurred_on) == (moved.pk, days_ago(12))
    page = process_page(client, process).content.decode()
    assert "Verkeerd geteld." in page and "timeline-withdrawn" in page
    assert transition_url(moved) not in page and transition_url(right) in page

    response = client.post(transition_url(right), {"action": "withdraw",
                                                   "withdraw-why": "Te vroeg verder."})
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.phase == Phase.EMERGENCE
    assert process_page(client, process).context["transitions"][0].is_withdrawn

    # Sent twice: recorded once.
    again = client.post(transition_url(right), {"action": "withdraw",
                                                "withdraw-why": "Nog eens"}, follow=True)
    assert [m.level_tag for m in again.context["messages"]] == ["error"]
    assert Process.objects.get(pk=process.pk).phase == Phase.EMERGENCE


def test_a_withdrawal_that_would_leave_people_beyond_the_phase_is_refused_in_words(
        client, manager, process, moved):
    person = ParticipantFactory(neighbourhood=process.neighbourhood)
    people.participant_flow_in(participant=person, process=process, occurred_on=days_ago(5),
                               channel="organizer", phase=Phase.DEVELOPMENT)
    client.force_login(manager)
    page = client.get(transition_url(moved))
    step = page.context["steps"]["withdraw"]
    assert not step.is_open
    assert f'data-step-closed="{step.key}"' in page.content.decode()
    assert step.reason in page.content.decode()

    response = client.post(transition_url(moved), {"action": "withdraw",
                                                   "withdraw-why": "Vergissing"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Process.objects.get(pk=process.pk).phase == Phase.DEVELOPMENT
    assert not PhaseTransition.history.filter(withdrawn_at__isnull=False).exists()


def test_a_refused_correction_keeps_what_was_typed(client, manager, process, moved):
    client.force_login(manager)
    response = client.post(transition_url(moved), {
        "occurred_on": datetime.date(2024, 1, 1).isoformat(), "rationale": "getypt",
        "why": "Datum"})
    assert response.status_code == 400
    assert response.context["form"].errors["occurred_on"]
    assert response.context["form"]["rationale"].value() == "getypt"
    assert PhaseTransition.history.count() == 1


def test_a_transition_out_of_sight_is_a_404(client, moved):
    client.force_login(ProcessManagerFactory())
    assert client.get(transition_url(moved)).status_code == 404
    assert client.post(transition_url(moved), {"action": "withdraw",
                                               "withdraw-why": "x"}).status_code == 404
    assert Process.objects.get(pk=moved.process_id).phase == Phase.DEVELOPMENT


def test_the_process_page_costs_the_same_queries_with_corrected_transitions(
        client, manager, process, moved, queries_for):
    client.force_login(manager)
    url = reverse("dashboard:process", args=[process.pk])
    small = queries_for(client, url)
    latest = moved
    for days in (9, 8, 7):
        client.post(transition_url(latest), {"action": "withdraw", "withdraw-why": "Mis"})
        process.refresh_from_db()
        latest = process_services.process_advance_phase(confirmed=True,
            process=process, to_phase=Phase.DEVELOPMENT, occurred_on=days_ago(days),
            rationale="Nu wel.")
        client.post(transition_url(latest), {"occurred_on": days_ago(days).isoformat(),
                                              "rationale": "Nu echt.", "why": "Beter"})
        latest = process.transitions.get(kind=TransitionKind.ADVANCE)
    assert PhaseTransition.history.filter(withdrawn_at__isnull=False).count() == 6
    assert queries_for(client, url) == small


def test_comparing_saved_reports_counts_withdrawn_attendance_and_transitions(
        client, manager, process, meeting, moved):
    client.force_login(manager)
    url = reverse("dashboard:report") + f"?periode=kwartaal&wijk={process.neighbourhood.slug}"
    before = client.post(url, {"learned": ""})["Location"]
    client.post(attendance_url(Attendance.objects.first()),
                {"action": "withdraw", "withdraw-why": "Niet aanwezig"})
    client.post(transition_url(moved), {"occurred_on": days_ago(10).isoformat(),
                                        "rationale": "Beter verwoord.", "why": "Tekst"})
    after = client.post(url, {"learned": ""})["Location"]
    first, second = (int(location.rstrip("/").split("/")[-1]) for location in (before, after))
    compared = client.get(reverse("dashboard:report_compare", args=[first]), {"met": second})
    assert compared.context["corrections"] == 2
