"""The route pages for the facilitator and process manager, through the HTTP interface."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from nieuweroute import services
from nieuweroute.models import Invitation, Kader, KaderStatus, Verdict
from tests.nieuweroute.factories import (
    ConversationFactory,
    KaderFactory,
    OrganisationFactory,
    ParticipantFactory,
    PlanVersionFactory,
    ProcessFactory,
    RouteFactory,
    UserFactory,
)
from wei.roles import FACILITATOR, PROCESS_MANAGER

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_facilitator(client, facilitator):
    client.force_login(facilitator)
    return client


def test_facilitator_sees_the_route_page(as_facilitator, route, fixed_kaders):
    response = as_facilitator.get(route.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is onduidelijkheid over de rollen" in html
    assert "Kaders vanuit Gemeente Meppel" in html
    assert "Kaders vastgesteld" in html and "3 / 3" in html
    assert "Voer de voorbereidende gesprekken." in html  # the next step


def test_process_manager_of_the_neighbourhood_sees_the_route(client, route):
    manager = UserFactory()
    manager.groups.add(Group.objects.get(name=PROCESS_MANAGER))
    ProcessFactory(neighbourhood=route.neighbourhood).managers.add(manager)
    client.force_login(manager)
    assert client.get(route.get_absolute_url()).status_code == 200
    assert route.title in client.get(reverse("nieuweroute:route_list")).content.decode()


@pytest.mark.parametrize("name", ["route_detail", "information_pack", "invite", "kader_add",
                                  "conversation_add", "meeting_edit", "plan_add"])
def test_an_outsider_gets_404(client, route, name):
    outsider = UserFactory()
    outsider.groups.add(Group.objects.get(name=FACILITATOR))
    client.force_login(outsider)
    assert client.get(reverse(f"nieuweroute:{name}", args=[route.pk])).status_code == 404
    assert route.title not in client.get(reverse("nieuweroute:route_list")).content.decode()


@pytest.mark.parametrize("name", ["route_detail", "invite", "meeting_edit", "plan_add"])
def test_without_a_back_office_role_the_door_stays_shut(client, route, name):
    """The back office's door: staff without a dashboard role (a steering member, a user
    with no role) get a 403, as on every workspace page."""
    client.force_login(UserFactory())
    assert client.get(reverse(f"nieuweroute:{name}", args=[route.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, route):
    response = client.get(route.get_absolute_url())
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_a_kader_is_added_edited_and_fixed_through_the_pages(as_facilitator, route, municipality):
    url = reverse("nieuweroute:kader_add", args=[route.pk])
    as_facilitator.post(url, {"number": 6, "organisation": municipality.pk,
                              "text": "Alleen tegemoetkomingen",
                              "sub_points": "behoud\nontmoeting"})
    kader = Kader.objects.get()
    assert [p.letter for p in kader.sub_points.all()] == ["a", "b"]
    response = as_facilitator.post(url, {"number": 6, "organisation": municipality.pk,
                                         "text": "Dubbel"})
    assert "Deze route heeft al een kader nummer 6." in response.content.decode()
    assert Kader.objects.count() == 1
    as_facilitator.post(reverse("nieuweroute:kader_fix", args=[route.pk, kader.pk]))
    kader.refresh_from_db()
    assert kader.status == KaderStatus.FIXED
    response = as_facilitator.post(reverse("nieuweroute:kader_edit", args=[route.pk, kader.pk]),
                                   {"number": 7, "text": "Anders"})
    assert "Kader 6 staat vast en kan niet meer veranderen." in response.content.decode()
    kader.refresh_from_db()
    assert (kader.number, kader.text) == (6, "Alleen tegemoetkomingen")


def test_a_conversation_is_recorded_and_a_suggestion_added_in_one_click(as_facilitator, route):
    person = ParticipantFactory(name="Jan Bakker")
    route.participants.add(person)
    response = as_facilitator.post(
        reverse("nieuweroute:conversation_add", args=[route.pk]),
        {"participant": person.pk, "held_on": "2023-01-12", "setting": "wijkteam-overleg",
         "suggestions": "Mia de Boer", "information_needs": "Wat mag de wijkagent?",
         "confirmed_email": "jan@example.org", "language": "nl"}, follow=True)
    html = response.content.decode()
    assert "Mia de Boer, voorgesteld door Jan Bakker" in html
    assert "Wat mag de wijkagent?" in html
    suggestion = route.suggestions.get()
    as_facilitator.post(reverse("nieuweroute:suggestion_accept", args=[route.pk, suggestion.pk]))
    assert route.participants.filter(name="Mia de Boer").exists()


def test_inviting_through_the_page_sends_the_mail(as_facilitator, route,
                                                  django_capture_on_commit_callbacks):
    spoken = ConversationFactory(route=route).participant
    not_spoken = ParticipantFactory()
    route.participants.add(spoken, not_spoken)
    url = reverse("nieuweroute:invite", args=[route.pk])
    response = as_facilitator.get(url)
    assert spoken.name in response.content.decode()
    assert not_spoken.name not in response.content.decode()
    response = as_facilitator.post(url, {"participants": [not_spoken.pk]})
    assert "Selecteer een geldige keuze" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        as_facilitator.post(url, {"participants": [spoken.pk]})
    assert Invitation.objects.get().participant == spoken
    assert mail.outbox[0].to == [spoken.email]


def test_the_plan_is_checked_accepted_and_sent(as_facilitator, route, fixed_kaders,
                                               django_capture_on_commit_callbacks):
    jan = ConversationFactory(route=route, participant=ParticipantFactory(name="Jan"),
                              confirmed_email="jan@example.org").participant
    ConversationFactory(route=route, participant=ParticipantFactory(name="Mia"),
                        confirmed_email="mia@example.org")
    route.participants.add(jan)
    # The decision meeting took place and who came is recorded.
    route.meeting_date = datetime.date(2023, 4, 20)
    route.save()
    services.invitation_send(route=route, participant=jan, notify=False,
                             today=route.meeting_date)
    Invitation.objects.update(attended=True)
    plan = PlanVersionFactory(route=route)
    base = [route.pk, plan.pk]
    as_facilitator.post(reverse("nieuweroute:plan_item_add", args=base),
                        {"what": "Wijkagent sluit maandelijks aan", "who_participant": jan.pk,
                         "due_on": "2023-06-01"})
    for kader in fixed_kaders[:2]:
        as_facilitator.post(reverse("nieuweroute:kader_check", args=base), {
            "kader": kader.pk, "meets": "yes", "explanation": "Past", "checked_on": "2023-04-20"})
    response = as_facilitator.post(reverse("nieuweroute:plan_accept", args=base), follow=True)
    assert "Het plan is niet getoetst aan kader(s) 3." in response.content.decode()
    as_facilitator.post(reverse("nieuweroute:kader_check", args=base), {
        "kader": fixed_kaders[2].pk, "meets": "yes", "explanation": "Past",
        "checked_on": "2023-04-20"})
    as_facilitator.post(reverse("nieuweroute:plan_accept", args=base), {"confirm": "on"})
    plan.refresh_from_db()
    assert plan.verdict == Verdict.ACCEPTED
    with django_capture_on_commit_callbacks(execute=True):
        response = as_facilitator.post(reverse("nieuweroute:plan_send", args=base),
                                       {"confirm": "on"}, follow=True)
    html = response.content.decode()
    assert "Het plan is naar 2 deelnemers verstuurd." in html
    assert "Jan, " in html and "Mia, " in html  # to whom and when
    assert sorted(m.to[0] for m in mail.outbox) == ["jan@example.org", "mia@example.org"]
    body = mail.outbox[0].body
    assert "Wijkagent sluit maandelijks aan" in body and "1 juni 2023" in body
    assert mail.outbox[0].subject == "Het plan van Samen voor de uitvoering van WDW"


def _accepted_soon(route, fixed_kaders):
    """A plan every fixed kader has been checked against, after a meeting with attendance."""
    route.meeting_date = datetime.date(2023, 4, 20)
    route.save()
    spoken = ConversationFactory(route=route, participant=ParticipantFactory(name="Jan"),
                                 confirmed_email="jan@example.org").participant
    services.invitation_send(route=route, participant=spoken, notify=False,
                             today=route.meeting_date)
    Invitation.objects.update(attended=True)
    plan = PlanVersionFactory(route=route)
    for kader in fixed_kaders:
        plan.checks.create(kader=kader, meets=True, explanation="Past",
                           checked_on=datetime.date(2023, 4, 20))
    return plan


def test_accepting_warns_of_organisations_without_a_kader_and_open_requests_first(
        as_facilitator, route, fixed_kaders):
    as_facilitator.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    route.steering_organisations.add(OrganisationFactory(name="Woonconcept"))
    services.information_request_add(route=route, question="Wat kost het onderhoud?")
    plan = _accepted_soon(route, fixed_kaders)
    url = reverse("nieuweroute:plan_accept", args=[route.pk, plan.pk])
    form = as_facilitator.get(plan.get_absolute_url()).context["accept_form"]
    said = {consequence.text: consequence.items for consequence in form.consequences}
    assert said["These steering organisations fixed no kader, so the plan has not been "
                "checked against anything of theirs:"] == ["Woonconcept"]
    assert said["1 information request has not been answered:"] == [
        "Wat kost het onderhoud?"]

    refused = as_facilitator.post(url, {})
    assert refused.status_code == 400
    assert "Woonconcept" in refused.content.decode()  # the warnings, shown again
    plan.refresh_from_db()
    assert plan.verdict == Verdict.PENDING
    assert as_facilitator.post(url, {"confirm": "on"}).status_code == 302
    plan.refresh_from_db()
    assert plan.verdict == Verdict.ACCEPTED


def test_sending_says_to_whom_it_goes_and_a_second_submit_sends_nothing_more(
        as_facilitator, route, fixed_kaders, django_capture_on_commit_callbacks):
    as_facilitator.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    plan = _accepted_soon(route, fixed_kaders)
    ConversationFactory(route=route, participant=ParticipantFactory(name="Piet", email=""),
                        confirmed_email="")
    services.plan_accept(plan=plan, confirmed=True)
    url = reverse("nieuweroute:plan_send", args=[route.pk, plan.pk])
    form = as_facilitator.get(plan.get_absolute_url()).context["send_form"]
    said = {consequence.text: consequence.items for consequence in form.consequences}
    assert said["The plan goes by e-mail to 1 person spoken to:"] == ["Jan (jan@example.org)"]
    assert said["1 person spoken to has no e-mail address and does not receive it:"] == [
        "Piet"]

    assert as_facilitator.post(url, {}).status_code == 400
    assert not plan.sendings.exists() and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        assert as_facilitator.post(url, {"confirm": "on"}).status_code == 302
        again = as_facilitator.post(url, {"confirm": "on"})
    assert again.status_code == 400
    assert "already been sent to everyone" in again.content.decode()
    assert plan.sendings.count() == 1 and len(mail.outbox) == 1


@pytest.mark.parametrize("n", [1, 8])
def test_the_plan_page_with_its_confirmations_needs_a_fixed_number_of_queries(
        as_facilitator, route, fixed_kaders, n, django_assert_max_num_queries):
    plan = _accepted_soon(route, fixed_kaders)
    for i in range(n):
        route.steering_organisations.add(OrganisationFactory(name=f"Partner {i}"))
        services.information_request_add(route=route, question=f"Vraag {i}")
    # the plan page's queries, and for the accept step: the steering organisations
    # without a fixed kader, the open information requests
    with django_assert_max_num_queries(17):
        assert as_facilitator.get(plan.get_absolute_url()).context["accept_form"]
    services.plan_accept(plan=plan, confirmed=True)
    for i in range(n):
        ConversationFactory(route=route, participant=ParticipantFactory(name=f"P{i}"),
                            confirmed_email=f"p{i}@example.org" if i % 2 else "")
    # and for the send step: the recipients, those spoken to without an address
    with django_assert_max_num_queries(17):
        assert as_facilitator.get(plan.get_absolute_url()).context["send_form"]


def test_the_printable_pages_print_without_navigation(as_facilitator, route, fixed_kaders):
    services.information_request_answer(
        request=services.information_request_add(route=route, question="Wat kost het?"),
        answer="Niets extra.", answered_on=datetime.date(2023, 4, 1),
        informant_organisation=fixed_kaders[0].organisation)
    html = as_facilitator.get(reverse("nieuweroute:information_pack", args=[route.pk])
                              ).content.decode()
    assert "Wat kost het?" in html and "Niets extra." in html
    assert "nieuweroute/route.css" in html


def test_bad_input_never_causes_a_server_error(as_facilitator, route, fixed_kaders):
    plan = PlanVersionFactory(route=route)
    base = [route.pk, plan.pk]
    response = as_facilitator.post(reverse("nieuweroute:plan_item_add", args=base),
                                   {"what": "Iets"})
    assert response.status_code == 400
    assert "Zeg wie het doet" in response.content.decode()
    for name, data in [("kader_check", {"kader": "x", "meets": "maybe"}),
                       ("plan_item_add", {"what": "", "due_on": "gisteren"}),
                       ("plan_item_add", {"what": "Iets"}),
                       ("plan_send_back", {})]:
        # accepted, a redirect; refused, the page again with the reason (400)
        assert as_facilitator.post(reverse(f"nieuweroute:{name}", args=base), data
                                   ).status_code in (302, 400)
    assert as_facilitator.post(reverse("nieuweroute:attendance", args=[route.pk, 999])
                               ).status_code == 404


def _many_routes(facilitator, n):
    for i in range(n):
        route = RouteFactory(facilitator=facilitator)
        kader = KaderFactory(route=route, number=1)
        ConversationFactory(route=route)
        PlanVersionFactory(route=route, number=1)
        assert i >= 0 and kader


@pytest.mark.parametrize("n", [1, 8])
def test_the_route_list_needs_a_fixed_number_of_queries(as_facilitator, facilitator, n,
                                                        django_assert_max_num_queries):
    _many_routes(facilitator, n)
    # session, user, the user's roles (the header's links), permissions of the user and of
    # their groups (the start button), routes with their progress (one annotated query)
    with django_assert_max_num_queries(6):
        response = as_facilitator.get(reverse("nieuweroute:route_list"))
    assert response.content.decode().count("<tr>") == n + 1


@pytest.mark.parametrize("n", [1, 8])
def test_the_route_page_needs_a_fixed_number_of_queries(as_facilitator, route, municipality, n,
                                                        django_assert_max_num_queries):
    for i in range(n):
        kader = KaderFactory(route=route, number=i + 1, organisation=municipality)
        kader.sub_points.create(letter="a", text="onderdeel")
        conversation = ConversationFactory(route=route)
        route.suggestions.create(conversation=conversation, name=f"Kandidaat {i}")
        route.information_requests.create(question=f"Vraag {i}")
        services.invitation_send(route=route, participant=conversation.participant, notify=False)
    PlanVersionFactory(route=route)
    # session, user, route with progress, kaders, sub-points, conversations, suggestions,
    # information requests, invitations, plan versions, the routes that follow it, the
    # user's roles (the header's links), the user's and their groups' permissions (which
    # steps this user may take; the steps themselves come from the rows above)
    with django_assert_max_num_queries(14):
        response = as_facilitator.get(route.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 8])
def test_the_plan_page_needs_a_fixed_number_of_queries(as_facilitator, route, municipality, n,
                                                       django_assert_max_num_queries):
    plan = PlanVersionFactory(route=route)
    for i in range(n):
        kader = KaderFactory(route=route, number=i + 1, organisation=municipality)
        plan.checks.create(kader=kader, meets=True, explanation="Past",
                           checked_on=datetime.date(2023, 4, 20))
        plan.items.create(what=f"Afspraak {i}", who_organisation=municipality)
    # session, user, route with progress, plan, kaders, sub-points, checks, items, sendings,
    # the form's choices (participants, organisations ×2, kaders), the permissions (which
    # steps this user may take; the steps themselves come from the rows above)
    with django_assert_max_num_queries(15):
        response = as_facilitator.get(plan.get_absolute_url())
    assert response.status_code == 200


def test_the_navigation_links_to_the_routes_for_staff_only(client, facilitator):
    link = f'href="{reverse("nieuweroute:route_list")}"'
    assert link not in client.get("/").content.decode()
    client.force_login(facilitator)
    assert link in client.get("/").content.decode()
