"""Correcting what an initiative's page recorded, from that page: each row links to its
correction, a correction keeps the original struck through with who, when and why, the
figures follow the corrected record, a second submit changes nothing, and a row out of
sight is a 404."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from core.periods import Period
from dashboard import report
from initiatives import services
from initiatives.models import (
    InitiativePhase,
    InitiativePhaseChange,
    Membership,
    MoneyFlow,
    Reflection,
)
from participants.models import FlowEvent
from tests.dashboard.conftest import TODAY
from tests.dashboard.workspace import managed_process
from tests.initiatives.factories import (
    InitiativeFactory,
    MoneyFlowFactory,
    ReflectionFactory,
)
from tests.participants.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def initiative(manager):
    return InitiativeFactory(process=managed_process(manager), title="Repair café",
                             phase=InitiativePhase.IDEA, is_public=False)


@pytest.fixture
def rows(initiative):
    """One row of each kind the page can correct."""
    change = services.initiative_phase_change(
        initiative=initiative, to_phase=InitiativePhase.EMERGENCE, occurred_on=days_ago(30),
        rationale="Vijf buren doen mee.")
    person = ParticipantFactory(name="Bewoner Bas", neighbourhood=initiative.neighbourhood)
    membership = services.membership_start(participant=person, initiative=initiative,
                                           started_on=days_ago(20))
    money = MoneyFlowFactory(initiative=initiative, amount=Decimal("1500.00"),
                             period_start=days_ago(60), period_end=days_ago(1))
    reflection = ReflectionFactory(initiative=initiative, date=days_ago(5))
    return {"phase_change": change, "membership": membership, "money_flow": money,
            "reflection": reflection}


def url(kind, row):
    return reverse(f"dashboard:{kind}_correct", args=[row.pk])


def page(initiative):
    return reverse("dashboard:initiative", args=[initiative.pk])


def test_each_row_of_the_page_links_to_its_correction_as_an_open_step(
        client, manager, initiative, rows):
    client.force_login(manager)
    response = client.get(page(initiative))
    html = response.content.decode()
    open_keys = {step.key for step in response.context["page_steps"] if step.is_open}
    subjects = {"phase_change": "phase-change", "membership": "membership",
                "money_flow": "money-flow", "reflection": "reflection"}
    for kind, row in rows.items():
        key = f"{subjects[kind]}-{row.pk}:correct"
        assert f'href="{url(kind, row)}" data-step="{key}"' in html, kind
        assert key in open_keys, kind
        assert client.get(url(kind, row)).status_code == 200, kind


def test_a_corrected_money_flow_changes_the_reports_money_figures(
        client, manager, initiative, rows):
    flow = rows["money_flow"]
    period = Period(days_ago(60), days_ago(1))

    def total():
        return report.build(manager, period=period,
                            neighbourhood=initiative.neighbourhood)["money"]["total"]

    assert total() == "1500.00"
    client.force_login(manager)
    response = client.post(url("money_flow", flow), {
        "source": flow.source_id, "amount": "2.500", "purpose": flow.purpose,
        "period_start": flow.period_start.isoformat(),
        "period_end": flow.period_end.isoformat(), "why": "Toezegging was € 2.500."})
    assert response.status_code == 302
    assert response["Location"].endswith("#money")
    assert total() == "2500.00"
    shown = client.get(page(initiative))
    assert shown.context["money_total"] == Decimal("2500")
    html = shown.content.decode()
    assert "Toezegging was € 2.500." in html and "money-flow-withdrawn" in html

    # Sent twice: recorded once, and the page says so.
    again = client.post(url("money_flow", flow), {
        "source": flow.source_id, "amount": "3000", "purpose": "x",
        "period_start": flow.period_start.isoformat(),
        "period_end": flow.period_end.isoformat(), "why": "nogmaals"}, follow=True)
    assert again.redirect_chain[0][0].startswith(page(initiative))
    assert [m.level_tag for m in again.context["messages"]] == ["error"]
    assert MoneyFlow.history.count() == 2 and total() == "2500.00"


def test_a_withdrawn_phase_change_puts_the_phase_back_and_stays_on_the_page(
        client, manager, initiative, rows):
    change = rows["phase_change"]
    client.force_login(manager)
    response = client.post(url("phase_change", change), {
        "action": "withdraw", "withdraw-why": "Was nog een idee."})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.phase == InitiativePhase.IDEA
    html = client.get(page(initiative)).content.decode()
    assert "Was nog een idee." in html and "text-decoration-line-through" in html
    assert url("phase_change", change) not in html

    again = client.post(url("phase_change", change), {
        "action": "withdraw", "withdraw-why": "nogmaals"}, follow=True)
    assert [m.level_tag for m in again.context["messages"]] == ["error"]
    assert InitiativePhaseChange.history.filter(withdrawn_at__isnull=False).count() == 1


def test_a_withdrawn_membership_says_its_inflow_stays_and_where_to_correct_it(
        client, manager, initiative, rows):
    membership = rows["membership"]
    client.force_login(manager)
    form = client.get(url("membership", membership)).content.decode()
    timeline = reverse("dashboard:person", args=[membership.participant_id])
    assert f'{timeline}#gebeurtenis-{membership.inflow_id}' in form
    events = FlowEvent.objects.count()
    response = client.post(url("membership", membership), {
        "action": "withdraw", "withdraw-why": "Verkeerde persoon."})
    assert response.status_code == 302
    assert not Membership.objects.exists() and FlowEvent.objects.count() == events
    html = client.get(page(initiative)).content.decode()
    assert f'id="lidmaatschap-{membership.pk}"' in html and "Verkeerde persoon." in html
    # The person's timeline keeps it too, struck through, with the reason.
    person = client.get(timeline).content.decode()
    assert "Verkeerde persoon." in person and "timeline-withdrawn" in person


def test_a_refused_correction_keeps_what_was_typed_and_changes_nothing(
        client, manager, initiative, rows):
    reflection = rows["reflection"]
    client.force_login(manager)
    response = client.post(url("reflection", reflection), {
        "date": "2999-01-01", "what_we_did": "Soep gekookt", "why": "Datum verkeerd"})
    assert response.status_code == 400
    assert response.context["form"]["what_we_did"].value() == "Soep gekookt"
    assert response.context["form"].non_field_errors()
    membership = rows["membership"]
    refused = client.post(url("membership", membership), {
        "role": "member", "started_on": membership.started_on.isoformat(), "why": "x"})
    assert refused.status_code == 400  # nothing changed
    without_why = client.post(url("reflection", reflection), {
        "date": reflection.date.isoformat(), "what_we_did": "Anders", "why": ""})
    assert without_why.status_code == 400 and without_why.context["form"].errors["why"]
    assert Reflection.history.count() == 1 and Membership.history.count() == 1


def test_rows_out_of_sight_are_a_404(client, rows):
    from tests.wei.factories import ProcessManagerFactory

    client.force_login(ProcessManagerFactory())  # manages another neighbourhood
    for kind, row in rows.items():
        assert client.get(url(kind, row)).status_code == 404, kind
        assert client.post(url(kind, row), {"action": "withdraw",
                                            "withdraw-why": "x"}).status_code == 404, kind
    assert not any(model.history.filter(withdrawn_at__isnull=False).exists() for model in (
        InitiativePhaseChange, Membership, MoneyFlow, Reflection))


def test_the_page_costs_the_same_with_withdrawn_rows(client, manager, initiative, rows,
                                                     queries_for):
    client.force_login(manager)
    small = queries_for(client, page(initiative))
    for n in range(4):
        person = ParticipantFactory(neighbourhood=initiative.neighbourhood)
        member = services.membership_start(participant=person, initiative=initiative,
                                           started_on=days_ago(10))
        services.membership_withdraw(membership=member, why=f"fout {n}", by=manager)
        services.money_flow_correct(money_flow=MoneyFlowFactory(initiative=initiative),
                                    why=f"bedrag {n}", amount=Decimal("10"), by=manager)
        services.reflection_withdraw(reflection=ReflectionFactory(initiative=initiative),
                                     why=f"dubbel {n}", by=manager)
    latest = services.initiative_phase_change(
        initiative=initiative, to_phase=InitiativePhase.DEVELOPMENT, occurred_on=days_ago(2),
        rationale="Eigen plan.")
    services.phase_change_correct(change=latest, why="datum", occurred_on=days_ago(1),
                                  by=manager)
    services.phase_change_correct(change=rows["phase_change"], why="reden",
                                  rationale="Zes buren.", by=manager)
    assert queries_for(client, page(initiative)) == small


def test_a_withdrawn_public_reflection_leaves_the_residents_report(initiative, rows):
    initiative.is_public = True
    initiative.save(update_fields=["is_public"])
    told = ReflectionFactory(initiative=initiative, date=days_ago(3), is_public=True,
                             what_we_did="Soep gekookt met de buren.")
    period = Period(days_ago(60), TODAY)

    def stories():
        data = report.public(period=period, neighbourhood=initiative.neighbourhood)
        return [r["what_we_did"] for i in data["initiatives"]["list"] for r in i["reflections"]]

    assert "Soep gekookt met de buren." in stories()
    services.reflection_withdraw(reflection=told, why="Naam van een bewoner erin")
    assert "Soep gekookt met de buren." not in stories()
