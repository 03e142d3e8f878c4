"""The one place for 'may this user see this row': the rules of the lower floors."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from initiatives.models import Initiative
from participants.models import FlowEvent, Participant
from tests.initiatives.factories import InitiativeFactory
from tests.participants.factories import InflowFactory, ParticipantFactory
from tests.wei.factories import ProcessFactory, ProcessManagerFactory, UserFactory
from wei import access
from wei.models import Process

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_neighbourhoods():
    mine, theirs = ProcessFactory(), ProcessFactory()
    manager = ProcessManagerFactory()
    mine.managers.add(manager)
    return manager, mine, theirs


def test_a_process_manager_sees_only_their_own_neighbourhoods_rows(two_neighbourhoods):
    manager, mine, theirs = two_neighbourhoods
    own_person = ParticipantFactory(neighbourhood=mine.neighbourhood)
    InflowFactory(participant=own_person, process=mine)
    InflowFactory(process=theirs)
    InitiativeFactory(neighbourhood=mine.neighbourhood, process=mine)
    InitiativeFactory(neighbourhood=theirs.neighbourhood, process=theirs)

    assert list(access.visible(manager, Process.objects.all())) == [mine]
    assert list(access.visible(manager, Participant.objects.all())) == [own_person]
    assert list(access.visible(manager, FlowEvent.objects.all())) == [
        FlowEvent.objects.get(process=mine)
    ]
    assert [i.neighbourhood for i in access.visible(manager, Initiative.objects.all())] == [
        mine.neighbourhood
    ]
    assert access.may_view(manager, mine) and not access.may_view(manager, theirs)
    with pytest.raises(Http404):
        access.get_visible_or_404(manager, Process.objects.all(), pk=theirs.pk)


def test_someone_who_came_in_through_their_process_is_visible_from_elsewhere(two_neighbourhoods):
    manager, mine, theirs = two_neighbourhoods
    newcomer = ParticipantFactory(neighbourhood=theirs.neighbourhood)
    InflowFactory(participant=newcomer, process=mine)
    assert list(access.visible(manager, Participant.objects.all())) == [newcomer]


def test_anonymous_and_inactive_users_see_nothing_and_a_superuser_everything(two_neighbourhoods):
    manager, mine, theirs = two_neighbourhoods
    manager.is_active = False
    assert not access.visible(manager, Process.objects.all()).exists()
    assert not access.visible(AnonymousUser(), Process.objects.all()).exists()
    boss = UserFactory(is_superuser=True)
    assert access.visible(boss, Process.objects.all()).count() == 2


def test_a_model_without_a_rule_is_closed_to_everyone_but_a_superuser(two_neighbourhoods):
    from django.contrib.auth.models import Group

    manager, *_ = two_neighbourhoods
    assert not access.visible(manager, Group.objects.all()).exists()
