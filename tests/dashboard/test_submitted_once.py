"""The back office's forms that create rows create them once, however often they are
sent (a double click, back and save again): the second sending answers with what the
first did. And the new people at an activity each come in through their own channel."""

import datetime
import re
import threading

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nieuweroute.models import Invitation
from participants import services as people_services
from participants.models import (
    Attendance,
    Consent,
    ConsentPurpose,
    FlowEvent,
    FlowKind,
    InflowChannel,
    Participant,
)
from tests.dashboard.conftest import TODAY
from tests.dashboard.test_import import PREVIEW, csv_file, mapping, people, upload
from tests.dashboard.workspace import managed_process
from tests.nieuweroute.factories import ConversationFactory, RouteFactory, UserFactory
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ActivityFactory
from wei.models import ActivityKind, Phase
from wei.roles import FACILITATOR

TOKEN = re.compile(r'name="submission" value="([^"]+)"')


def token_in(response) -> str:
    found = TOKEN.findall(response.content.decode())
    assert len(found) == 1, found
    return found[0]


def said(response) -> list[str]:
    """The messages on the page a post was redirected to (followed)."""
    assert response.redirect_chain, response.status_code
    return [str(message) for message in response.context["messages"]]


def new_row(index, **fields):
    data = {"name": "", "email": "", "phone": "", "postcode": "", "kind": "resident"}
    data.update(fields)
    return {f"nieuw-{index}-{key}": value for key, value in data.items()}


def three_new_people(**channels):
    return {"rijen": "3",
            **new_row(0, name="Yara Bos", consent="on", **channels.get("yara", {})),
            **new_row(1, name="Ahmed Yilmaz", email="ahmed@example.org", consent="on",
                      **channels.get("ahmed", {})),
            **new_row(2, name="Lotte de Vries", consent="on", **channels.get("lotte", {}))}


@pytest.fixture
def meeting(manager):
    process = managed_process(manager, phase=Phase.EMERGENCE)
    return ActivityFactory(process=process, date=TODAY - datetime.timedelta(days=1),
                           kind=ActivityKind.INFORMATION_MEETING, phase=Phase.EMERGENCE,
                           title="Informatieavond")


def activity_url(activity):
    return reverse("dashboard:activity", args=[activity.pk])


# --- attendance with new people --------------------------------------------------------

@pytest.mark.django_db
def test_attendance_sent_twice_records_three_people_once(client, manager, meeting):
    known = ParticipantFactory(neighbourhood=meeting.process.neighbourhood)
    client.force_login(manager)
    data = {"present": [known.pk], "submission": token_in(client.get(activity_url(meeting))),
            **three_new_people()}
    first = client.post(activity_url(meeting), data, follow=True)
    second = client.post(activity_url(meeting), data, follow=True)
    assert second.redirect_chain == first.redirect_chain
    assert said(second) == said(first)  # "4 people recorded as present, 3 of them new, ..."
    assert Participant.objects.count() == 4
    assert Attendance.objects.filter(activity=meeting).count() == 4
    assert FlowEvent.objects.filter(kind=FlowKind.INFLOW).count() == 4
    assert Consent.objects.count() == 3


@pytest.mark.django_db
def test_a_refused_form_keeps_its_token_and_records_once_corrected(client, manager, meeting):
    client.force_login(manager)
    token = token_in(client.get(activity_url(meeting)))
    without_consent = {**three_new_people(), "nieuw-2-consent": "", "submission": token}
    refused = client.post(activity_url(meeting), without_consent)
    assert refused.status_code == 400
    assert token_in(refused) == token  # the same form, shown again
    corrected = {**three_new_people(), "submission": token}
    assert client.post(activity_url(meeting), corrected).status_code == 302
    assert client.post(activity_url(meeting), corrected).status_code == 302
    assert Participant.objects.count() == 3
    assert Attendance.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("token", [None, "", "nonsense", "<b>", "x" * 300])
def test_a_missing_or_garbled_token_records_as_a_new_form(client, manager, meeting, token):
    client.force_login(manager)
    data = three_new_people()
    if token is not None:
        data["submission"] = token
    response = client.post(activity_url(meeting), data)
    assert response.status_code == 302
    assert Participant.objects.count() == 3
    # Shown again after a refusal, such a form gets a token of its own.
    refused = client.post(activity_url(meeting), {**data, "nieuw-0-consent": ""})
    assert refused.status_code == 400
    assert re.fullmatch(r"[A-Za-z0-9_-]{20,64}", token_in(refused))


