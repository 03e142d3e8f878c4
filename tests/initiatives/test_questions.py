"""An initiative's page for residents: how many neighbours take part (never who), its
latest public reflection, and "Stel een vraag", a question to its leads that reaches
the process manager only once the resident confirms it from the e-mail."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from initiatives import services
from initiatives.models import FollowUp, FollowUpKind, FollowUpStatus, SignUp
from participants.models import Consent, FlowEvent, Participant
from tests.initiatives.conftest import links_in
from tests.initiatives.factories import (
    InitiativeFactory,
    ParticipantFactory,
    ReflectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

VALID = {
    "question": "Mag ik ook één keer meedoen, zonder me aan te melden?",
    "name": "Anja de Boer", "email": "Anja@Example.NL ", "consent": "on",
}


@pytest.fixture
def initiative():
    initiative = InitiativeFactory(title="Buurtkeuken")
    initiative.process.managers.add(UserFactory(email="petra@gemeente.example.nl"))
    return initiative


def question_url(initiative):
    return reverse("initiatives:question", args=[initiative.slug])


def ask(client, initiative, **changes):
    return client.post(question_url(initiative), {**VALID, **changes})


def members(initiative, n, **fields):
    people = [ParticipantFactory(**fields) for _ in range(n)]
    for person in people:
        services.membership_start(participant=person, initiative=initiative)
    return people


# --- the number of neighbours taking part -------------------------------------------------

def test_the_page_counts_the_neighbours_taking_part_and_names_none(client, initiative):
    people = members(initiative, 3, name="Geheime Buurvrouw")
    left = members(initiative, 1, name="Vertrokken Buurman")[0]
    services.membership_end(membership=left.memberships.get())
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "3 buren doen mee" in html
    assert "Geheime Buurvrouw" not in html and "Vertrokken Buurman" not in html
    assert not any(person.email in html for person in people)

    services.membership_end(membership=people[0].memberships.get())
    services.membership_end(membership=people[1].memberships.get())
    assert "1 buur doet mee" in client.get(initiative.get_absolute_url()).content.decode()


def test_a_confirmed_sign_up_counts_once_and_an_unconfirmed_one_not_at_all(client, initiative):
    client.post(reverse("initiatives:signup", args=[initiative.slug]), {
        "name": "Bert", "email": "bert@example.nl", "postcode": "7941 AB", "consent": "on"})
    client.post(reverse("initiatives:signup", args=[initiative.slug]), {
        "name": "Carla", "email": "carla@example.nl", "postcode": "7941 AB", "consent": "on"})
    client.post(links_in(mail.outbox[0])["confirm"])
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "1 buur doet mee" in html


def test_nobody_taking_part_shows_no_count(client, initiative):
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "doet mee" not in html and "doen mee" not in html


@pytest.mark.parametrize("n", [1, 25])
def test_the_page_costs_the_same_queries_for_more_neighbours(
        client, initiative, django_assert_num_queries, n):
    members(initiative, n)
    for day in range(1, n + 1):
        ReflectionFactory(initiative=initiative, date=datetime.date(2025, 1, min(day, 28)))
    # 1 the initiative with its neighbourhood and the count of its active memberships,
    # 2 its themes, 3 its latest public reflection, 4 its own upcoming public
    # activities, 5 (having none) its neighbourhood's.
    with django_assert_num_queries(5):
        response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    expected = "1 buur doet mee" if n == 1 else f"{n} buren doen mee"
    assert expected in response.content.decode()


# --- the latest public reflection ---------------------------------------------------------

def test_the_latest_public_reflection_with_its_date_in_dutch(client, initiative):
    ReflectionFactory(initiative=initiative, date=datetime.date(2025, 3, 1),
                      what_we_did="Eerste keer gekookt.")
    ReflectionFactory(initiative=initiative, date=datetime.date(2025, 10, 12),
                      what_we_did="Soep voor dertig buren.")
    ReflectionFactory(initiative=initiative, date=datetime.date(2025, 11, 1),
                      what_we_did="Ruzie over de pannen.", is_public=False)
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "Onze laatste reflectie" in html
    assert "12 oktober 2025" in html and "Soep voor dertig buren." in html
    assert "Eerste keer gekookt." not in html and "Ruzie over de pannen." not in html


# --- asking a question --------------------------------------------------------------------

def test_the_page_links_to_the_question_form_which_has_labels_and_a_privacy_link(
        client, initiative):
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "Stel een vraag" in html and question_url(initiative) in html
    form = client.get(question_url(initiative)).content.decode()
    assert "Stel Buurtkeuken een vraag" in form
    for label in ("Je vraag", "Je naam", "Je e-mailadres"):
        assert f"{label}" in form, label
    assert reverse("participants:privacy") in form
    assert "Verstuur mijn vraag" in form


def test_refusals_are_in_dutch_and_keep_what_was_typed(client, initiative):
    response = ask(client, initiative, email="geen-adres", name="A" * 201, consent="")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Voer een geldig e-mailadres in" in html
    assert "Zorg dat deze waarde niet meer dan 200 tekens bevat" in html
    assert "Zonder je toestemming kunnen we je vraag niet doorgeven." in html
    assert "Mag ik ook één keer meedoen" in html  # kept
    assert "geen-adres" in html
    assert not SignUp.objects.exists() and not mail.outbox

    html = ask(client, initiative, question="   ").content.decode()
    assert "Schrijf je vraag op." in html
    html = ask(client, initiative, question="x" * 2001).content.decode()
    assert "Zorg dat deze waarde niet meer dan 2000 tekens bevat" in html
    assert not SignUp.objects.exists() and not mail.outbox


@pytest.mark.parametrize("address", [
    '"a,b"@example.nl', "anja@example.nl, piet@example.nl", "Anja <anja@example.nl>",
])
def test_one_mailbox_per_address(client, initiative, address):
    response = ask(client, initiative, email=address)
    assert response.status_code == 200
    assert "Controleer je mailbox" not in response.content.decode()
    assert not SignUp.objects.exists() and not mail.outbox


def test_the_rate_limit_answers_429_with_the_dutch_page(client, initiative, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = "2/h"
    for _ in range(2):
        assert ask(client, initiative).status_code == 200
    response = ask(client, initiative)
    assert response.status_code == 429
    assert "Een moment geduld" in response.content.decode()
    assert SignUp.objects.count() == 2
    assert client.get(question_url(initiative)).status_code == 200


def test_the_honeypot_answers_as_usual_and_keeps_nothing(client, initiative):
    response = ask(client, initiative, website="http://spam.example")
    assert "Controleer je mailbox" in response.content.decode()
    assert not SignUp.objects.exists() and not mail.outbox


def test_an_unconfirmed_question_reaches_nobody(client, initiative):
    response = ask(client, initiative)
    assert response.status_code == 200 and "Controleer je mailbox" in response.content.decode()
    assert len(mail.outbox) == 1
    request = mail.outbox[0]
    assert request.to == ["anja@example.nl"]
    assert request.subject == "Bevestig je vraag"
    assert "Mag ik ook één keer meedoen" in request.body
    assert 'een vraag gesteld aan "Buurtkeuken"' in request.body
    html, kind = request.alternatives[0]
    assert kind == "text/html" and "Bevestig mijn vraag" in html and "Wijkkompas" in html
    assert set(links_in(request)) == {"confirm", "withdraw"}
    # A GET (a mail client's link scanner) passes nothing on either.
    assert client.get(links_in(request)["confirm"]).status_code == 200
    assert not FollowUp.objects.exists()
    assert [message.to for message in mail.outbox] == [["anja@example.nl"]]
    signup = SignUp.objects.get()
    assert signup.kind == "question" and signup.confirmed_at is None


def test_confirming_opens_a_follow_up_and_mails_the_process_manager(client, initiative):
    lead = ParticipantFactory(email="trekker@example.nl")
    services.membership_start(participant=lead, initiative=initiative, role="lead")
    ask(client, initiative)
    confirm = links_in(mail.outbox[0])["confirm"]
    page = client.get(confirm).content.decode()
    assert "Bevestig je vraag" in page and "Bevestig mijn vraag" in page
    before = (Participant.objects.count(), FlowEvent.objects.count(), Consent.objects.count())

    response = client.post(confirm)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Je vraag is bevestigd" in html and "geeft hem door" in html

    followup = FollowUp.objects.get()
    assert followup.kind == FollowUpKind.QUESTION and followup.status == FollowUpStatus.NEW
    assert followup.signup.initiative == initiative
    # Asking is not taking part: nobody new in the process, nobody counted.
    assert (Participant.objects.count(), FlowEvent.objects.count(),
            Consent.objects.count()) == before
    assert "1 buur doet mee" in client.get(initiative.get_absolute_url()).content.decode()

    by_address = {tuple(message.to): message for message in mail.outbox[1:]}
    assert set(by_address) == {("anja@example.nl",), ("petra@gemeente.example.nl",)}
    notice = by_address[("petra@gemeente.example.nl",)]
    assert notice.subject == "Een vraag voor Buurtkeuken"
    assert "Mag ik ook één keer meedoen" in notice.body and "anja@example.nl" in notice.body
    assert reverse("dashboard:followup_detail", args=[followup.pk]) in notice.body
    notice_html = notice.alternatives[0][0]
    assert "Geef hem door aan de trekkers" in notice_html and "<!DOCTYPE html>" in notice_html
    assert by_address[("anja@example.nl",)].subject == "Je vraag is bevestigd"


def test_the_question_and_the_address_are_never_on_the_public_pages(client, initiative):
    ask(client, initiative)
    client.post(links_in(mail.outbox[0])["confirm"])
    for url in (initiative.get_absolute_url(), question_url(initiative),
                reverse("initiatives:list"),
                reverse("initiatives:neighbourhood", args=[initiative.neighbourhood.slug])):
        html = client.get(url).content.decode()
        assert "anja@example.nl" not in html.lower() and "Anja de Boer" not in html, url
        assert "zonder me aan te melden" not in html, url


def test_a_used_link_gets_the_clear_page_and_passes_nothing_on_twice(client, initiative):
    ask(client, initiative)
    confirm = links_in(mail.outbox[0])["confirm"]
    client.post(confirm)
    sent = len(mail.outbox)
    for response in (client.get(confirm), client.post(confirm)):
        assert response.status_code == 400
        assert "je vraag is bevestigd en doorgegeven" in response.content.decode()
    assert FollowUp.objects.count() == 1 and len(mail.outbox) == sent


@pytest.mark.parametrize("token", ["nonsense", "a:b:c", "x" * 300])
def test_a_forged_link_gets_the_clear_page(client, initiative, token):
    ask(client, initiative)
    response = client.post(reverse("initiatives:confirm", args=[token]))
    assert response.status_code == 400
    assert "Deze link is niet geldig" in response.content.decode()
    assert not FollowUp.objects.exists() and len(mail.outbox) == 1


def test_a_question_withdrawn_before_confirming_reaches_nobody(client, initiative):
    ask(client, initiative)
    links = links_in(mail.outbox[0])
    client.post(links["withdraw"])
    response = client.post(links["confirm"])
    assert response.status_code == 400
    assert not FollowUp.objects.exists() and len(mail.outbox) == 1


def test_a_hidden_initiative_takes_no_questions(client):
    hidden = InitiativeFactory(is_public=False)
    assert client.get(question_url(hidden)).status_code == 404
    assert ask(client, hidden).status_code == 404
    assert not SignUp.objects.exists()


def test_the_confirm_link_is_kept_from_crawlers_and_not_in_the_sitemap(client, initiative):
    ask(client, initiative)
    confirm = links_in(mail.outbox[0])["confirm"]
    robots = client.get("/robots.txt").content.decode().splitlines()
    disallowed = [line.split(": ", 1)[1] for line in robots if line.startswith("Disallow: ")]
    assert any(confirm.startswith(prefix) for prefix in disallowed)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/bevestigen/" not in sitemap
    assert question_url(initiative) in sitemap
    assert client.get(confirm)["X-Robots-Tag"] == "noindex, nofollow"
