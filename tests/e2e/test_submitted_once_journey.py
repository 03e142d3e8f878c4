"""Recording a meeting with three new people, in Chromium on the demo data: a double
click on save, then back and save again, records three people, not six or nine, and
each comes in through the channel of their row."""

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from participants.models import Attendance, FlowEvent, FlowKind, InflowChannel, Participant
from tests.e2e.helpers import log_in, with_authenticator_app
from wei.models import Activity, ActivityKind, Process

NEWCOMERS = [("Yara Bos", ""), ("Ahmed Yilmaz", "doorverwijzing door een professional"),
             ("Lotte de Vries", "")]


@pytest.fixture
def demo(migration_data):
    call_command("seed_demo", stdout=io.StringIO())
    return with_authenticator_app(User.objects.get(username="procesmanager"))


@pytest.mark.django_db(transaction=True)
def test_a_meeting_saved_twice_and_again_after_back_records_three_new_people(
        demo, page, axe_violations, screenshot):
    process = Process.objects.get(neighbourhood__name="Haveltermade", status="active")
    activity = Activity.objects.create(
        process=process, kind=ActivityKind.INFORMATION_MEETING, phase=process.phase,
        title="Informatieavond over de moestuin",
        date=timezone.localdate() - datetime.timedelta(days=1))
    people_before = Participant.objects.count()
    log_in(page, "procesmanager", "wijkkompas-demo", next_url="/dashboard/")
    page.goto(f"/dashboard/activiteiten/{activity.pk}/")

    for index, (name, channel) in enumerate(NEWCOMERS, start=1):
        row = page.get_by_role("group", name=f"Nieuwe persoon {index}")
        channel_field = row.get_by_label("Kanaal van instroom")
        expect(channel_field).to_have_value(InflowChannel.INFORMATION_MEETING)
        row.get_by_label("Naam").fill(name)
        if channel:
            channel_field.select_option(label=channel)
        row.get_by_label("Geeft toestemming", exact=False).check()
    assert axe_violations(page) == []
    save = page.get_by_role("button", name="Opslaan wie er kwamen")
    with page.expect_navigation():
        save.dblclick()
    status = page.get_by_role("status")
    expect(status).to_contain_text("3 mensen als aanwezig vastgelegd, waarvan 3 nieuw")
    answer = status.inner_text()

    # Back to the form as it was sent, and save once more: the same answer, nothing new.
    page.go_back()
    expect(page.get_by_role("group", name="Nieuwe persoon 1").get_by_label("Naam")
           ).to_have_value("Yara Bos")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan wie er kwamen").click()
    expect(page.get_by_role("status")).to_have_text(answer)
    screenshot(page, "attendance-saved-again")

    assert Attendance.objects.filter(activity=activity).count() == 3
    assert Participant.objects.count() == people_before + 3
    channels = dict(FlowEvent.objects.filter(
        process=process, kind=FlowKind.INFLOW, participant__attendances__activity=activity)
        .values_list("participant__name", "channel"))
    assert channels == {"Yara Bos": InflowChannel.INFORMATION_MEETING,
                        "Ahmed Yilmaz": InflowChannel.REFERRAL,
                        "Lotte de Vries": InflowChannel.INFORMATION_MEETING}
