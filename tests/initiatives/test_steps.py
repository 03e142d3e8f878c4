"""The steps of an initiative and of a follow-up: for every state, a step is reported open
exactly when its service accepts it with valid input, and a closed one says why."""

import datetime
import secrets
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from initiatives import services
from initiatives.models import (
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    InitiativePhase,
    InitiativeStatus,
    SignUp,
    SignUpKind,
)
from initiatives.steps import followup_steps, followups_steps, initiative_steps
from tests.dashboard.workspace import an_idea, withdraw
from tests.initiatives.factories import (
    InitiativeFactory,
    OrganisationFactory,
    ParticipantFactory,
    ProcessFactory,
    UserFactory,
    theme,
)
from wei.models import ProcessStatus

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def accepted(call) -> bool:
    """Whether the service accepts the step; whatever it did is rolled back."""
    try:
        with transaction.atomic():
            call()
            raise Rollback
    except Rollback:
        return True
    except (ValidationError, ValueError):
        return False


def an_initiative(state: str):
    if state == "idea under review":
        return an_idea(ProcessFactory().neighbourhood).created_initiative
    fields = {
        "idea, hidden": {"phase": InitiativePhase.IDEA, "is_public": False},
        "emergence, published": {"phase": InitiativePhase.EMERGENCE},
        "emergence, hidden": {"phase": InitiativePhase.EMERGENCE, "is_public": False},
        "development": {"phase": InitiativePhase.DEVELOPMENT},
        "autonomy": {"phase": InitiativePhase.AUTONOMY},
        "cooperative member": {"phase": InitiativePhase.AUTONOMY, "cooperative_member": True},
        "paused": {"status": InitiativeStatus.PAUSED, "status_reason": "Zomerstop."},
        "ended": {"status": InitiativeStatus.ENDED, "status_reason": "Gestopt.",
                  "is_public": False},
        "ended, still public": {"status": InitiativeStatus.ENDED,
                                "status_reason": "Gestopt."},
        "process stopped": {"process": ProcessFactory(status=ProcessStatus.STOPPED)},
    }[state]
    return InitiativeFactory(**fields)


INITIATIVE_STATES = [
    "idea under review", "idea, hidden", "emergence, published", "emergence, hidden",
    "development", "autonomy", "cooperative member", "paused", "ended",
    "ended, still public", "process stopped",
]


def take(initiative, step):
    today = timezone.localdate()
    if step in ("publish", "hide"):
        return lambda: services.initiative_set_public(initiative=initiative,
                                                      is_public=step == "publish")
    if step == "change_phase":  # the form that takes either
        def either():
            if not any(accepted(take(initiative, one)) for one in ("next_phase", "step_back")):
                raise ValidationError("Neither way.")
        return either
    if step in ("next_phase", "step_back"):
        return lambda: services.initiative_phase_change(
            initiative=initiative, occurred_on=today, rationale="Zo gaat het nu.",
            to_phase=initiative.phase + (1 if step == "next_phase" else -1))
    if step == "support":
        return lambda: services.initiative_set_support(initiative=initiative,
                                                       needs_money=True)
    if step == "add_member":
        person = ParticipantFactory(neighbourhood=initiative.neighbourhood)
        return lambda: services.membership_start(participant=person, initiative=initiative,
                                                 started_on=today)
    if step == "reflection":
        return lambda: services.reflection_add(initiative=initiative, date=today,
                                               what_we_did="Samen gekookt.")
    if step == "money_flow":
        source = OrganisationFactory()
        return lambda: services.money_flow_add(
            initiative=initiative, source=source, amount=Decimal("250"), purpose="Verf",
            period_start=today, period_end=today)
    raise AssertionError(step)


INITIATIVE_STEPS = ["publish", "hide", "change_phase", "next_phase", "step_back", "support",
                    "add_member", "reflection", "money_flow"]


@pytest.mark.parametrize("state", INITIATIVE_STATES)
@pytest.mark.parametrize("step", INITIATIVE_STEPS)
def test_an_initiative_step_is_open_exactly_when_its_service_accepts_it(state, step):
    initiative = an_initiative(state)
    steps = initiative_steps(initiative)
    assert set(steps) == set(INITIATIVE_STEPS)
    reported = steps[step]
    assert reported.is_open == accepted(take(initiative, step)), (state, reported)
    if not reported.is_open:
        assert reported.reason


@pytest.mark.parametrize(("state", "open_steps"), [
    ("idea under review", {"next_phase"}),
    ("idea, hidden", {"publish", "next_phase"}),
    ("emergence, published", {"hide", "next_phase", "step_back"}),
    ("autonomy", {"hide", "step_back"}),
    ("cooperative member", {"hide"}),
    ("ended", set()),
    ("ended, still public", {"hide"}),
])
def test_which_publishing_and_phase_steps_are_open(state, open_steps):
    steps = initiative_steps(an_initiative(state))
    assert {s.name for s in steps.open} & {"publish", "hide", "next_phase",
                                           "step_back"} == open_steps


