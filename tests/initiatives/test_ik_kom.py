"""'Ik kom' for a public activity: a resident says they come, confirms by e-mail, the card
counts them (never names them) and the process manager finds them ticked on the
activity's attendance page; withdrawing takes them off it."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from initiatives.models import SignUp
from participants.models import Attendance, Participant
from tests.initiatives.conftest import links_in
from tests.wei.factories import ActivityFactory, ProcessFactory, ProcessManagerFactory
from wei.models import ActivityKind, Phase
from wei.roles import PROCESS_MANAGER

pytestmark = pytest.mark.django_db

NEIGHBOURHOOD_PAGE_QUERIES = 5

VALID = {"name": "Anja de Boer", "email": "Anja@Example.NL", "postcode": "7941ab",
         "consent": "on"}


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def manager():
    Group.objects.get_or_create(name=PROCESS_MANAGER)
    return ProcessManagerFactory()


@pytest.fixture
def evening(manager):
    process = ProcessFactory(phase=Phase.INFORMATION, neighbourhood__name="Haveltermade",
                             neighbourhood__slug="haveltermade")
    process.managers.add(manager)
    return ActivityFactory(process=process, kind=ActivityKind.INFORMATION_MEETING,
                           is_public=True, takes_sign_ups=True, date=days(9),
                           start_time=datetime.time(19, 30), location="Buurthuis De Kansel",
                           title="Informatieavond in het buurthuis", phase=Phase.INFORMATION)


def attend_url(activity):
    return reverse("initiatives:attend", args=[activity.pk])


def say_i_come(client, activity, **changes):
    response = client.post(attend_url(activity), {**VALID, **changes})
    assert response.status_code == 200
    return response


def confirm_last_request(client):
    links = links_in(mail.outbox[-1])
    client.post(links["confirm"])
    return links


def test_the_card_links_to_the_form_and_counts_who_confirmed_never_naming_them(client,
                                                                                 evening):
    page = client.get("/wijken/haveltermade/").content.decode()
    assert attend_url(evening) in page and "Ik kom" in page
    assert "buren komen" not in page and "buur komt" not in page
    say_i_come(client, evening)
    confirm_last_request(client)
    say_i_come(client, evening, name="Bert", email="bert@example.nl")
    confirm_last_request(client)
    for path in ("/", "/wijken/haveltermade/"):
        html = client.get(path).content.decode()
        assert "2 buren komen" in html
        assert "Anja" not in html and "Bert" not in html


def test_an_unconfirmed_sign_up_is_not_counted(client, evening):
    say_i_come(client, evening)
    assert "buur komt" not in client.get("/wijken/haveltermade/").content.decode()


def test_refusals_are_dutch_and_keep_what_was_typed(client, evening):
    response = client.post(attend_url(evening), {**VALID, "consent": "",
                                                  "email": "anja@example.nl, b@example.nl"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zonder je toestemming kunnen we je niet aanmelden." in html
    assert 'value="Anja de Boer"' in html
    assert not SignUp.objects.exists() and not mail.outbox


def test_the_confirmation_mail_has_plain_text_html_and_a_withdraw_link(client, evening):
    html = say_i_come(client, evening).content.decode()
    assert "Controleer je mailbox" in html
    message = mail.outbox[0]
    assert message.to == ["anja@example.nl"]
    assert "Informatieavond in het buurthuis" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert set(links_in(message)) == {"confirm", "withdraw"}
    signup = SignUp.objects.get()
    token = links_in(message)["confirm"].split("/")[-2]
    assert token not in signup.token_hash and len(signup.token_hash) == 64
    assert not Participant.objects.exists()  # nothing before the confirmation


def test_the_rate_limit_answers_429(client, evening, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = "2/h"
    say_i_come(client, evening)
    say_i_come(client, evening)
    assert client.post(attend_url(evening), VALID).status_code == 429


@pytest.mark.parametrize("change", [{"is_public": False, "takes_sign_ups": False},
                                    {"takes_sign_ups": False}, {"date": days(-1)}])
def test_no_form_for_a_hidden_past_or_closed_activity(client, evening, change):
    for field, value in change.items():
        setattr(evening, field, value)
    evening.save()
    assert client.get(attend_url(evening)).status_code == 404
    assert client.post(attend_url(evening), VALID).status_code == 404


def test_confirmed_people_are_ticked_on_the_attendance_page_and_withdraw_takes_them_off(
        client, evening, manager):
    say_i_come(client, evening)
    links = confirm_last_request(client)
    participant = Participant.objects.get()
    assert participant.neighbourhood == evening.process.neighbourhood
    assert not Attendance.objects.exists()  # recorded by the manager after the meeting
    client.force_login(manager)
    url = reverse("dashboard:activity", args=[evening.pk])
    html = client.get(url).content.decode()
    assert "Aangemeld via &#x27;Ik kom&#x27; (1 persoon)" in html or \
        "Aangemeld via 'Ik kom' (1 persoon)" in html
    assert "Anja de Boer" in html

    # On the day itself the form has them ticked; saving records their attendance.
    evening.date = timezone.localdate()
    evening.save()
    html = client.get(url).content.decode()
    assert f'value="{participant.pk}" id="present-{participant.pk}" checked' in html
    response = client.post(url, {"present": [participant.pk], "rijen": "1",
                                 "nieuw-0-kind": "resident"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Attendance.objects.filter(activity=evening, participant=participant).exists()

    client.logout()
    client.post(links["withdraw"])
    client.force_login(manager)
    html = client.get(url).content.decode()
    assert "(0 personen)" in html and "Nog niemand heeft bevestigd." in html


def test_another_neighbourhoods_manager_never_sees_them(client, evening):
    say_i_come(client, evening)
    confirm_last_request(client)
    other = ProcessManagerFactory()
    ProcessFactory().managers.add(other)
    client.force_login(other)
    response = client.get(reverse("dashboard:activity", args=[evening.pk]))
    assert response.status_code == 404
    assert "Anja" not in response.content.decode()


def test_the_workspace_form_offers_sign_ups_for_public_activities_only(client, manager,
                                                                        evening):
    client.force_login(manager)
    url = reverse("dashboard:activity_create")
    data = {"activiteit-process": evening.process.pk, "activiteit-kind": "information_meeting",
            "activiteit-title": "Wijkavond", "activiteit-date": days(5).isoformat(),
            "activiteit-location": "Buurthuis", "activiteit-takes_sign_ups": "on"}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Alleen een openbare activiteit neemt aanmeldingen aan" in refused.content.decode()
    client.post(url, {**data, "activiteit-is_public": "on"})
    assert client.get("/wijken/haveltermade/").content.decode().count("Ik kom") >= 2


@pytest.mark.parametrize("n", [1, 6])
def test_the_card_pages_cost_the_same_queries_at_any_size(client, evening,
                                                          django_assert_num_queries, n):
    for number in range(n):
        ActivityFactory(process=evening.process, is_public=True, takes_sign_ups=True,
                        date=days(number + 1), location="Buurthuis")
    for number in range(n):
        say_i_come(client, evening, email=f"buur{number}@example.nl")
        confirm_last_request(client)
    # The activities carry their count in the same query: the home page stays at its
    # three queries without initiatives, the neighbourhood page at its own.
    with django_assert_num_queries(3):
        assert client.get("/").status_code == 200
    with django_assert_num_queries(NEIGHBOURHOOD_PAGE_QUERIES):
        assert client.get("/wijken/haveltermade/").status_code == 200


def test_who_said_ik_kom_hears_when_the_activity_moves_and_nobody_else(client, evening):
    say_i_come(client, evening)
    confirm_last_request(client)
    say_i_come(client, evening, name="Bert Bos", email="bert@example.nl")  # never confirmed
    mail.outbox.clear()

    from wei.services import activity_update

    def update(**changes):
        fields = {"title": evening.title, "date": evening.date, "location": evening.location,
                  "description": evening.description, "start_time": evening.start_time,
                  "end_time": evening.end_time, "is_public": True, "takes_sign_ups": True}
        return activity_update(activity=evening, **{**fields, **changes})

    update(title="Informatieavond over de wijk")  # the title only: nobody is told
    assert mail.outbox == []
    update(title="Informatieavond over de wijk", date=days(10), start_time=datetime.time(20, 0),
           location="De Kansel & Co")

    (message,) = mail.outbox
    assert message.to == ["anja@example.nl"]
    assert message.subject == '"Informatieavond over de wijk" is verplaatst'
    assert f"{days(10):%-d}" in message.body and "20:00" in message.body
    assert "De Kansel & Co" in message.body and "19:30" in message.body
    assert "/afmelden/" in message.body
