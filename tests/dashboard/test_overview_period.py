"""The overview's period: every panel covers the same months, said in its heading."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from participants import services as flow
from participants.models import FlowKind, InflowChannel, OutflowReason
from tests.dashboard.conftest import tell_stories
from tests.initiatives.factories import InitiativeFactory, MoneyFlowFactory, ReflectionFactory
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ProcessFactory
from wei.models import Phase

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:overview")
INSIDE = datetime.date(2026, 5, 12)  # the last quarter is July–September 2026
LAST_QUARTER_DAY = datetime.date(2026, 8, 20)
OUTSIDE = datetime.date(2025, 11, 3)


@pytest.fixture
def process(manager):
    process = ProcessFactory(phase=Phase.DEVELOPMENT)
    process.managers.add(manager)
    return process


def stay(process, *, came, left, reason=OutflowReason.PAID_WORK,
         channel=InflowChannel.ORGANIZER):
    person = ParticipantFactory(neighbourhood=process.neighbourhood)
    flow.participant_flow_in(participant=person, process=process, occurred_on=came,
                             channel=channel, phase=Phase.first())
    flow.participant_flow_out(participant=person, process=process, occurred_on=left,
                              reason=reason)


def test_every_panel_counts_only_what_lies_in_the_period(client, manager, process):
    stay(process, came=INSIDE, left=LAST_QUARTER_DAY)
    stay(process, came=OUTSIDE, left=OUTSIDE + datetime.timedelta(days=5),
         reason=OutflowReason.MOVED_AWAY, channel=InflowChannel.REFERRAL)
    garden = InitiativeFactory(process=process, title="Moestuin")
    ReflectionFactory(initiative=garden, date=INSIDE, what_we_did="Binnen de periode gespit.")
    ReflectionFactory(initiative=garden, date=OUTSIDE, what_we_did="Lang geleden gezaaid.")
    MoneyFlowFactory(initiative=garden, amount="100.00", period_start=datetime.date(2025, 10, 1),
                     period_end=datetime.date(2026, 3, 31))  # runs into this year
    MoneyFlowFactory(initiative=garden, amount="7.00", period_start=datetime.date(2025, 1, 1),
                     period_end=datetime.date(2025, 12, 31))
    client.force_login(manager)

    response = client.get(URL, {"periode": "jaar"})
    context, html = response.context, response.content.decode()
    assert [c[FlowKind.INFLOW] for _, c in context["flow_by_month"]][4] == 1
    assert sum(c[FlowKind.INFLOW] for _, c in context["flow_by_month"]) == 1
    assert {str(b.label): b.value for b in context["outflow_chart"].bars}[
        str(OutflowReason.MOVED_AWAY.label)] == 0
    assert sum(b.value for b in context["outflow_chart"].bars) == 1
    assert sum(b.value for b in context["channel_chart"].bars) == 1
    assert "Binnen de periode gespit." in html and "Lang geleden gezaaid." not in html
    assert [b.value for b in context["money_chart"].bars] == [Decimal("100.00")]

    # The last quarter: the outflow of August, not the inflow of May.
    context = client.get(URL, {"periode": "vorig-kwartaal"}).context
    assert [m for m, _ in context["flow_by_month"]] == [
        datetime.date(2026, 7, 1), datetime.date(2026, 8, 1), datetime.date(2026, 9, 1)]
    assert sum(b.value for b in context["channel_chart"].bars) == 0
    assert sum(b.value for b in context["outflow_chart"].bars) == 1
    assert context["reflections"] == [] and context["money"] == []

    # A chosen from–to: last year's November alone.
    context = client.get(URL, {"periode": "anders", "van": "2025-11-01",
                               "tot": "2025-11-30"}).context
    assert sum(b.value for b in context["outflow_chart"].bars) == 1
    # Both grants ran in that month.
    assert sorted(b.value for b in context["money_chart"].bars) == [
        Decimal("7.00"), Decimal("100.00")]


def test_the_outflow_by_reason_adds_up_to_the_monthly_table(client, manager, process,
                                                         other_neighbourhood):
    log = tell_stories(process, people=40, seed=3)
    client.force_login(manager)
    for query in ({}, {"periode": "kwartaal"}, {"periode": "vorig-kwartaal"},
                  {"periode": "anders", "van": "2025-03-10", "tot": "2026-02-14"},
                  {"wijk": process.neighbourhood.slug}):
        context = client.get(URL, query).context
        months = context["flow_by_month"]
        by_reason = sum(bar.value for bar in context["outflow_chart"].bars)
        by_channel = sum(bar.value for bar in context["channel_chart"].bars)
        assert by_reason == sum(c[FlowKind.OUTFLOW] for _, c in months), query
        assert by_channel == sum(c[FlowKind.INFLOW] for _, c in months), query
        first, last = months[0][0], context["period"].end
        assert by_reason == sum(1 for e in log if e["kind"] == FlowKind.OUTFLOW
                                and first <= e["on"] <= last), query


def test_a_chosen_from_to_is_widened_to_whole_months_and_said_so(client, manager, process):
    client.force_login(manager)
    response = client.get(URL, {"periode": "anders", "van": "2026-02-10", "tot": "2026-04-03"})
    period = response.context["period"]
    assert (period.start, period.end) == (datetime.date(2026, 2, 1), datetime.date(2026, 4, 30))
    assert len(response.context["flow_by_month"]) == 3
    html = response.content.decode()
    assert "van 1 februari 2026 tot en met 30 april 2026" in html
    assert "tot hele maanden" in html


def test_the_headings_state_the_period_in_dutch(client, manager, process):
    client.force_login(manager)
    html = client.get(URL).content.decode()
    period = "van 1 januari 2026 tot en met 31 december 2026"
    for heading in ("Instroom per kanaal", "Stroom per maand", "Uitstroom naar reden",
                    "Laatste reflecties", "Totaal per bronorganisatie, geldstromen die lopen",
                    "Naar bron en bestemming, geldstromen die lopen"):
        assert f"{heading} {period}" in html, heading
    html = client.get(URL, {"periode": "vorig-kwartaal"}).content.decode()
    assert "van 1 juli 2026 tot en met 30 september 2026" in html


@pytest.mark.parametrize(("query", "message"), [
    ({"periode": "anders", "van": "2026-05-01", "tot": "2026-04-01"},
     "De tot-datum ligt voor de van-datum."),
    ({"periode": "anders", "van": "2026-05-01"}, "Vul zowel een van- als een tot-datum in."),
    ({"periode": "anders", "van": "gisteren", "tot": "morgen"}, "Voer een geldige datum in."),
    ({"periode": "eeuwig"}, "Selecteer een geldige keuze."),
])
def test_a_refused_period_is_explained_in_dutch_and_the_page_still_shows(
        client, manager, process, query, message):
    client.force_login(manager)
    response = client.get(URL, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    # The panels fall back to this year, and say so.
    assert "van 1 januari 2026 tot en met 31 december 2026" in html


def test_the_pages_of_processes_and_the_links_keep_the_period(client, manager, process):
    for n in range(7):
        ProcessFactory(phase=Phase.EMERGENCE, title=f"Proces {n}").managers.add(manager)
    client.force_login(manager)
    html = client.get(URL, {"periode": "vorig-kwartaal"}).content.decode()
    assert "?periode=vorig-kwartaal&amp;pagina=2" in html
    assert "vanaf=2026-07-01&amp;tot=2026-09-30" in html  # the flow events of the period


def test_the_query_count_does_not_grow_with_the_data_in_any_period(
        client, manager, process, queries_for):
    tell_stories(process, people=3, seed=1)
    queries = ["", "?periode=vorig-kwartaal", "?periode=anders&van=2025-01-01&tot=2026-06-30",
               "?periode=anders&van=2026-06-30&tot=2025-01-01"]
    small = [queries_for(client.force_login(manager) or client, URL + q) for q in queries]
    for n in range(4):
        more = ProcessFactory(phase=Phase.EMERGENCE)
        more.managers.add(manager)
        tell_stories(more, people=10, seed=n)
        garden = InitiativeFactory(process=more)
        ReflectionFactory(initiative=garden, date=INSIDE)
        MoneyFlowFactory(initiative=garden, period_start=INSIDE, period_end=INSIDE)
    assert [queries_for(client, URL + q) for q in queries] == small