def test_a_closed_step_says_why_in_dutch():
    with translation.override("nl"):
        idea = initiative_steps(an_initiative("idea under review"))
        ended = initiative_steps(an_initiative("ended"))
        member = initiative_steps(an_initiative("cooperative member"))
    assert "beoordeel het in de opvolging" in idea["publish"].reason
    assert "de fase verandert niet meer" in ended["next_phase"].reason
    assert "wijkcoöperatie" in member["step_back"].reason


def test_an_initiative_moves_one_phase_at_a_time():
    initiative = an_initiative("idea, hidden")
    with pytest.raises(ValidationError) as refused:
        services.initiative_phase_change(
            initiative=initiative, to_phase=InitiativePhase.AUTONOMY,
            occurred_on=timezone.localdate(), rationale="Snel gegroeid.")
    assert "to_phase" in refused.value.message_dict


def test_a_user_who_may_not_change_it_is_offered_no_step():
    initiative = an_initiative("emergence, published")
    outsider = UserFactory()  # no role, no neighbourhood
    steps = initiative_steps(initiative, user=outsider)
    assert not steps.open and not steps.shown


# Follow-ups.

def a_signup(kind, initiative=None, **fields):
    initiative = initiative or InitiativeFactory()
    return SignUp.objects.create(
        kind=kind, initiative=initiative if kind in (SignUpKind.JOIN, SignUpKind.QUESTION)
        else None, neighbourhood=initiative.neighbourhood, name="Jan Joiner",
        email="jan@example.nl", privacy_version="1", token_hash=secrets.token_hex(32),
        confirmed_at=timezone.now(), **fields)


def a_followup(state: str) -> FollowUp:
    kind, _, status = state.partition(" ")
    if kind == "idea":
        signup = an_idea(ProcessFactory().neighbourhood)
        item = signup.followups.get(kind=FollowUpKind.IDEA)
        if status == "published":
            services.idea_publish(followup=item, by=None, title="Bankjes", description="",
                                  form="one_off", themes=[theme("groen")],
                                  aims_people="Ouderen buiten.")
        elif status == "declined":
            services.idea_decline(followup=item, message="Liever niet.", by=None)
        elif status == "withdrawn":
            withdraw(signup)
        elif status:
            services.followup_set_status(followup=item, status=status, by=None)
        item.refresh_from_db()
        return item
    signup = a_signup({"join": SignUpKind.JOIN, "question": SignUpKind.QUESTION,
                       "informed": SignUpKind.KEEP_INFORMED}[kind])
    item = services.followup_open(signup, signup.kind)
    if status:
        services.followup_set_status(followup=item, status=status, by=None)
        item.refresh_from_db()
    return item


FOLLOWUP_STATES = [
    "join", "join contacted", "join done", "question", "informed done",
    "idea", "idea contacted", "idea done", "idea published", "idea declined",
    "idea withdrawn",
]
FOLLOWUP_STEPS = ["status", "reopen", "contacted", "done", "publish", "decline"]
STATUS = {"reopen": FollowUpStatus.NEW, "contacted": FollowUpStatus.CONTACTED,
          "done": FollowUpStatus.DONE}


def take_followup(item, step):
    if step == "status":  # the form whose options are the statuses: done is always one
        step = "done"
    if step in STATUS:
        return lambda: services.followup_set_status(followup=item, status=STATUS[step],
                                                    by=None)
    if step == "publish":
        groen = theme("groen")
        return lambda: services.idea_publish(
            followup=item, by=None, title="Bankjes", description="", form="one_off",
            themes=[groen], aims_people="Ouderen buiten.")
    return lambda: services.idea_decline(followup=item, message="Liever niet.", by=None)


@pytest.mark.parametrize("state", FOLLOWUP_STATES)
@pytest.mark.parametrize("step", FOLLOWUP_STEPS)
def test_a_followup_step_is_open_exactly_when_its_service_accepts_it(state, step):
    item = a_followup(state)
    steps = followup_steps(item)
    assert set(steps) == set(FOLLOWUP_STEPS)
    reported = steps[step]
    assert reported.is_open == accepted(take_followup(item, step)), (state, reported)
    if not reported.is_open:
        assert reported.reason


@pytest.mark.parametrize(("state", "shown_closed"), [
    ("join", set()),
    ("idea published", {"reopen", "contacted"}),
    ("idea withdrawn", {"publish", "decline"}),
])
def test_the_closed_followup_steps_a_user_looks_for_are_shown(state, shown_closed):
    steps = followup_steps(a_followup(state))
    assert {s.name for s in steps.values() if not s.is_open and s.shown} == shown_closed


def test_a_list_of_followups_names_each_and_costs_one_query(django_assert_num_queries):
    items = [a_followup("join"), a_followup("question")]
    manager = UserFactory()
    rows = list(FollowUp.objects.select_related("signup").filter(pk__in=[i.pk for i in items]))
    with django_assert_num_queries(1):  # which of the rows the user may change
        by_item = followups_steps(rows, user=manager)
    assert by_item[items[0].pk]["done"].key == f"followup-{items[0].pk}:done"
    # Not this user's neighbourhood: nothing to take.
    assert not by_item[items[0].pk].open


def test_today_is_accepted_for_every_step():
    day = datetime.date(2026, 1, 5)
    assert initiative_steps(an_initiative("development"), today=day)["next_phase"].is_open
