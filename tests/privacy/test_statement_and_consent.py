"""The privacy statement is versioned, and every consent records its version and time."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import SignUp
from nieuweroute.services import conversation_record
from participants.models import Consent, ConsentPurpose
from participants.privacy import PRIVACY_STATEMENT_DATE, PRIVACY_STATEMENT_VERSION
from tests.initiatives.conftest import links_in
from tests.initiatives.factories import InitiativeFactory
from tests.nieuweroute.factories import RouteFactory
from tests.participants.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_the_statement_shows_its_version_date_and_periods(client, settings):
    settings.RETENTION_UNCONFIRMED_SIGNUP_DAYS = 30
    settings.RETENTION_OUTFLOW_MONTHS = 24
    response = client.get(reverse("participants:privacy"))
    page = response.content.decode()
    assert response.status_code == 200
    day = datetime.date.fromisoformat(PRIVACY_STATEMENT_DATE)
    assert f"Versie {PRIVACY_STATEMENT_VERSION}" in page
    assert f"{day.day} november {day.year}" in page
    assert "na 30 dagen verwijderd" in page
    assert "24 maanden nadat u bent gestopt" in page


def test_a_public_sign_up_records_the_version_seen_and_the_moment(client, settings):
    from django.core import mail

    settings.PUBLIC_FORM_RATE_LIMIT = "100/h"
    initiative = InitiativeFactory()
    client.post(reverse("initiatives:signup", args=[initiative.slug]), {
        "name": "Anja de Boer", "email": "anja@example.nl", "postcode": "7941 AB",
        "consent": "on",
    })
    signup = SignUp.objects.get()
    assert signup.privacy_version == PRIVACY_STATEMENT_VERSION
    client.post(links_in(mail.outbox[0])["confirm"])
    consent = Consent.objects.get()
    assert consent.purpose == ConsentPurpose.PARTICIPATION
    # The version shown on the form, at the moment the form was sent.
    assert consent.privacy_version == signup.privacy_version
    assert consent.given_at == signup.created_at


def test_staff_adding_a_consent_start_from_the_current_version_and_now(admin_client):
    page = admin_client.get(reverse("admin:participants_participant_add")).content.decode()
    assert f'name="consents-__prefix__-privacy_version" value="{PRIVACY_STATEMENT_VERSION}"' in (
        page
    )
    consent = Consent.objects.create(participant=ParticipantFactory(),
                                     purpose=ConsentPurpose.PARTICIPATION)
    assert consent.privacy_version == PRIVACY_STATEMENT_VERSION
    assert timezone.now() - consent.given_at < datetime.timedelta(minutes=1)


def test_staff_adding_a_participant_with_consent_in_the_admin(admin_client):
    now = timezone.localtime()
    response = admin_client.post(reverse("admin:participants_participant_add"), {
        "name": "Karel Smit", "email": "karel@example.nl", "kind": "resident",
        "consents-TOTAL_FORMS": "1", "consents-INITIAL_FORMS": "0",
        "consents-0-purpose": ConsentPurpose.KEEP_INFORMED,
        "consents-0-privacy_version": PRIVACY_STATEMENT_VERSION,
        "consents-0-given_at_0": now.strftime("%d-%m-%Y"),
        "consents-0-given_at_1": now.strftime("%H:%M:%S"),
        "flow_events-TOTAL_FORMS": "0", "flow_events-INITIAL_FORMS": "0",
        "attendances-TOTAL_FORMS": "0", "attendances-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    consent = Consent.objects.get(participant__name="Karel Smit")
    assert consent.privacy_version == PRIVACY_STATEMENT_VERSION and consent.given_at


def test_a_confirmed_address_in_a_conversation_is_consent_for_the_plan_mail():
    route = RouteFactory()
    person = ParticipantFactory()
    day = timezone.localdate()
    conversation_record(route=route, participant=person, held_on=day,
                        confirmed_email="anja.prive@example.nl")
    conversation_record(route=route, participant=person, held_on=day,
                        confirmed_email="anja.prive@example.nl")  # a second talk: no second consent
    consent = Consent.objects.get(participant=person)
    assert consent.purpose == ConsentPurpose.PLAN_MAIL
    assert consent.privacy_version == PRIVACY_STATEMENT_VERSION
    without = ParticipantFactory()
    conversation_record(route=route, participant=without, held_on=day)
    assert not Consent.objects.filter(participant=without).exists()