@pytest.mark.django_db
def test_sending_again_costs_the_same_queries_for_more_people(client, manager, meeting):
    client.force_login(manager)

    def repeat_cost(new_people, known):
        data = {"present": [p.pk for p in known], "rijen": str(new_people),
                "submission": token_in(client.get(activity_url(meeting)))}
        for index in range(new_people):
            data.update(new_row(index, name=f"Nieuw {len(known)}-{index}", consent="on"))
        assert client.post(activity_url(meeting), data).status_code == 302
        with CaptureQueriesContext(connection) as context:
            assert client.post(activity_url(meeting), data).status_code == 302
        return len(context.captured_queries)

    neighbourhood = meeting.process.neighbourhood
    small = repeat_cost(1, [ParticipantFactory(neighbourhood=neighbourhood)])
    large = repeat_cost(6, [ParticipantFactory(neighbourhood=neighbourhood) for _ in range(8)])
    assert large == small


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises all writes; the race needs PostgreSQL")
def test_attendance_sent_twice_at_the_same_moment_records_once(migration_data, manager,
                                                              meeting):
    token = "t" * 32
    data = {"submission": token, **three_new_people()}
    clients = [Client(), Client()]
    for each in clients:
        each.force_login(manager)
    barrier = threading.Barrier(len(clients))
    statuses = []

    def send(each):
        barrier.wait()
        statuses.append(each.post(activity_url(meeting), data).status_code)
        connection.close()

    threads = [threading.Thread(target=send, args=(each,)) for each in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert Participant.objects.count() == 3
    assert Attendance.objects.count() == 3
    assert FlowEvent.objects.filter(kind=FlowKind.INFLOW).count() == 3


# --- the channel of each new person ----------------------------------------------------

@pytest.mark.django_db
def test_each_new_person_comes_in_through_the_channel_of_their_row(client, manager, meeting):
    client.force_login(manager)
    page = client.get(activity_url(meeting))
    rows = page.context["rows"]
    assert [row["channel"].value() for row in rows] == [InflowChannel.INFORMATION_MEETING] * 3
    data = three_new_people(ahmed={"channel": InflowChannel.REFERRAL},
                            lotte={"channel": InflowChannel.ORGANIZER})
    assert client.post(activity_url(meeting), data).status_code == 302
    channels = dict(FlowEvent.objects.values_list("participant__name", "channel"))
    assert channels == {"Yara Bos": InflowChannel.INFORMATION_MEETING,
                        "Ahmed Yilmaz": InflowChannel.REFERRAL,
                        "Lotte de Vries": InflowChannel.ORGANIZER}


@pytest.mark.django_db
def test_the_rows_of_another_activity_start_at_its_own_channel(client, manager, meeting):
    training = ActivityFactory(process=meeting.process, date=meeting.date,
                               kind=ActivityKind.TRAINING, phase=Phase.EMERGENCE)
    client.force_login(manager)
    rows = client.get(activity_url(training)).context["rows"]
    assert {row["channel"].value() for row in rows} == {InflowChannel.OTHER}
    part = client.get(reverse("dashboard:attendance_new_row", args=[training.pk]),
                      {"rijen": "3"})
    assert '<option value="other" selected>' in part.content.decode()
    # A channel chosen in an otherwise empty row adds nobody.
    response = client.post(activity_url(training), {
        **new_row(0, name="Yara Bos", consent="on"),
        **new_row(1, channel=InflowChannel.REFERRAL), "rijen": "2"})
    assert response.status_code == 302
    assert list(FlowEvent.objects.values_list("channel", flat=True)) == [InflowChannel.OTHER]


@pytest.mark.django_db
def test_a_channel_that_does_not_exist_is_refused_on_its_row(client, manager, meeting):
    client.force_login(manager)
    response = client.post(activity_url(meeting), three_new_people(yara={"channel": "telepathy"}))
    assert response.status_code == 400
    assert response.context["rows"][0].errors["channel"]
    assert 'value="Yara Bos"' in response.content.decode()
    assert not Participant.objects.exists()


# --- the import ------------------------------------------------------------------------

@pytest.fixture
def process(manager):
    return managed_process(manager, phase=Phase.EMERGENCE)


@pytest.mark.django_db
def test_an_import_sent_twice_imports_the_list_once(client, manager, process):
    client.force_login(manager)
    upload(client, csv_file(people(process, 50)))
    data = {**mapping(), "action": "import", "submission": token_in(client.get(PREVIEW))}
    first = client.post(PREVIEW, data, follow=True)
    second = client.post(PREVIEW, data, follow=True)
    assert second.redirect_chain == first.redirect_chain
    with_count = [text for text in said(second) if "50" in text]
    assert with_count, said(second)  # the second answer says what the first imported
    assert Participant.objects.count() == 50
    assert FlowEvent.objects.count() == 50


@pytest.mark.django_db
def test_an_import_running_twice_answers_the_second_with_the_first(manager, process):
    """What the service does when the second sending passed the page's own check (two
    requests at once): the same people, imported once."""
    kwargs = {"people": [{"name": f"Bewoner {n}", "email": f"b{n}@lijst.example",
                          "neighbourhood": process.neighbourhood} for n in range(5)],
              "channel": InflowChannel.INFORMATION_MEETING, "occurred_on": TODAY,
              "consent_purpose": ConsentPurpose.PARTICIPATION, "privacy_version": "1",
              "submission": "s" * 32}
    first = people_services.participants_import(**kwargs)
    second = people_services.participants_import(**kwargs)
    assert [p.pk for p in second] == [p.pk for p in first]
    assert Participant.objects.count() == 5


# --- the invitation round --------------------------------------------------------------

@pytest.mark.django_db
def test_an_invitation_round_sent_twice_goes_out_once(client, django_capture_on_commit_callbacks):
    facilitator = UserFactory(username="anke")
    facilitator.groups.add(Group.objects.get(name=FACILITATOR))
    route = RouteFactory(facilitator=facilitator)
    spoken = [ConversationFactory(route=route).participant for _ in range(2)]
    route.participants.add(*spoken)
    client.force_login(facilitator)
    url = reverse("nieuweroute:invite", args=[route.pk])
    data = {"participants": [p.pk for p in spoken], "submission": token_in(client.get(url))}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url, data, follow=True)
    assert second.redirect_chain == first.redirect_chain
    assert said(second) == said(first)
    assert Invitation.objects.count() == 2
    assert len(mail.outbox) == 2
