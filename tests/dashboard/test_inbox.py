"""The follow-up inbox: every confirmed sign-up, keep-me-informed request, idea and
withdrawal is work that someone picks up; ideas are published or declined here."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from initiatives.models import (
    FollowUp,
    FollowUpKind,
    FollowUpOutcome,
    FollowUpStatus,
    Initiative,
    InitiativeStatus,
    SignUpKind,
)
from participants.models import FlowEvent, FlowKind, OutflowReason
from tests.dashboard.workspace import (
    a_join,
    an_idea,
    confirmed_signup,
    managed_process,
    withdraw,
)
from tests.initiatives.factories import theme
from tests.wei.factories import ProcessFactory

pytestmark = pytest.mark.django_db
INBOX = reverse("dashboard:followup")


def detail(item):
    return reverse("dashboard:followup_detail", args=[item.pk])


def test_confirmed_sign_ups_ideas_and_requests_wait_in_the_inbox_and_on_the_dashboard(
        client, manager):
    process = managed_process(manager)
    a_join(process)
    idea = an_idea(process.neighbourhood).created_initiative
    confirmed_signup(SignUpKind.KEEP_INFORMED, neighbourhood=process.neighbourhood,
                     name="Kees Kennis", email="kees@example.nl")
    # Not yet confirmed: not yet work (the address may not be theirs).
    from initiatives.services import signup_submit
    signup_submit(kind=SignUpKind.KEEP_INFORMED, neighbourhood=process.neighbourhood,
                  name="Onbevestigd", email="niet@example.nl", language="nl",
                  base_url="http://testserver")
    elsewhere = ProcessFactory()
    an_idea(elsewhere.neighbourhood, name="Elders Idee", email="elders@example.nl")
    client.force_login(manager)

    html = client.get(INBOX).content.decode()
    for shown in ("Aanmelding voor een initiatief: Jan Joiner", "Voorgesteld idee: Iris Idee",
                  "Houd me op de hoogte: Kees Kennis"):
        assert shown in html
    assert "Onbevestigd" not in html and "Elders Idee" not in html
    # The idea's hidden initiative is named and linked to its staff page.
    assert f'href="{reverse("dashboard:initiative", args=[idea.pk])}"' in html
    assert "verborgen tot publicatie" in html

    overview = client.get(reverse("dashboard:overview")).content.decode()
    assert "3 aanmeldingen, ideeën en afmeldingen wachten op opvolging" in overview
    assert "(3 nieuw)" in overview


def test_the_status_is_set_from_the_inbox_row_and_says_who(client, manager):
    process = managed_process(manager)
    item = a_join(process).followups.get()
    client.force_login(manager)
    response = client.post(reverse("dashboard:followup_status", args=[item.pk]), {
        "prefix": f"f{item.pk}", f"f{item.pk}-status": "contacted", "next": INBOX + "?soort=join"})
    assert response.status_code == 302 and response["Location"] == INBOX + "?soort=join"
    item.refresh_from_db()
    assert (item.status, item.handled_by) == (FollowUpStatus.CONTACTED, manager)
    page = client.get(INBOX).content.decode()
    # The name as the page writes it: Faker's names may hold an apostrophe ("van 't Erve").
    assert "Contact gehad" in page and f"Door {escape(manager.get_full_name())} op" in page
    # Contacted still waits; done does not.
    overview = client.get(reverse("dashboard:overview")).content.decode()
    assert "1 aanmelding, idee of afmelding wacht op opvolging" in overview
    client.post(reverse("dashboard:followup_status", args=[item.pk]),
                {"status": "done", "note": "Komt dinsdag kijken."})
    assert "Niets wacht" in client.get(INBOX).content.decode()
    done = client.get(INBOX, {"status": "done"}).content.decode()
    assert "Jan Joiner" in done


def test_a_refused_status_is_said_in_dutch_and_keeps_the_note(client, manager):
    process = managed_process(manager)
    item = a_join(process).followups.get()
    client.force_login(manager)
    response = client.post(reverse("dashboard:followup_status", args=[item.pk]),
                           {"status": "verzonnen", "note": "Gebeld, geen gehoor"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Selecteer een geldige keuze" in html and "Gebeld, geen gehoor" in html
    assert 'aria-invalid="true"' in html
    item.refresh_from_db()
    assert item.status == FollowUpStatus.NEW


def test_an_idea_is_published_with_its_aims_form_and_themes(client, manager):
    process = managed_process(manager)
    signup = an_idea(process.neighbourhood)
    item = signup.followups.get(kind=FollowUpKind.IDEA)
    client.force_login(manager)
    page = client.get(detail(item)).content.decode()
    assert "Het idee publiceren als initiatief" in page and "Het idee afwijzen" in page

    # Without a theme or an aim: refused in Dutch, with what was typed kept.
    refused = client.post(reverse("dashboard:idea_publish", args=[item.pk]), {
        "title": "Bankjes bij de vijver", "form": "one_off", "aims_people": ""})
    html = refused.content.decode()
    assert "Kies minstens één thema." in html and "Bankjes bij de vijver" in html
    assert not Initiative.objects.get(pk=signup.created_initiative_id).is_public
    refused = client.post(reverse("dashboard:idea_publish", args=[item.pk]), {
        "title": "Bankjes bij de vijver", "form": "one_off",
        "themes": [theme("groen").pk]})
    assert "Zeg waar het initiatief naar streeft" in refused.content.decode()

    response = client.post(reverse("dashboard:idea_publish", args=[item.pk]), {
        "title": "Bankjes bij de vijver", "description": "Twee bankjes.", "form": "one_off",
        "themes": [theme("groen").pk, theme("sociaal-isolement").pk],
        "aims_people": "Ouderen komen buiten."})
    initiative = Initiative.objects.get(pk=signup.created_initiative_id)
    assert response["Location"] == reverse("dashboard:initiative", args=[initiative.pk])
    assert initiative.is_public and initiative.form == "one_off"
    assert initiative.title == "Bankjes bij de vijver"
    assert {t.slug for t in initiative.themes.all()} == {"groen", "sociaal-isolement"}
    item.refresh_from_db()
    assert (item.status, item.outcome, item.handled_by) == (
        FollowUpStatus.DONE, FollowUpOutcome.PUBLISHED, manager)
    assert "Bankjes bij de vijver" in client.get(reverse("initiatives:list")).content.decode()
    # Published is final: the follow-up cannot go back to new.
    again = client.post(reverse("dashboard:followup_status", args=[item.pk]), {"status": "new"})
    assert "blijft de opvolging klaar" in again.content.decode()


def test_a_declined_idea_ends_and_the_proposer_gets_the_message(client, manager):
    process = managed_process(manager)
    signup = an_idea(process.neighbourhood, title="Bankjes & zo")
    item = signup.followups.get(kind=FollowUpKind.IDEA)
    client.force_login(manager)
    empty = client.post(reverse("dashboard:idea_decline", args=[item.pk]), {"message": "  "})
    assert "Schrijf de indiener een bericht" in empty.content.decode()
    mail.outbox.clear()

    client.post(reverse("dashboard:idea_decline", args=[item.pk]), {
        "message": "De gemeente plaatst daar al bankjes.\nKom je meedenken over de speeltuin?"})
    [message] = [m for m in mail.outbox if m.to == ["iris@example.nl"]]
    assert message.subject == 'Je idee "Bankjes & zo"'  # a header, not HTML
    assert "De gemeente plaatst daar al bankjes." in message.body
    html = {kind: content for content, kind in message.alternatives}["text/html"]
    assert "De gemeente plaatst daar al bankjes.<br>Kom je meedenken" in html
    initiative = Initiative.objects.get(pk=signup.created_initiative_id)
    assert initiative.status == InitiativeStatus.ENDED and not initiative.is_public
    assert "De gemeente" not in initiative.status_reason  # the message is the proposer's
    outflow = FlowEvent.objects.get(participant=signup.participant, kind=FlowKind.OUTFLOW)
    assert outflow.reason == OutflowReason.OTHER
    item.refresh_from_db()
    assert item.outcome == FollowUpOutcome.DECLINED and "speeltuin" in item.note


def test_a_withdrawal_waits_in_the_inbox_and_is_mailed_to_the_process_manager(
        client, manager):
    process = managed_process(manager)
    signup = a_join(process)
    mail.outbox.clear()
    withdraw(signup)
    notices = [m for m in mail.outbox if m.to == [manager.email]]
    assert len(notices) == 1
    assert notices[0].subject == f"Een bewoner heeft zich afgemeld ({process.neighbourhood.name})"
    assert "Jan Joiner" in notices[0].body and "Buurtmoestuin" in notices[0].body
    assert any(kind == "text/html" for _, kind in notices[0].alternatives)
    assert FollowUp.objects.filter(signup=signup, kind=FollowUpKind.WITHDRAWAL).exists()
    client.force_login(manager)
    assert "Afmelding: Jan Joiner" in client.get(INBOX).content.decode()


def test_an_unconfirmed_withdrawal_is_nobodys_work(manager):
    from initiatives.services import signup_submit

    process = managed_process(manager)
    signup = signup_submit(kind=SignUpKind.KEEP_INFORMED, neighbourhood=process.neighbourhood,
                           name="Snel weg", email="weg@example.nl", language="nl",
                           base_url="http://testserver")
    mail.outbox.clear()
    withdraw(signup)
    assert not FollowUp.objects.exists()
    assert not [m for m in mail.outbox if manager.email in m.to]


def test_an_item_out_of_sight_is_a_404(client, manager):
    elsewhere = ProcessFactory()
    item = an_idea(elsewhere.neighbourhood).followups.get()
    client.force_login(manager)
    assert client.get(detail(item)).status_code == 404
    for name in ("followup_status", "idea_publish", "idea_decline"):
        assert client.post(reverse(f"dashboard:{name}", args=[item.pk]),
                           {"status": "done", "message": "x"}).status_code == 404


def test_the_inbox_and_an_item_cost_the_same_with_more_rows(client, manager, queries_for):
    process = managed_process(manager)
    first = a_join(process).followups.get()
    client.force_login(manager)
    small = queries_for(client, INBOX), queries_for(client, detail(first))
    for n in range(6):
        signup = a_join(process, name=f"Buur {n}", email=f"buur{n}@example.nl")
        if n % 2:
            withdraw(signup)
    an_idea(process.neighbourhood)
    # Session, user, permissions (2), the neighbourhood filter's choices, count, rows.
    assert (queries_for(client, INBOX), queries_for(client, detail(first))) == small
