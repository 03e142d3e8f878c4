"""The one place for 'may this user see this row': the rules of the lower floors."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from initiatives.models import Initiative
from participants import services as people_services
from participants.models import FlowEvent, InflowChannel, OutflowReason, Participant
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


@pytest.fixture
def extra_way_in():
    """Open participants through one more rule for the test's length."""
    added = []

    def widen(rule):
        access.widen(Participant, see=rule)
        added.append(rule)

    yield widen
    for rule in added:
        access._WIDER[Participant].remove(rule)


def test_a_rule_that_joins_another_table_never_lists_a_row_twice(two_neighbourhoods,
                                                                    extra_way_in):
    manager, mine, theirs = two_neighbourhoods
    # Seen through a join over their flow events: two events would mean two rows.
    extra_way_in(lambda user, qs: qs.filter(flow_events__process__in=[theirs]))
    visitor = ParticipantFactory(neighbourhood=theirs.neighbourhood)
    people_services.participant_flow_in(
        participant=visitor, process=theirs, occurred_on=datetime.date(2025, 1, 6),
        channel=InflowChannel.REFERRAL)
    people_services.participant_flow_out(
        participant=visitor, process=theirs, occurred_on=datetime.date(2025, 2, 3),
        reason=OutflowReason.MOVED_AWAY)
    own_person = ParticipantFactory(neighbourhood=mine.neighbourhood)

    seen = access.visible(manager, Participant.objects.order_by("name"))
    assert sorted(p.pk for p in seen) == sorted([visitor.pk, own_person.pk])
    assert seen.count() == 2


def test_rules_that_only_test_the_rows_are_joined_in_one_condition(two_neighbourhoods,
                                                                  extra_way_in):
    manager, mine, theirs = two_neighbourhoods
    extra_way_in(lambda user, qs: qs.filter(postcode="7941 AA"))
    by_postcode = ParticipantFactory(neighbourhood=theirs.neighbourhood, postcode="7941 AA")
    own_person = ParticipantFactory(neighbourhood=mine.neighbourhood)
    ParticipantFactory(neighbourhood=theirs.neighbourhood, postcode="7942 BB")

    seen = access.visible(manager, Participant.objects.order_by("name"))
    assert sorted(p.pk for p in seen) == sorted([by_postcode.pk, own_person.pk])
    # Read in one pass over the table, not through a set of keys per rule.
    assert str(seen.query).count('FROM "participants_participant"') == 1
