"""Activities and who came: one submit records the attendance of known and new people
and the inflow of those who were not taking part yet."""

import datetime

import pytest
from django.urls import reverse

from participants import services as flow
from participants.models import Attendance, Consent, FlowEvent, FlowKind, InflowChannel, Participant
from tests.dashboard.conftest import TODAY
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ActivityFactory, ProcessFactory, ProcessManagerFactory
from wei.models import Activity, ActivityKind, Phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(manager):
    process = ProcessFactory(phase=Phase.EMERGENCE, neighbourhood__name="Haveltermade")
    process.managers.add(manager)
    return ActivityFactory(process=process, date=TODAY - datetime.timedelta(days=1),
                           phase=Phase.EMERGENCE, title="Informatieavond in het buurthuis")


def new_row(index, **fields):
    data = {"name": "", "email": "", "phone": "", "postcode": "", "kind": "resident"}
    data.update(fields)
    return {f"nieuw-{index}-{key}": value for key, value in data.items()}


def test_planning_an_activity_offers_running_processes_with_their_neighbourhood(client,
                                                                                manager):
    running = ProcessFactory(neighbourhood__name="Haveltermade", title="Wijkproces")
    stopped = ProcessFactory(neighbourhood=running.neighbourhood, title="Oud wijkproces",
                             status="stopped")
    running.managers.add(manager)
    stopped.managers.add(manager)
    client.force_login(manager)
    url = reverse("dashboard:activity_create")
    html = client.get(url).content.decode()
    assert '<optgroup label="Haveltermade">' in html
    assert "Wijkproces (Informatiefase)" in html
    assert "Oud wijkproces" not in html

    refused = client.post(url, {"activiteit-process": running.pk, "activiteit-kind":
                                "information_meeting", "activiteit-title": " ",
                                "activiteit-date": "29-11-2026x",
                                "activiteit-location": "Buurthuis"})
    assert refused.status_code == 400
    assert 'value="Buurthuis"' in refused.content.decode()
    assert "Dit veld is verplicht." in refused.content.decode()

    response = client.post(url, {
        "activiteit-process": running.pk, "activiteit-kind": "information_meeting",
        "activiteit-title": "Informatieavond", "activiteit-date": "2026-11-29",
        "activiteit-phase": "", "activiteit-location": "Buurthuis"})
    activity = Activity.objects.get(title="Informatieavond")
    assert response["Location"] == reverse("dashboard:activity", args=[activity.pk])
    assert activity.phase == running.phase  # empty: the phase the process is in
    # Planned ahead: who came is recorded from that day on.
    page = client.get(response["Location"]).content.decode()
    assert "staat gepland op 29 november 2026" in page


def test_one_submit_records_known_and_new_people_and_their_inflow(client, manager, meeting):
    process = meeting.process
    known = [ParticipantFactory(neighbourhood=process.neighbourhood) for _ in range(5)]
    flow.participant_flow_in(participant=known[0], process=process,
                             occurred_on=TODAY - datetime.timedelta(days=30),
                             channel=InflowChannel.ORGANIZER)
    client.force_login(manager)
    data = {"present": [p.pk for p in known], "rijen": "3",
            **new_row(0, name="Yara Bos", postcode="7941ab", consent="on"),
            **new_row(1, name="Ahmed Yilmaz", email="ahmed@example.org", consent="on"),
            **new_row(2, name="Lotte de Vries", phone="06 12345678", consent="on")}
    response = client.post(reverse("dashboard:activity", args=[meeting.pk]), data, follow=True)
    html = response.content.decode()
    assert "8 mensen als aanwezig vastgelegd, waarvan 3 nieuw, 7 keer instroom vastgelegd" in html
    assert Attendance.objects.filter(activity=meeting).count() == 8
    inflows = FlowEvent.objects.filter(process=process, kind=FlowKind.INFLOW,
                                       occurred_on=meeting.date)
    assert inflows.count() == 7  # the one already taking part does not flow in again
    assert set(inflows.values_list("channel", flat=True)) == {InflowChannel.INFORMATION_MEETING}
    assert set(inflows.values_list("phase", flat=True)) == {Phase.EMERGENCE}
    yara = Participant.objects.get(name="Yara Bos")
    assert (yara.postcode, yara.neighbourhood) == ("7941 AB", process.neighbourhood)
    assert Consent.objects.filter(participant=yara).count() == 1
    assert "Yara Bos (7941 AB, Haveltermade)" in html


