"""The open steps of a route over its life: each step is reported open exactly when its
service accepts it with valid input, and the pages show what the steps answer."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from nieuweroute import selectors, services
from nieuweroute.models import Invitation, KaderStatus, PlanSending, Route, Verdict
from nieuweroute.steps import (
    RouteFacts,
    invitation_steps,
    kader_steps,
    meeting_steps,
    plan_steps,
)
from participants.models import Participant
from tests.nieuweroute.factories import (
    ConversationFactory,
    KaderFactory,
    OrganisationFactory,
    ParticipantFactory,
    PlanVersionFactory,
    RouteFactory,
    UserFactory,
)
from wei.roles import FACILITATOR, STEERING_MEMBER

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
FUTURE = TODAY + datetime.timedelta(days=30)
PAST = TODAY - datetime.timedelta(days=1)

# The route's life, in order; each state is built fresh for each case.
ROUTE_STATES = [
    "no meeting", "meeting set, nobody spoken to", "meeting set", "everyone invited",
    "invitation answered", "meeting passed", "attendance recorded", "plan pending",
    "plan checked and met", "plan sent back", "plan accepted", "plan sent",
]


def build(state: str) -> Route:
    """A route in `state`: two fixed kaders and a concept of its steering organisation,
    and (from "meeting set" on) two people spoken to."""
    meeting = None if state == "no meeting" else (
        FUTURE if state in ROUTE_STATES[:5] else PAST)
    route = RouteFactory(meeting_date=meeting,
                         meeting_start=meeting and datetime.time(19, 30),
                         meeting_end=meeting and datetime.time(21, 30),
                         meeting_place="Het Wijkhuis" if meeting else "")
    organisation = OrganisationFactory(name="Gemeente Meppel")
    route.steering_organisations.add(organisation)
    KaderFactory(route=route, number=1, organisation=organisation)
    KaderFactory(route=route, number=2, organisation=organisation)
    KaderFactory(route=route, number=3, organisation=organisation, status=KaderStatus.CONCEPT,
                 fixed_at=None)
    if state in ("no meeting", "meeting set, nobody spoken to"):
        return route
    spoken = [ConversationFactory(route=route).participant for _ in range(2)]
    route.participants.add(*spoken)
    if state == "meeting set":
        return route
    invitations = [
        Invitation.objects.create(route=route, participant=person, email=person.email,
                                  token_hash=f"{route.pk}-{person.pk}", sent_at=timezone.now())
        for person in spoken]
    if state == "invitation answered":
        Invitation.objects.filter(pk=invitations[0].pk).update(response="yes",
                                                               responded_at=timezone.now())
    if state in ROUTE_STATES[:6]:
        return route
    Invitation.objects.filter(route=route).update(attended=True)
    if state == "attendance recorded":
        return route
    plan = PlanVersionFactory(route=route, decided_on=PAST)
    if state == "plan pending":
        return route
    for kader in route.kaders.filter(status=KaderStatus.FIXED):
        plan.checks.create(kader=kader, meets=state != "plan sent back", explanation="Getoetst",
                           checked_on=PAST)
    if state == "plan checked and met":
        return route
    verdict = Verdict.SENT_BACK if state == "plan sent back" else Verdict.ACCEPTED
    PlanVersionFactory._meta.model.objects.filter(pk=plan.pk).update(verdict=verdict,
                                                                     verdict_on=PAST)
    if state == "plan sent":
        for person in spoken:
            PlanSending.objects.create(plan=plan, participant=person, email=person.email,
                                       sent_at=timezone.now())
    return route


class _RolledBack(Exception):
    pass


def accepts(call) -> bool:
    """Whether the service accepts the call; whatever it did is rolled back."""
    try:
        with transaction.atomic():
            call()
            raise _RolledBack
    except _RolledBack:
        return True
    except ValidationError:
        return False


def fresh(route: Route) -> Route:
    return Route.objects.get(pk=route.pk)


def best_invitee(route: Route) -> Participant:
    """The one the service should accept if anyone: spoken to, not invited, with an address."""
    candidates = selectors.uninvited_spoken_to(route)
    return (candidates.exclude(email="").first() or candidates.first()
            or ParticipantFactory())


MEETING_CALLS = {
    "set": lambda r: services.route_set_meeting(
        route=r, date=TODAY + datetime.timedelta(days=40), start=datetime.time(10),
        place="De Bibliotheek", today=TODAY),
    "cancel": lambda r: services.route_cancel_meeting(route=r),
    "invite": lambda r: services.invitations_send(route=r, participants=[best_invitee(r)],
                                                  today=TODAY),
    "add_plan": lambda r: services.plan_record(route=r, decided_on=r.meeting_date or TODAY,
                                               today=TODAY),
}
MEETING_CALLS["move"] = MEETING_CALLS["set"]


@pytest.mark.parametrize("state", ROUTE_STATES)
@pytest.mark.parametrize("name", ["set", "move", "cancel", "invite", "add_plan"])
def test_a_meeting_step_is_open_exactly_when_its_service_accepts_it(state, name):
    route = build(state)
    steps = meeting_steps(fresh(route), today=TODAY)
    if name in ("set", "move") and not steps[name].is_open:
        # One service sets and moves: it is asked for the step that fits the route.
        other = "move" if name == "set" else "set"
        if steps[other].is_open:
            return
    assert steps[name].is_open == accepts(lambda: MEETING_CALLS[name](fresh(route))), (
        state, name, steps[name].reason)


@pytest.mark.parametrize("state", ROUTE_STATES)
def test_the_route_page_derives_the_same_facts_as_the_services(state):
    route = build(state)
    annotated = Route.objects.with_progress().get(pk=route.pk)
    page = selectors.route_page(annotated)
    assert RouteFacts.from_page(annotated, conversations=page["conversations"],
                                invitations=page["invitations"], plans=page["plans"]
                                ) == RouteFacts.of(route)


INVITATION_CALLS = {
    "send_again": lambda i: services.invitation_resend(invitation=i, today=TODAY),
    "record_attendance": lambda i: services.invitation_record_attendance(
        invitation=i, attended=True, today=TODAY),
}


@pytest.mark.parametrize("state", ["everyone invited", "invitation answered", "meeting passed",
                                   "attendance recorded"])
@pytest.mark.parametrize("name", list(INVITATION_CALLS))
def test_an_invitation_step_is_open_exactly_when_its_service_accepts_it(state, name):
    route = build(state)
    for invitation in Invitation.objects.filter(route=route).select_related("route",
                                                                             "participant"):
        steps = invitation_steps(invitation, today=TODAY)
        assert steps[name].is_open == accepts(lambda i=invitation: INVITATION_CALLS[name](i)), (
            state, name, invitation.response, steps[name].reason)


PLAN_CALLS = {
    "edit": lambda p: services.plan_item_add(plan=p, what="Maandelijks overleg",
                                             who_organisation=p.route.steering_organisations
                                             .get()),
    "check": lambda p: services.kader_check_record(
        plan=p, kader=p.route.kaders.filter(status=KaderStatus.FIXED).first()
        or p.route.kaders.first(), meets=True, explanation="Past", checked_on=TODAY,
        today=TODAY),
    "accept": lambda p: services.plan_accept(plan=p, today=TODAY, confirmed=True),
    "send_back": lambda p: services.plan_send_back(plan=p, today=TODAY),
    "send": lambda p: services.plan_send(plan=p, notify=False, confirmed=True),
}


@pytest.mark.parametrize("state", ["plan pending", "plan checked and met", "plan sent back",
                                   "plan accepted", "plan sent", "plan without fixed kaders"])
@pytest.mark.parametrize("name", list(PLAN_CALLS))
def test_a_plan_step_is_open_exactly_when_its_service_accepts_it(state, name):
    route = build("plan pending" if state == "plan without fixed kaders" else state)
    if state == "plan without fixed kaders":
        route.kaders.update(status=KaderStatus.CONCEPT, fixed_at=None)
    plan = route.plans.select_related("route").get()
    steps = plan_steps(plan, today=TODAY)
    assert steps[name].is_open == accepts(lambda: PLAN_CALLS[name](plan)), (
        state, name, steps[name].reason)


@pytest.mark.parametrize("status", [KaderStatus.CONCEPT, KaderStatus.FIXED])
@pytest.mark.parametrize("name", ["edit", "fix"])
def test_a_kader_step_is_open_exactly_when_its_service_accepts_it(status, name):
    route = build("no meeting")
    kader = route.kaders.get(status=status, number=3 if status == KaderStatus.CONCEPT else 1)
    call = {"edit": lambda: services.kader_update(kader=kader, number=kader.number, text="Anders"),
            "fix": lambda: services.kader_fix(kader=kader)}[name]
    assert kader_steps(kader)[name].is_open == accepts(call)


def test_steps_a_user_may_not_take_are_closed_and_hidden():
    route = build("plan checked and met")
    plan = route.plans.select_related("route").get()
    kader = route.kaders.get(number=3)
    facilitator = route.facilitator
    facilitator.groups.add(Group.objects.get(name=FACILITATOR))
    member = UserFactory(is_staff=True)
    member.groups.add(Group.objects.get(name=STEERING_MEMBER))
    assert meeting_steps(route, user=facilitator, today=TODAY)["invite"].reason == \
        meeting_steps(route, today=TODAY)["invite"].reason
    assert plan_steps(plan, user=facilitator, today=TODAY)["accept"].is_open
    assert kader_steps(kader, user=facilitator)["fix"].is_open
    for steps in (meeting_steps(route, user=member, today=TODAY),
                  plan_steps(plan, user=member, today=TODAY), kader_steps(kader, user=member)):
        assert not steps.open and not steps.shown


# --- the pages show what the steps answer ---------------------------------------------------


@pytest.fixture
def as_facilitator(client):
    def login(route):
        route.facilitator.groups.add(Group.objects.get(name=FACILITATOR))
        client.force_login(route.facilitator)
        return client
    return login


def data_steps(html: str) -> set[str]:
    return set(re.findall(r'data-step="([^"]+)"', html))


def assert_page_matches_its_steps(response):
    """Every data-step on the page is an open step, and every open step has a control."""
    html = response.content.decode()
    opened = {step.key for step in response.context["page_steps"] if step.is_open}
    assert data_steps(html) == opened


@pytest.mark.parametrize("state", ROUTE_STATES)
def test_every_route_page_shows_exactly_its_open_steps(as_facilitator, state):
    route = build(state)
    client = as_facilitator(route)
    assert_page_matches_its_steps(client.get(route.get_absolute_url()))
    for plan in route.plans.all():
        assert_page_matches_its_steps(client.get(plan.get_absolute_url()))


def test_before_the_meeting_attendance_is_disabled_with_its_reason(as_facilitator):
    route = build("everyone invited")
    html = as_facilitator(route).get(route.get_absolute_url()).content.decode()
    date = f"{FUTURE.day} {DUTCH_MONTHS[FUTURE.month - 1]} {FUTURE.year}"
    assert f"Aanwezigheid vastleggen kan vanaf de bijeenkomst op {date}." in html
    assert 'name="attended"' not in html
    assert "Er is niemand meer om uit te nodigen" in html  # and the invite button disabled
    assert f'href="{reverse("nieuweroute:invite", args=[route.pk])}"' not in html
    assert "Nog een keer versturen" in html or "Opnieuw versturen" in html


def test_after_the_meeting_attendance_is_a_working_button(as_facilitator):
    route = build("meeting passed")
    html = as_facilitator(route).get(route.get_absolute_url()).content.decode()
    assert html.count('name="attended" value="yes"') == 2
    assert "Aanwezigheid vastleggen kan vanaf" not in html


def test_a_completed_route_warns_of_nothing_before_its_meeting(as_facilitator):
    route = build("plan sent")
    route.meeting_date = FUTURE  # even with its date ahead, the meeting has been held
    route.save()
    route.information_requests.create(question="Wat kost het?")
    html = as_facilitator(route).get(route.get_absolute_url()).content.decode()
    assert "Vóór de besluitvormingsbijeenkomst" not in html
    assert "De besluitvormingsbijeenkomst heeft plaatsgevonden" in html  # move, disabled


def test_a_sent_plan_offers_no_send_button(as_facilitator):
    route = build("plan sent")
    html = as_facilitator(route).get(route.plans.get().get_absolute_url()).content.decode()
    assert "Het plan is al verstuurd naar iedereen met een bevestigd e-mailadres." in html
    assert 'data-step="send"' not in html and 'data-step-closed="send"' in html


def test_an_accepted_plan_is_sent_with_a_working_button(as_facilitator):
    route = build("plan accepted")
    html = as_facilitator(route).get(route.plans.get().get_absolute_url()).content.decode()
    assert 'data-step="send"' in html
    assert 'data-step="edit"' not in html and 'data-step="accept"' not in html


DUTCH_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                "september", "oktober", "november", "december"]
