"""The overview's figures, checked against counts made by hand from what was written."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse

from participants.models import FlowKind, OutflowReason
from tests.dashboard.conftest import TODAY
from tests.initiatives.factories import (
    InitiativeFactory,
    MoneyFlowFactory,
    OrganisationFactory,
    ReflectionFactory,
)
from tests.nieuweroute.factories import RouteFactory
from tests.wei.factories import ActivityFactory
from wei.models import Phase

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:overview")


def current_states(log):
    last = {}
    for entry in log:
        last[entry["person"].pk] = entry
    return [entry for entry in last.values() if entry["kind"] != FlowKind.OUTFLOW]


def test_the_funnel_counts_what_was_recorded(client, manager, neighbourhood_with_stories,
                                             other_neighbourhood):
    process, log = neighbourhood_with_stories
    client.force_login(manager)
    context = client.get(URL).context

    active = Counter(entry["phase"] for entry in current_states(log))
    assert [bar.value for bar in context["active_by_phase"].bars] == [
        active[phase] for phase in Phase]
    assert context["active_total"] == len(current_states(log))

    # By default every panel covers this year, the months of the table and the bars alike.
    year = [entry for entry in log if entry["on"].year == TODAY.year]
    per_month = Counter((entry["on"].replace(day=1), entry["kind"]) for entry in year)
    months = context["flow_by_month"]
    assert [month for month, _ in months] == [
        datetime.date(TODAY.year, n, 1) for n in range(1, 13)]
    for month, counts in months:
        for kind in FlowKind.values:
            assert counts[kind] == per_month[(month, kind)], (month, kind)

    reasons = Counter(entry["reason"] for entry in year if entry["kind"] == FlowKind.OUTFLOW)
    bars = context["outflow_chart"].bars
    assert {str(bar.label): bar.value for bar in bars} == {
        str(reason.label): reasons[reason.value] for reason in OutflowReason}
    # Paid work and own business lead, marked as the outcomes they are.
    assert [bar.highlight for bar in bars[:2]] == [True, True]
    assert str(bars[0].label) == str(OutflowReason.PAID_WORK.label)

    channels = Counter(entry["channel"] for entry in year if entry["kind"] == FlowKind.INFLOW)
    assert sum(bar.value for bar in context["channel_chart"].bars) == sum(channels.values())
    assert sum(channels.values()) < sum(
        1 for entry in log if entry["kind"] == FlowKind.INFLOW)  # the earlier years are out


def test_the_numbers_are_on_the_page_as_a_table_beside_each_chart(
        client, manager, neighbourhood_with_stories):
    process, log = neighbourhood_with_stories
    client.force_login(manager)
    response = client.get(URL)
    html = response.content.decode()
    assert html.count("<svg") == html.count('class="table table-sm chart-table"') >= 4
    assert 'role="img"' in html
    assert "€" not in html  # counts of people are not amounts of money
    # Dutch month names and the phase track of the process.
    assert "november 2026" in html
    assert 'aria-current="step"' in html and "Ontwikkelfase" in html


def test_a_manager_sees_nothing_of_another_neighbourhood(client, manager,
                                                        neighbourhood_with_stories,
                                                        other_neighbourhood):
    other, other_log = other_neighbourhood
    InitiativeFactory(process=other, title="Geheime moestuin", needs_money=True)
    RouteFactory(neighbourhood=other.neighbourhood, title="Andermans route")
    client.force_login(manager)
    response = client.get(URL)
    html = response.content.decode()
    assert other.title not in html and other.neighbourhood.name not in html
    assert "Geheime moestuin" not in html and "Andermans route" not in html
    process, log = neighbourhood_with_stories
    assert response.context["active_total"] == len(current_states(log))


def test_initiatives_money_routes_and_what_is_coming_up(client, manager,
                                                        neighbourhood_with_stories):
    process, _ = neighbourhood_with_stories
    garden = InitiativeFactory(process=process, title="Moestuin", phase=2, form="lasting",
                               needs_space=True)
    InitiativeFactory(process=process, title="Repaircafé", phase=3, form="business",
                      needs_space=False)
    # In this year, the overview's default period.
    ReflectionFactory(initiative=garden, what_we_did="We hebben het veld samen omgespit.",
                      what_we_learned="Vraag de buren eerst om hulp.",
                      date=datetime.date(2026, 10, 1))
    housing = OrganisationFactory(name="Woonconcept")
    MoneyFlowFactory(initiative=garden, source=housing, amount="1500.00",
                     period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31))
    MoneyFlowFactory(initiative=None, neighbourhood=process.neighbourhood, source=housing,
                     amount="250.50", period_start=datetime.date(2025, 7, 1),
                     period_end=datetime.date(2026, 6, 30))
    route = RouteFactory(neighbourhood=process.neighbourhood, title="Samen over de speeltuin",
                         meeting_date=TODAY + datetime.timedelta(days=9))
    ActivityFactory(process=process, title="Buurtbarbecue",
                    date=TODAY + datetime.timedelta(days=3))
    ActivityFactory(process=process, title="Oude informatieavond",
                    date=TODAY - datetime.timedelta(days=3))
    client.force_login(manager)
    response = client.get(URL)
    context, html = response.context, response.content.decode()

    table = {phase.value: (counts, total)
             for phase, counts, total in context["initiatives_by_phase"]}
    assert table[2][1] == 1 and table[3][1] == 1 and table[1][1] == 0
    assert [i.title for i in context["needing_support"]] == ["Moestuin"]
    assert "We hebben het veld samen omgespit." in html  # the words, not only a count
    assert [(bar.label, bar.value) for bar in context["money_chart"].bars] == [
        ("Woonconcept", Decimal("1750.50"))]
    assert "€ 1.750,50" in html  # Dutch number format
    assert [r.title for r in context["routes"]] == [route.title]
    assert context["routes"][0].next_step
    assert [r.title for r in context["meetings"]] == [route.title]
    assert [a.title for a in context["activities"]] == ["Buurtbarbecue"]


def test_choosing_a_neighbourhood_narrows_everything(client, manager,
                                                    neighbourhood_with_stories):
    process, log = neighbourhood_with_stories
    second = type(process).objects.create(
        neighbourhood=type(process.neighbourhood).objects.create(
            name="Tweede wijk", municipality="Meppel", slug="tweede-wijk"),
        title="Tweede proces", started_on=datetime.date(2025, 1, 1))
    second.managers.add(manager)
    client.force_login(manager)
    everything = client.get(URL).context
    assert len(everything["processes"]) == 2
    narrowed = client.get(URL, {"wijk": "tweede-wijk"}).context
    assert [p.title for p in narrowed["processes"]] == ["Tweede proces"]
    assert narrowed["active_total"] == 0
    # A neighbourhood the user may not see is refused by the form, not shown.
    refused = client.get(URL, {"wijk": "bestaat-niet"})
    assert refused.status_code == 200 and refused.context["form"].errors


def test_the_query_count_does_not_grow_with_the_data(client, manager, queries_for,
                                                     django_assert_max_num_queries):
    from tests.dashboard.conftest import tell_stories
    from tests.wei.factories import ProcessFactory

    process = ProcessFactory(phase=Phase.DEVELOPMENT)
    process.managers.add(manager)
    client.force_login(manager)
    tell_stories(process, people=3, seed=1)
    garden = InitiativeFactory(process=process)
    MoneyFlowFactory(initiative=garden)
    RouteFactory(neighbourhood=process.neighbourhood)
    small = queries_for(client, URL)
    for n in range(5):
        more = ProcessFactory(phase=Phase.EMERGENCE)
        more.managers.add(manager)
        tell_stories(more, people=10, seed=n)
        garden = InitiativeFactory(process=more)
        ReflectionFactory(initiative=garden)
        MoneyFlowFactory(initiative=garden)
        RouteFactory(neighbourhood=more.neighbourhood)
    assert queries_for(client, URL) == small
    # session, user, role check, neighbourhoods, process count, page of processes,
    # their transitions and criteria, five funnel queries, initiatives (3), reflections,
    # money (2), routes (2: ids, then their progress), meetings, activities, the follow-ups
    # waiting
    with django_assert_max_num_queries(25):
        client.get(URL)


def test_only_staff_with_a_dashboard_role_get_in(client):
    from tests.wei.factories import UserFactory

    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(UserFactory())  # staff, but no role (e.g. a steering member)
    assert client.get(URL).status_code == 403