def test_a_new_person_without_consent_stores_nothing_and_keeps_what_was_typed(
        client, manager, meeting):
    known = ParticipantFactory(neighbourhood=meeting.process.neighbourhood)
    client.force_login(manager)
    response = client.post(reverse("dashboard:activity", args=[meeting.pk]), {
        "present": [known.pk], "rijen": "3", **new_row(0, name="Yara Bos", postcode="7941ab"),
        **new_row(1), **new_row(2)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vraag eerst om toestemming" in html
    assert 'value="Yara Bos"' in html
    # The ticked person stays ticked.
    assert "checked" in html.split(f'value="{known.pk}"')[1].split(">")[0]
    assert not Attendance.objects.exists()
    assert not Participant.objects.filter(name="Yara Bos").exists()


def test_a_known_address_is_refused_on_its_own_row(client, manager, meeting):
    ParticipantFactory(email="yara@example.org")
    client.force_login(manager)
    response = client.post(reverse("dashboard:activity", args=[meeting.pk]), {
        "rijen": "2", **new_row(0, name="Ahmed", consent="on"),
        **new_row(1, name="Yara Bos", email="Yara@example.org", consent="on")})
    assert response.status_code == 400
    row = response.context["rows"][1]
    assert "Er bestaat al een deelnemer met dit e-mailadres." in row.errors["email"]
    assert not Attendance.objects.exists()
    assert not Participant.objects.filter(name="Ahmed").exists()


def test_the_search_keeps_the_ticked_people_and_finds_by_postcode(client, manager, meeting):
    neighbourhood = meeting.process.neighbourhood
    yara = ParticipantFactory(name="Yara Bos", postcode="7941 AB", neighbourhood=neighbourhood)
    kamp = ParticipantFactory(name="Yara Kamp", postcode="7942 CD", neighbourhood=neighbourhood)
    elsewhere = ParticipantFactory(name="Yara Elders", postcode="7941 AB")
    client.force_login(manager)
    url = reverse("dashboard:attendance_search", args=[meeting.pk])
    html = client.get(url, {"q": "7941ab", "present": [kamp.pk]},
                      HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html  # a part of the page, for htmx
    assert "Yara Bos (7941 AB" in html and "Yara Kamp (7942 CD" in html
    assert "checked" in html.split(f'value="{kamp.pk}"')[1].split(">")[0]
    assert "checked" not in html.split(f'value="{yara.pk}"')[1].split(">")[0]
    assert elsewhere.name not in html
    # Without JavaScript: the search button re-shows the page with everything kept.
    page = client.post(reverse("dashboard:activity", args=[meeting.pk]), {
        "q": "Yara", "actie": "zoeken", "present": [kamp.pk], "rijen": "3",
        **new_row(0, name="Nieuwe buur")}).content.decode()
    assert 'value="Nieuwe buur"' in page and "Yara Bos (7941 AB" in page
    assert "Vraag eerst om toestemming" not in page  # nobody pressed save yet


def test_one_more_row_with_and_without_javascript(client, manager, meeting):
    client.force_login(manager)
    part = client.get(reverse("dashboard:attendance_new_row", args=[meeting.pk]),
                      {"rijen": "3"}).content.decode()
    assert 'name="nieuw-3-name"' in part and 'hx-swap-oob="true"' in part
    assert "rijen=4" in part
    page = client.post(reverse("dashboard:activity", args=[meeting.pk]), {
        "actie": "rij", "rijen": "3", **new_row(0, name="Eerste")})
    assert 'name="nieuw-3-name"' in page.content.decode()
    assert 'value="Eerste"' in page.content.decode()


def test_who_came_to_a_future_activity_is_not_recorded(client, manager, meeting):
    planned = ActivityFactory(process=meeting.process, date=TODAY + datetime.timedelta(days=3),
                              kind=ActivityKind.TRAINING)
    person = ParticipantFactory(neighbourhood=meeting.process.neighbourhood)
    client.force_login(manager)
    response = client.post(reverse("dashboard:activity", args=[planned.pk]),
                           {"present": [person.pk], "rijen": "1", **new_row(0)})
    assert response.status_code == 400
    # Refused by the step's own rule, with its reason.
    assert "wie er kwamen legt u vanaf die dag" in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_attendance_page_costs_the_same_queries_at_any_size(
        client, manager, meeting, queries_for, django_assert_max_num_queries):
    client.force_login(manager)
    url = reverse("dashboard:activity", args=[meeting.pk]) + "?q=a"
    for _ in range(3):
        flow.attendance_record(activity=meeting, participant=ParticipantFactory(
            neighbourhood=meeting.process.neighbourhood))
    small = queries_for(client, url)
    for _ in range(30):
        flow.attendance_record(activity=meeting, participant=ParticipantFactory(
            neighbourhood=meeting.process.neighbourhood, name="Anna"))
        ParticipantFactory(neighbourhood=meeting.process.neighbourhood, name="Anouk")
    assert queries_for(client, url) == small
    # session, user, roles, permissions (2), the activity, who came, the people found,
    # may the user change the activity
    with django_assert_max_num_queries(10):
        client.get(url)


def test_a_planned_activity_can_be_made_public_with_its_times(client, manager):
    process = ProcessFactory(neighbourhood__name="Haveltermade", title="Wijkproces")
    process.managers.add(manager)
    client.force_login(manager)
    url = reverse("dashboard:activity_create")
    form = {"activiteit-process": process.pk, "activiteit-kind": "information_meeting",
            "activiteit-title": "Informatieavond", "activiteit-date": "2026-12-10",
            "activiteit-start_time": "19:30", "activiteit-end_time": "21:30",
            "activiteit-is_public": "on", "activiteit-location": ""}
    html = client.get(url).content.decode()
    assert "Openbaar: toon het aan bewoners" in html and 'type="time"' in html

    # Public without a place, or ending before it starts: refused, the input kept.
    refused = client.post(url, form)
    assert refused.status_code == 400
    assert "Een openbare activiteit heeft een plaats nodig" in refused.content.decode()
    assert 'value="19:30"' in refused.content.decode()
    refused = client.post(url, {**form, "activiteit-location": "Buurthuis",
                                "activiteit-end_time": "18:00"})
    assert "Het einde moet na het begin liggen." in refused.content.decode()
    assert not Activity.objects.exists()

    response = client.post(url, {**form, "activiteit-location": "Buurthuis De Kansel"})
    activity = Activity.objects.get()
    assert activity.is_public
    assert (activity.start_time, activity.end_time) == (datetime.time(19, 30),
                                                        datetime.time(21, 30))
    page = client.get(response["Location"]).content.decode()
    assert "19:30–21:30" in page and activity.get_calendar_url() in page

    client.post(url, {**form, "activiteit-title": "Intern overleg", "activiteit-is_public": "",
                      "activiteit-location": "Kantoor"})
    assert not Activity.objects.get(title="Intern overleg").is_public


def test_an_activity_is_shown_to_residents_and_taken_off_again(client, manager, meeting):
    meeting.date = TODAY + datetime.timedelta(days=3)
    meeting.location = ""
    meeting.save()
    client.force_login(manager)
    url = reverse("dashboard:activity_publish", args=[meeting.pk])
    page = client.get(reverse("dashboard:activity", args=[meeting.pk])).content.decode()
    assert "Toon het aan bewoners" in page

    # Without a place it is refused, with the reason, and stays off the public pages.
    html = client.post(url, {"is_public": "true"}, follow=True).content.decode()
    assert "Een openbare activiteit heeft een plaats nodig" in html
    meeting.refresh_from_db()
    assert not meeting.is_public

    Activity.objects.filter(pk=meeting.pk).update(location="Buurthuis")
    html = client.post(url, {"is_public": "true"}, follow=True).content.decode()
    assert "wordt nu aan bewoners getoond" in html
    assert "Informatieavond in het buurthuis" in client.get("/").content.decode()
    client.post(url, {"is_public": "false"})
    meeting.refresh_from_db()
    assert not meeting.is_public
    assert client.get(meeting.get_calendar_url()).status_code == 404


def test_only_who_may_change_the_activity_shows_it_to_residents(client, meeting):
    other = ProcessFactory()
    outsider = ProcessManagerFactory()
    other.managers.add(outsider)
    client.force_login(outsider)
    response = client.post(reverse("dashboard:activity_publish", args=[meeting.pk]),
                           {"is_public": "true"})
    assert response.status_code == 404
    meeting.refresh_from_db()
    assert not meeting.is_public
