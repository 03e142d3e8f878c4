"""The invitation e-mail with its calendar file, and answering it from the link."""

import datetime
import re

import pytest
from django.core import mail

from nieuweroute import services
from nieuweroute.models import Invitation, InvitationResponse
from tests.nieuweroute.factories import ConversationFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(route, django_capture_on_commit_callbacks):
    route.meeting_date = datetime.date.today() + datetime.timedelta(days=20)
    route.meeting_start, route.meeting_end = datetime.time(9, 30), datetime.time(16, 0)
    route.meeting_place = "Wijkcentrum De Plataan, Meppel"
    route.save()
    conversation = ConversationFactory(
        route=route, participant=ParticipantFactory(name="Jan Bakker"),
        confirmed_email="jan@example.org",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_send(route=route, participant=conversation.participant,
                                 base_url="http://testserver/")
    return Invitation.objects.get()


def links(message):
    return re.findall(r"http://testserver(/nieuwe-route/uitnodiging/\S+/)", message.body)


def test_the_invitation_mail_has_date_time_place_and_a_calendar_file(invited, route):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jan@example.org"]
    assert message.subject == (
        "Uitnodiging voor de besluitvormingsbijeenkomst: Samen voor de uitvoering van WDW")
    assert "Beste Jan Bakker," in message.body
    assert "09:30–16:00" in message.body and "Wijkcentrum De Plataan, Meppel" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Ja, ik kom" in html
    name, calendar, mimetype = message.attachments[0]
    assert name == "uitnodiging.ics" and mimetype.startswith("text/calendar")
    assert "\r\n" in calendar and "\n" not in calendar.replace("\r\n", "")
    day = route.meeting_date.strftime("%Y%m%d")
    assert f"DTSTART;TZID=Europe/Amsterdam:{day}T093000\r\n" in calendar
    assert f"DTEND;TZID=Europe/Amsterdam:{day}T160000\r\n" in calendar
    assert "LOCATION:Wijkcentrum De Plataan\\, Meppel\r\n" in calendar
    assert "SUMMARY:Besluitvormingsbijeenkomst: Samen voor de uitvoering van WDW" in calendar
    assert "jan@example.org" not in " ".join(links(message))


def test_answering_yes_from_the_link(client, invited):
    yes, _no = links(mail.outbox[0])
    assert yes.endswith("/ja/")
    page = client.get(yes)
    assert page.status_code == 200 and "Ja, ik kom" in page.content.decode()
    invited.refresh_from_db()
    assert invited.response == InvitationResponse.PENDING  # a GET (mail scanner) answers nothing
    response = client.post(yes, {"answer": "ja"})
    assert "Graag tot ziens" in response.content.decode()
    invited.refresh_from_db()
    assert invited.response == InvitationResponse.YES
    # The link has been used: a clear page, the answer unchanged.
    again = client.post(yes, {"answer": "nee"})
    assert again.status_code == 410
    assert "Je hebt deze uitnodiging al beantwoord: ja, ik kom." in again.content.decode()
    invited.refresh_from_db()
    assert invited.response == InvitationResponse.YES


def test_answering_no_from_the_link(client, invited):
    _yes, no = links(mail.outbox[0])
    response = client.post(no, {"answer": "nee"})
    assert "niet kunt komen" in response.content.decode()
    invited.refresh_from_db()
    assert invited.response == InvitationResponse.NO


@pytest.mark.parametrize("path", [
    "/nieuwe-route/uitnodiging/verzonnen/",
    "/nieuwe-route/uitnodiging/verzonnen/ja/",
    "/nieuwe-route/uitnodiging/%00%27;--/misschien/",
])
def test_a_forged_link_gets_a_clear_page(client, invited, path):
    for response in (client.get(path), client.post(path, {"answer": "ja"})):
        assert response.status_code == 404
        assert "We herkennen deze link niet" in response.content.decode()
    invited.refresh_from_db()
    assert invited.response == InvitationResponse.PENDING


def test_an_expired_link_gets_a_clear_page(client, invited, route):
    yes, _no = links(mail.outbox[0])
    route.meeting_date = datetime.date.today() - datetime.timedelta(days=1)
    route.save()
    response = client.post(yes, {"answer": "ja"})
    assert response.status_code == 410
    assert "heeft al plaatsgevonden" in response.content.decode()


def test_a_post_without_a_choice_asks_again(client, invited):
    yes, _no = links(mail.outbox[0])
    response = client.post(yes, {"answer": "misschien"})
    assert response.status_code == 400 and "Kies ja of nee." in response.content.decode()
