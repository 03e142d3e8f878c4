"""The report of a period, checked against counts made by hand from the rows written here."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse

from initiatives.models import InitiativePhaseChange
from nieuweroute.models import PlanItem, Verdict
from participants import services as flow
from participants.models import Attendance, FlowKind, InflowChannel, OutflowReason
from tests.dashboard.conftest import tell_stories
from tests.initiatives.factories import (
    InitiativeFactory,
    MoneyFlowFactory,
    OrganisationFactory,
    ReflectionFactory,
)
from tests.nieuweroute.factories import PlanVersionFactory, RouteFactory
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ActivityFactory, ProcessFactory
from wei.models import Phase, PhaseTransition, TransitionKind

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:report")
# Today is pinned to 22 November 2026 (tests/dashboard/conftest.py).
THIS_QUARTER = (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
LAST_QUARTER = (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
QUARTER_BEFORE = (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))


def within(day, period):
    return period[0] <= day <= period[1]


def expected_flows(log, period):
    events = [e for e in log if within(e["on"], period)]
    kinds = Counter(e["kind"] for e in events)
    channels = Counter(e["channel"] for e in events if e["kind"] == FlowKind.INFLOW)
    reasons = Counter(e["reason"] for e in events if e["kind"] == FlowKind.OUTFLOW)
    return kinds, channels, reasons


@pytest.fixture
def story(manager):
    process = ProcessFactory(phase=Phase.DEVELOPMENT)
    process.managers.add(manager)
    log = tell_stories(process, people=40, seed=3)
    # The stories end 60 days before today: a few stays of this quarter as well.
    for n, channel in enumerate(["referral", "organizer", "referral"]):
        person = ParticipantFactory(neighbourhood=process.neighbourhood)
        day = datetime.date(2026, 10, 5 + n)
        flow.participant_flow_in(participant=person, process=process, occurred_on=day,
                                 channel=channel, phase=Phase.INFORMATION)
        log.append({"person": person, "kind": FlowKind.INFLOW, "on": day, "channel": channel,
                    "reason": ""})
        if n < 2:
            day = datetime.date(2026, 11, 1 + n)
            reason = ["paid_work", "conflict"][n]
            flow.participant_flow_out(participant=person, process=process, occurred_on=day,
                                      reason=reason)
            log.append({"person": person, "kind": FlowKind.OUTFLOW, "on": day, "channel": "",
                        "reason": reason})
    return process, log


@pytest.mark.parametrize(("choice", "period", "previous"), [
    ("kwartaal", THIS_QUARTER, LAST_QUARTER), ("vorig-kwartaal", LAST_QUARTER, QUARTER_BEFORE)])
def test_the_flows_of_the_period_and_the_one_before(client, manager, story, other_neighbourhood,
                                                    choice, period, previous):
    process, log = story
    client.force_login(manager)
    report = client.get(URL, {"periode": choice}).context["report"]
    assert report["period"] == {"start": period[0].isoformat(), "end": period[1].isoformat()}
    kinds, channels, reasons = expected_flows(log, period)
    kinds_before, channels_before, reasons_before = expected_flows(log, previous)
    assert sum(kinds.values()) and sum(kinds_before.values())  # the story reaches both
    flows = report["flows"]
    assert {row["code"]: (row["now"], row["before"]) for row in flows["kinds"]} == {
        kind: (kinds[kind], kinds_before[kind]) for kind in FlowKind.values}
    assert {row["code"]: (row["now"], row["before"]) for row in flows["channels"]} == {
        channel: (channels[channel], channels_before[channel])
        for channel in InflowChannel.values}
    assert {row["code"]: (row["now"], row["before"]) for row in flows["reasons"]} == {
        reason: (reasons[reason], reasons_before[reason]) for reason in OutflowReason.values}
    # Outcomes first: paid work, own business, education.
    assert [row["code"] for row in flows["reasons"][:3]] == ["paid_work", "own_business",
                                                            "education"]
    outcomes = {"paid_work", "own_business", "education"}
    assert flows["outcomes"] == {
        "now": sum(n for r, n in reasons.items() if r in outcomes),
        "before": sum(n for r, n in reasons_before.items() if r in outcomes)}


def test_a_chosen_span_leaves_out_what_lies_outside_it(client, manager, story):
    process, log = story
    client.force_login(manager)
    span = (datetime.date(2026, 2, 10), datetime.date(2026, 3, 21))  # 40 days
    report = client.get(URL, {"periode": "anders", "van": "2026-02-10",
                              "tot": "2026-03-21"}).context["report"]
    assert report["previous"] == {"start": "2026-01-01", "end": "2026-02-09"}
    kinds, _, _ = expected_flows(log, span)
    assert {row["code"]: row["now"] for row in report["flows"]["kinds"]} == {
        kind: kinds[kind] for kind in FlowKind.values}


def test_activities_transitions_stories_and_money_of_the_period(client, manager, story):
    process, _ = story
    start, end = LAST_QUARTER
    before = ActivityFactory(process=process, date=start - datetime.timedelta(days=3),
                             title="Oude avond")
    inside = ActivityFactory(process=process, date=start + datetime.timedelta(days=10),
                             title="Zomeravond")
    second = ActivityFactory(process=process, date=end, title="Nazomeravond")
    after = ActivityFactory(process=process, date=end + datetime.timedelta(days=1),
                            title="Herfstavond")
    regular, newcomer, late = (ParticipantFactory(neighbourhood=process.neighbourhood)
                               for _ in range(3))
    for activity, people in [(before, [regular]), (inside, [regular, newcomer]),
                             (second, [newcomer]), (after, [late])]:
        for person in people:
            Attendance.objects.create(activity=activity, participant=person)
    PhaseTransition.objects.create(process=process, kind=TransitionKind.ADVANCE, from_phase=2,
                                   to_phase=3, occurred_on=start + datetime.timedelta(days=5),
                                   rationale="De kerngroep draait zelfstandig.")
    PhaseTransition.objects.create(process=process, kind=TransitionKind.ADVANCE, from_phase=1,
                                   to_phase=2, occurred_on=start - datetime.timedelta(days=40),
                                   rationale="Eerder besluit buiten de periode.")
    garden = InitiativeFactory(process=process, title="Moestuin")
    ReflectionFactory(initiative=garden, date=start, what_we_did="Zaaien in juli.")
    ReflectionFactory(initiative=garden, date=end + datetime.timedelta(days=1),
                      what_we_did="Oogsten in oktober.")
    fund = OrganisationFactory(name="Gemeente Meppel")
    MoneyFlowFactory(initiative=garden, source=fund, amount="1000.00",
                     period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31))
    MoneyFlowFactory(initiative=None, neighbourhood=process.neighbourhood, source=fund,
                     amount="250.50", period_start=end, period_end=end)
    MoneyFlowFactory(initiative=garden, source=fund, amount="999.00",
                     period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 12, 31))
    route = RouteFactory(neighbourhood=process.neighbourhood, title="Rollen in het wijkteam")
    PlanVersionFactory(route=route, number=1, verdict=Verdict.SENT_BACK,
                       verdict_on=datetime.date(2026, 5, 1))
    plan = PlanVersionFactory(route=route, number=2, verdict=Verdict.ACCEPTED,
                              verdict_on=datetime.date(2026, 6, 1))
    PlanItem.objects.create(plan=plan, what="Wekelijks overleg", who_organisation=fund)

    client.force_login(manager)
    response = client.get(URL, {"periode": "vorig-kwartaal"})
    report = response.context["report"]
    activities = report["activities"]
    assert [a["title"] for a in activities["list"]] == ["Zomeravond", "Nazomeravond"]
    assert [a["came"] for a in activities["list"]] == [2, 1]
    assert (activities["held"], activities["visits"], activities["people"],
            activities["new_people"]) == (2, 3, 2, 1)
    [moved] = report["processes"][0]["transitions"]
    assert moved["rationale"] == "De kerngroep draait zelfstandig."
    [told] = [i for i in report["initiatives"]["list"] if i["title"] == "Moestuin"]
    assert [r["what_we_did"] for r in told["reflections"]] == ["Zaaien in juli."]
    assert report["money"]["total"] == str(Decimal("1250.50"))
    assert {(r["initiative"], r["total"]) for r in report["money"]["rows"]} == {
        ("Moestuin", "1000.00"), ("", "250.50")}
    [shown] = report["routes"]
    assert shown["plan"]["number"] == 2
    assert shown["plan"]["items"][0]["what"] == "Wekelijks overleg"
    html = response.content.decode()
    assert "Zaaien in juli." in html and "Oogsten in oktober." not in html
    assert "Eerder besluit buiten de periode." not in html
    assert "€ 1.250,50" in html and "1 juli 2026" in html
    # The money by source is drawn as well (whole euros on a bar), beside the table.
    chart = html.split('aria-label="Geld per bron"', 1)[1].split("</svg>", 1)[0]
    assert chart.count("<rect") == 1 and "Gemeente Meppel" in chart and "€ 1.251" in chart


def test_bad_dates_are_refused_in_dutch_and_kept(client, manager, story):
    client.force_login(manager)
    response = client.get(URL, {"periode": "anders", "van": "2026-05-01", "tot": "2026-04-01"})
    assert response.status_code == 200 and response.context["report"] is None
    html = response.content.decode()
    assert "De tot-datum ligt voor de van-datum." in html and 'value="2026-05-01"' in html
    assert client.get(URL, {"periode": "anders", "van": "gisteren"}).status_code == 200


def test_the_query_count_does_not_grow_with_the_data(client, manager, queries_for):
    process = ProcessFactory(phase=Phase.DEVELOPMENT)
    process.managers.add(manager)
    client.force_login(manager)

    def add(process, n):
        tell_stories(process, people=n, seed=n)
        garden = InitiativeFactory(process=process)
        ReflectionFactory(initiative=garden, date=datetime.date(2026, 10, 2))
        InitiativePhaseChange.objects.create(initiative=garden, from_phase=1, to_phase=2,
                                             occurred_on=datetime.date(2026, 10, 3),
                                             rationale="Groeit.")
        MoneyFlowFactory(initiative=garden, period_start=datetime.date(2026, 10, 1),
                         period_end=datetime.date(2026, 10, 31))
        activity = ActivityFactory(process=process, date=datetime.date(2026, 10, 5))
        Attendance.objects.create(activity=activity,
                                  participant=ParticipantFactory(neighbourhood=process.neighbourhood))
        plan = PlanVersionFactory(route=RouteFactory(neighbourhood=process.neighbourhood),
                                  verdict=Verdict.ACCEPTED, verdict_on=datetime.date(2026, 10, 1))
        PlanItem.objects.create(plan=plan, what="Afspraak", who_organisation=OrganisationFactory())

    add(process, 3)
    small = queries_for(client, URL)
    for n in range(4):
        more = ProcessFactory(phase=Phase.EMERGENCE)
        more.managers.add(manager)
        add(more, 10 + n)
    assert queries_for(client, URL) == small


def test_a_saved_version_is_frozen_and_compared_with_an_earlier_one(client, manager, story):
    process, _ = story
    garden = InitiativeFactory(process=process, title="Moestuin")
    kept = ReflectionFactory(initiative=garden, date=datetime.date(2026, 10, 3),
                             what_we_did="De eerste oogst gedeeld.")
    dropped = ReflectionFactory(initiative=garden, date=datetime.date(2026, 10, 9),
                                what_we_did="Ruzie over de schuur.")
    client.force_login(manager)
    query = f"?periode=kwartaal&wijk={process.neighbourhood.slug}"
    page = client.get(URL + query).content.decode()
    assert page.count('name="reflecties"') == 2 and page.count("checked") >= 2
    response = client.post(URL + query, {"reflecties": [kept.pk],
                                         "learned": "Kleine stappen, lange adem."})
    assert response.status_code == 302
    version_url = response["Location"]
    kept.what_we_did = "Later herschreven."
    kept.save(update_fields=["what_we_did"])
    html = client.get(version_url).content.decode()
    assert "De eerste oogst gedeeld." in html and "Later herschreven." not in html
    assert "Ruzie over de schuur." not in html and "Kleine stappen, lange adem." in html
    assert dropped.pk

    earlier = client.post(URL + f"?periode=vorig-kwartaal&wijk={process.neighbourhood.slug}",
                          {"learned": ""})
    first_pk = int(earlier["Location"].rstrip("/").split("/")[-1])
    second_pk = int(version_url.rstrip("/").split("/")[-1])
    compared = client.get(reverse("dashboard:report_compare", args=[second_pk]),
                          {"met": first_pk})
    rows = {str(label): (a, b) for label, a, b, _ in compared.context["rows"]}
    assert rows["Gehouden activiteiten"] == (0, 0)
    assert rows["Opgenomen reflecties"] == (0, 1)
    assert compared.context["earlier"].pk == first_pk


def test_a_too_long_account_is_refused_and_kept(client, manager, story):
    client.force_login(manager)
    text = "lang " * 2100
    response = client.post(URL + "?periode=kwartaal", {"learned": text})
    assert response.status_code == 400
    assert text.strip()[:50] in response.content.decode()
    from dashboard.models import ReportVersion
    assert not ReportVersion.objects.exists()
