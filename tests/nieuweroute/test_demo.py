import io

import pytest
from django.core.management import call_command

from nieuweroute.demo import TITLE
from nieuweroute.models import (
    Conversation,
    InformationRequest,
    Invitation,
    Kader,
    KaderCheck,
    PlanSending,
    Route,
    Stage,
    Verdict,
)

pytestmark = pytest.mark.django_db

MODELS = [Route, Kader, Conversation, InformationRequest, Invitation, KaderCheck, PlanSending]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_meppel_route_is_seeded_once_and_complete():
    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first
    route = Route.objects.with_progress().get(title=TITLE)
    assert route.stage == Stage.PLAN_SENT
    kaders = {k.number: k for k in route.kaders.select_related("organisation")}
    assert sorted(kaders) == list(range(1, 10))
    assert {kaders[n].organisation.name for n in (1, 2, 3)} == {"Gemeente Meppel"}
    assert [p.letter for p in kaders[6].sub_points.all()] == ["a", "b"]
    assert kaders[7].organisation.name == "Politie"
    assert route.meeting_date.isoformat() == "2023-04-20"
    assert route.facilitator.get_full_name() == "Anke Siegers"
    plan = route.plans.get()
    assert plan.verdict == Verdict.ACCEPTED and plan.checks.filter(meets=True).count() == 9
    assert route.conversations.filter(held_on__month__in=[1, 2, 3], held_on__year=2023).count() \
        == route.conversations.count() > 0
    assert not route.information_requests.filter(answered_on__isnull=True).exists()


def test_the_benchmark_scale_adds_routes_in_bulk():
    call_command("seed_demo", "--scale", "3", stdout=io.StringIO())
    call_command("seed_demo", "--scale", "3", stdout=io.StringIO())
    assert Route.objects.filter(title__startswith="Benchmarkroute").count() == 3
