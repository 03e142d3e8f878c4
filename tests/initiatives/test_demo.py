import io

import pytest
from django.core.management import call_command

from initiatives.models import (
    Initiative,
    InitiativeForm,
    InitiativePhase,
    Membership,
    MoneyFlow,
    Reflection,
)
from participants.models import FlowEvent

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Initiative, Membership, Reflection, MoneyFlow, FlowEvent)]


def test_seed_twice_adds_nothing_and_covers_every_form_and_phase():
    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first
    assert set(Initiative.objects.values_list("form", flat=True)) == set(InitiativeForm.values)
    assert set(Initiative.objects.values_list("phase", flat=True)) == set(InitiativePhase.values)
    assert Membership.objects.exists() and Reflection.objects.exists()
    assert MoneyFlow.objects.filter(initiative__isnull=True).exists()


def test_scale_adds_initiatives_in_bulk():
    from initiatives.demo import seed

    seed(scale=3, out=io.StringIO())
    first = Initiative.objects.count()
    assert first >= 60
    seed(scale=3, out=io.StringIO())
    assert Initiative.objects.count() == first
