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
    part = message.attachments[0]
    assert part.get_filename() == "uitnodiging.ics"
    assert part["Content-Type"] == "text/calendar; method=REQUEST; charset=utf-8"
    calendar = part.get_payload(decode=True).decode()
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


# --- the calendar file: an iTIP request, its update when the meeting moves, a cancellation --

def calendar_of(message):
    part = message.attachments[0]
    return part["Content-Type"], part.get_payload(decode=True).decode()


def event_of(text):
    import icalendar

    calendar = icalendar.Calendar.from_ical(text)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_the_calendar_file_is_an_itip_request_that_parses_in_icalendar_and_vobject(
        invited, route):
    import vobject

    content_type, text = calendar_of(mail.outbox[0])
    calendar, event = event_of(text)
    assert calendar["METHOD"] == "REQUEST" and "method=REQUEST" in content_type
    assert event["UID"] == f"route-{route.pk}-invitation-{invited.pk}@wijkkompas"
    assert event["SEQUENCE"] == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event.decoded("DTSTART").hour == 9 and event.decoded("DTSTART").minute == 30
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Amsterdam"
    assert str(event["ORGANIZER"]).startswith("mailto:")
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:jan@example.org"
    assert attendee.params["RSVP"] == "TRUE" and attendee.params["CN"] == "Jan Bakker"
    parsed = vobject.readOne(text)
    assert parsed.vevent.uid.value == event["UID"]
    assert parsed.vevent.location.value == "Wijkcentrum De Plataan, Meppel"


def test_moving_the_meeting_sends_every_invitee_an_update(client, invited, route):
    yes, _no = links(mail.outbox[0])
    Invitation.objects.filter(pk=invited.pk).update(response=InvitationResponse.YES)
    later = route.meeting_date + datetime.timedelta(days=3)
    services.route_set_meeting(route=route, date=later, start=datetime.time(19, 0),
                               end=datetime.time(21, 30), place="Buurthuis De Kolk",
                               base_url="http://testserver/")
    assert len(mail.outbox) == 2
    update = mail.outbox[1]
    assert update.to == ["jan@example.org"]
    assert update.subject == ("De besluitvormingsbijeenkomst is verplaatst: "
                              "Samen voor de uitvoering van WDW")
    assert "19:00–21:30" in update.body and "Buurthuis De Kolk" in update.body
    _first_type, first = calendar_of(mail.outbox[0])
    content_type, text = calendar_of(update)
    _calendar, event = event_of(text)
    assert "method=REQUEST" in content_type
    assert event["UID"] == event_of(first)[1]["UID"] and event["SEQUENCE"] == 1
    assert event.decoded("DTSTART").date() == later
    # Everyone is asked again, with a new link; the old one no longer works.
    invited.refresh_from_db()
    assert invited.response == InvitationResponse.PENDING
    new_yes, _new_no = links(update)
    assert client.get(yes).status_code == 404 and client.get(new_yes).status_code == 200


def test_the_meeting_cannot_move_into_the_past_once_invitations_went_out(invited, route):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        services.route_set_meeting(route=route, date=datetime.date.today()
                                   - datetime.timedelta(days=1),
                                   start=route.meeting_start, place=route.meeting_place)
    assert "vandaag of een latere dag" in " ".join(excinfo.value.messages)
    route.refresh_from_db()
    assert route.meeting_sequence == 0 and len(mail.outbox) == 1


def test_cancelling_the_meeting_sends_a_cancellation(invited, route):
    day = route.meeting_date
    told = services.route_cancel_meeting(route=route)
    assert told == 1 and len(mail.outbox) == 2
    cancellation = mail.outbox[1]
    assert cancellation.subject == ("Afgelast: de besluitvormingsbijeenkomst van "
                                    "Samen voor de uitvoering van WDW")
    content_type, text = calendar_of(cancellation)
    calendar, event = event_of(text)
    assert calendar["METHOD"] == "CANCEL" and "method=CANCEL" in content_type
    assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 1
    assert event.decoded("DTSTART").date() == day
    route.refresh_from_db()
    assert route.meeting_date is None and not route.invitations.exists()
