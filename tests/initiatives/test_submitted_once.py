"""The public forms (join, a question, "Ik kom", keep me informed, an idea) store and mail
once however often they are sent: a double click, or a reload of the answer, gets the
same answer and nothing more."""

import datetime
import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from initiatives.models import SignUp, SignUpKind
from tests.initiatives.factories import InitiativeFactory
from tests.wei.factories import ActivityFactory
from wei.models import ActivityKind

TOKEN = re.compile(r'name="submission" value="([^"]+)"')
PERSON = {"name": "Anja de Boer", "email": "anja@example.nl", "postcode": "7941 AB",
          "consent": "on"}


def page_and_data(kind: str, initiative):
    """The form's page and what a resident types into it."""
    if kind == SignUpKind.JOIN:
        return reverse("initiatives:signup", args=[initiative.slug]), PERSON
    if kind == SignUpKind.QUESTION:
        return reverse("initiatives:question", args=[initiative.slug]), {
            **PERSON, "question": "Mag ik een keer komen kijken?"}
    if kind == SignUpKind.KEEP_INFORMED:
        return reverse("initiatives:neighbourhood", args=[initiative.neighbourhood.slug]), PERSON
    if kind == SignUpKind.IDEA:
        return reverse("initiatives:idea"), {
            **PERSON, "neighbourhood": initiative.neighbourhood.pk,
            "idea_title": "Ruilkast bij de school", "message": "Een kast om te ruilen."}
    activity = ActivityFactory(process=initiative.process, kind=ActivityKind.INFORMATION_MEETING,
                               is_public=True, takes_sign_ups=True,
                               date=timezone.localdate() + datetime.timedelta(days=9))
    return reverse("initiatives:attend", args=[activity.pk]), PERSON


def token_on(page) -> str:
    [token] = TOKEN.findall(page.content.decode())
    return token


KINDS = [SignUpKind.JOIN, SignUpKind.QUESTION, SignUpKind.ATTEND, SignUpKind.KEEP_INFORMED,
         SignUpKind.IDEA]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_a_public_form_sent_twice_stores_and_mails_once(client, kind):
    url, data = page_and_data(kind, InitiativeFactory())
    page = client.get(url)
    assert "private" in page["Cache-Control"]  # no shared cache hands out one token twice
    data = {**data, "submission": token_on(page)}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 200
    # "Check your mailbox", as the first time.
    answer = "initiatives/check_your_mail.html"
    for response in (first, second):
        assert answer in [template.name for template in response.templates]
    assert second.context["kind"] == first.context["kind"] == kind
    assert SignUp.objects.filter(kind=kind).count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_two_residents_on_their_own_pages_both_sign_up(client):
    initiative = InitiativeFactory()
    url = reverse("initiatives:signup", args=[initiative.slug])
    for email in ("anja@example.nl", "bram@example.nl"):
        token = token_on(Client().get(url))
        assert client.post(url, {**PERSON, "email": email, "submission": token}).status_code == 200
    assert SignUp.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_form_shown_again_keeps_its_token(client):
    initiative = InitiativeFactory()
    url = reverse("initiatives:signup", args=[initiative.slug])
    token = token_on(client.get(url))
    refused = client.post(url, {**PERSON, "email": "geen adres", "submission": token})
    assert refused.status_code == 200 and token_on(refused) == token
    assert not SignUp.objects.exists()
    client.post(url, {**PERSON, "submission": token})
    client.post(url, {**PERSON, "submission": token})
    assert SignUp.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises all writes; the race needs PostgreSQL")
def test_a_sign_up_sent_twice_at_the_same_moment_is_stored_once():
    initiative = InitiativeFactory()
    url = reverse("initiatives:signup", args=[initiative.slug])
    data = {**PERSON, "submission": "k" * 32}
    barrier = threading.Barrier(2)
    statuses = []

    def send():
        barrier.wait()
        statuses.append(Client().post(url, data).status_code)
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200, 200]
    assert SignUp.objects.count() == 1
