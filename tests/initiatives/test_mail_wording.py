"""The e-mails to residents: each in the words of what the resident did (an idea is an
idea, not a sign-up), in plain text and in HTML in the site's style, with the link to
withdraw."""

import pytest
from django.core import mail
from django.urls import reverse

from initiatives import services
from initiatives.models import FollowUpKind, SignUp, SignUpKind
from tests.initiatives.conftest import links_in
from tests.initiatives.factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db

IDEA = {"idea_title": "Ruilkast bij de school", "message": "Een kast waar buren spullen ruilen.",
        "name": "Chantal", "email": "chantal@example.nl", "consent": "on"}
JOIN = {"name": "Anja", "email": "anja@example.nl", "postcode": "7941 AB", "consent": "on"}
BRAND = "#0b4f6c"  # the header colour of static/css/site.css


@pytest.fixture
def initiative():
    initiative = InitiativeFactory(title="Buurtkeuken")
    initiative.process.managers.add(UserFactory(email="petra@gemeente.example.nl"))
    return initiative


def html_of(message) -> str:
    [html] = [content for content, kind in message.alternatives if kind == "text/html"]
    return html


def to(address):
    return [message for message in mail.outbox if message.to == [address]]


def propose_idea(client, initiative):
    client.post(reverse("initiatives:idea"),
                {**IDEA, "neighbourhood": initiative.neighbourhood.pk})
    [request] = to("chantal@example.nl")
    return request


def test_the_idea_confirmation_mail_speaks_of_an_idea(client, initiative):
    request = propose_idea(client, initiative)
    assert request.subject == "Bevestig je idee"
    html = html_of(request)
    for part in (request.body, html):
        assert "Je hebt bij Wijkkompas een idee ingediend" in part
        assert "Ruilkast bij de school" in part
        assert "aanmelding" not in part.lower() and "aangemeld" not in part
    assert "Bevestig mijn idee" in html and "Trek mijn idee in" in html

    client.post(links_in(request)["confirm"])
    confirmed = to("chantal@example.nl")[-1]
    assert confirmed.subject == "Je idee is bevestigd"
    assert 'Je idee "Ruilkast bij de school" is bevestigd.' in confirmed.body
    assert "aanmelding" not in (confirmed.body + html_of(confirmed)).lower()

    client.post(links_in(confirmed)["withdraw"])
    withdrawn = to("chantal@example.nl")[-1]
    assert withdrawn.subject == "Je hebt je idee ingetrokken"
    assert 'Je hebt je idee "Ruilkast bij de school" ingetrokken.' in withdrawn.body


def test_an_idea_mail_in_english_speaks_of_an_idea_too(client, initiative):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    request = propose_idea(client, initiative)
    assert request.subject == "Please confirm your idea"
    assert 'You proposed an idea on Wijkkompas: "Ruilkast bij de school".' in request.body
    assert "sign" not in request.body.lower()


def test_a_sign_up_mail_still_speaks_of_a_sign_up(client, initiative):
    client.post(reverse("initiatives:signup", args=[initiative.slug]), JOIN)
    [request] = to("anja@example.nl")
    assert request.subject == "Bevestig je aanmelding"
    assert 'Je hebt je bij Wijkkompas aangemeld voor: meedoen met "Buurtkeuken"' in request.body
    assert "idee" not in request.body


def every_mail_to_a_resident(client, initiative):
    """One of each: the confirmation request, the confirmation and the withdrawal for a
    sign-up, and the mail that declines an idea."""
    client.post(reverse("initiatives:signup", args=[initiative.slug]), JOIN)
    client.post(links_in(to("anja@example.nl")[0])["confirm"])
    client.post(links_in(to("anja@example.nl")[1])["withdraw"])
    propose_idea(client, initiative)
    client.post(links_in(to("chantal@example.nl")[0])["confirm"])
    followup = SignUp.objects.get(kind=SignUpKind.IDEA).followups.get(kind=FollowUpKind.IDEA)
    services.idea_decline(followup=followup, message="Er staat er al een.",
                          by=initiative.process.managers.get())
    return to("anja@example.nl") + to("chantal@example.nl")


def test_every_mail_to_a_resident_has_text_and_html_in_the_site_style(client, initiative):
    messages = every_mail_to_a_resident(client, initiative)
    assert len(messages) == 6
    for message in messages:
        html = html_of(message)
        assert message.body.strip() and "<" not in message.body, message.subject
        assert html.startswith("<!DOCTYPE html>") and '<html lang="nl">' in html
        assert f"background:{BRAND}" in html  # the site's header bar
        assert "Wijkkompas: wijken ontwikkeld door hun bewoners." in html
        assert "Wijkkompas: wijken ontwikkeld door hun bewoners." in message.body


def test_every_mail_about_a_standing_sign_up_carries_a_working_withdraw_link(
        client, initiative, settings):
    messages = every_mail_to_a_resident(client, initiative)
    # Only the mail that says you have withdrawn has no link to withdraw (again).
    with_link = [m for m in messages if not m.subject.startswith("Je bent afgemeld")]
    assert len(with_link) == 5
    for message in with_link:
        withdraw = links_in(message)["withdraw"]
        assert withdraw in html_of(message), message.subject
    # The declined idea's mail is sent from the back office: its link names SITE_URL.
    declined = to("chantal@example.nl")[-1]
    assert declined.subject == 'Je idee "Ruilkast bij de school"'
    assert settings.SITE_URL + "/afmelden/" in declined.body
    page = client.get(links_in(declined)["withdraw"])
    assert page.status_code == 200 and "Trek mijn idee in" in page.content.decode()
    assert client.post(links_in(declined)["withdraw"]).status_code == 200
    assert SignUp.objects.get(kind=SignUpKind.IDEA).withdrawn_at is not None


def test_a_title_with_markup_stays_text_in_the_html_mail(client, initiative):
    client.post(reverse("initiatives:idea"), {
        **IDEA, "idea_title": "<b>Vet</b> & zo", "neighbourhood": initiative.neighbourhood.pk})
    [request] = to("chantal@example.nl")
    html = html_of(request)
    assert "<b>Vet</b>" not in html and "&lt;b&gt;Vet&lt;/b&gt; &amp; zo" in html
    assert '"<b>Vet</b> & zo"' in request.body  # plain text is not escaped


def test_the_pages_behind_an_ideas_links_speak_of_an_idea_too(client, initiative):
    request = propose_idea(client, initiative)
    links = links_in(request)
    page = client.get(links["confirm"]).content.decode()
    assert "Bevestig je idee" in page and "Bevestig mijn idee" in page
    assert "aanmelding" not in page.split("<main")[1].lower()
    page = client.post(links["confirm"]).content.decode()
    assert 'Je idee "Ruilkast bij de school" is bevestigd.' in page
    page = client.get(links["withdraw"]).content.decode()
    assert 'Wil je je idee "Ruilkast bij de school" intrekken?' in page
    page = client.post(links["withdraw"]).content.decode()
    assert 'Je hebt je idee "Ruilkast bij de school" ingetrokken.' in page
    assert "afgemeld" not in page.split("<main")[1]
