"""Invitation and plan mail is queued in the transaction that records it: a crash after the
commit loses no e-mail, a calendar file that cannot be written refuses the invitation, and an
unanswered invitation can be sent again from the route page."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from post_office.models import STATUS, Email

from nieuweroute import services
from nieuweroute.models import Invitation, InvitationResponse, KaderCheck, PlanSending
from tests.nieuweroute.factories import (
    ConversationFactory,
    KaderFactory,
    ParticipantFactory,
    PlanVersionFactory,
    RouteFactory,
    UserFactory,
)
from wei.roles import FACILITATOR

pytestmark = pytest.mark.django_db

ANSWER_LINK = re.compile(r"http://testserver(/nieuwe-route/uitnodiging/[^/\s]+/)")


@pytest.fixture
def queue(settings, tmp_path):
    """The project's own queue; nothing is delivered, so the stored rows can be read."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "core.mail.QueueBackend"
    settings.POST_OFFICE = {**settings.POST_OFFICE, "DEFAULT_PRIORITY": "medium"}
    return tmp_path


@pytest.fixture
def facilitator(client):
    user = UserFactory(username="anke")
    user.groups.add(Group.objects.get(name=FACILITATOR))
    client.force_login(user)
    return user


@pytest.fixture
def spoken_to(facilitator):
    route = RouteFactory(facilitator=facilitator,
                         meeting_date=datetime.date.today() + datetime.timedelta(days=20))
    conversation = ConversationFactory(route=route, participant=ParticipantFactory(name="Jan"),
                                       confirmed_email="jan@example.org")
    return route, conversation.participant


def test_the_invitation_and_its_calendar_file_are_queued_before_the_commit(
        queue, spoken_to, django_capture_on_commit_callbacks):
    route, jan = spoken_to
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        services.invitation_send(route=route, participant=jan, base_url="http://testserver/")
    # Nothing waits for the commit: had the server died right after it, the mail was stored.
    assert after_commit == []
    email = Email.objects.get()
    assert email.to == ["jan@example.org"]
    assert [a.name for a in email.attachments.all()] == ["uitnodiging.ics"]


def test_a_calendar_file_that_cannot_be_written_refuses_the_invitation(
        client, queue, spoken_to, settings):
    route, jan = spoken_to
    (queue / "full").write_text("")
    settings.MEDIA_ROOT = queue / "full"  # a file, not a folder: every write fails
    response = client.post(reverse("nieuweroute:invite", args=[route.pk]),
                           {"participants": [jan.pk]})
    assert response.status_code == 400  # refused: the form again, with the reason
    assert "De e-mail kon niet worden opgeslagen" in response.content.decode()
    assert not Invitation.objects.exists() and not Email.objects.exists()
    # The person is still offered on the invite form.
    assert "Jan" in client.get(reverse("nieuweroute:invite", args=[route.pk])).content.decode()


def test_the_plan_mail_is_queued_with_its_sendings(queue, spoken_to,
                                                   django_capture_on_commit_callbacks):
    route, jan = spoken_to
    kader = KaderFactory(route=route, number=1)
    plan = PlanVersionFactory(route=route)
    route.meeting_date = plan.decided_on  # the meeting took place, with Jan there
    route.save()
    services.invitation_send(route=route, participant=jan, notify=False, today=plan.decided_on)
    Invitation.objects.update(attended=True)
    KaderCheck.objects.create(plan=plan, kader=kader, meets=True, explanation="Past",
                              checked_on=plan.decided_on)
    services.plan_accept(plan=plan, today=plan.decided_on, confirmed=True)
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        services.plan_send(plan=plan, confirmed=True)
    assert after_commit == []
    assert PlanSending.objects.count() == 1
    assert list(Email.objects.values_list("to", flat=True)) == [["jan@example.org"]]


def test_a_failed_invitation_is_sent_again_from_the_route_page(client, queue, spoken_to):
    route, jan = spoken_to
    client.post(reverse("nieuweroute:invite", args=[route.pk]), {"participants": [jan.pk]})
    first = Email.objects.get()
    old_link = ANSWER_LINK.search(first.message).group(1)
    Email.objects.filter(pk=first.pk).update(status=STATUS.failed)  # the server refused it

    page = client.get(route.get_absolute_url()).content.decode()
    assert "Opnieuw versturen" in page
    invitation = Invitation.objects.get()
    response = client.post(
        reverse("nieuweroute:invitation_resend", args=[route.pk, invitation.pk]), follow=True)
    assert "De uitnodiging is opnieuw naar Jan verstuurd." in response.content.decode()

    second = Email.objects.exclude(pk=first.pk).get()
    assert second.to == ["jan@example.org"]
    assert [a.name for a in second.attachments.all()] == ["uitnodiging.ics"]
    new_link = ANSWER_LINK.search(second.message).group(1)
    assert new_link != old_link
    assert client.get(old_link).status_code == 404  # the first link no longer works
    assert client.get(new_link).status_code == 200


def test_an_answered_invitation_is_not_sent_again(client, queue, spoken_to):
    route, jan = spoken_to
    client.post(reverse("nieuweroute:invite", args=[route.pk]), {"participants": [jan.pk]})
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(response=InvitationResponse.YES)
    assert "Opnieuw versturen" not in client.get(route.get_absolute_url()).content.decode()
    response = client.post(
        reverse("nieuweroute:invitation_resend", args=[route.pk, invitation.pk]), follow=True)
    assert "Jan heeft de uitnodiging al beantwoord." in response.content.decode()
    assert Email.objects.count() == 1


def test_an_invitation_of_a_route_out_of_sight_is_not_found(client, queue, spoken_to):
    route, jan = spoken_to
    services.invitation_send(route=route, participant=jan, notify=False)
    other = UserFactory(username="someone-else")
    other.groups.add(Group.objects.get(name=FACILITATOR))
    client.force_login(other)
    response = client.post(reverse("nieuweroute:invitation_resend",
                                   args=[route.pk, Invitation.objects.get().pk]))
    assert response.status_code == 404
    assert not Email.objects.exists()
