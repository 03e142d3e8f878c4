"""An initiative's staff page: members, reflections, money flows typed the Dutch way,
support, publishing; and every initiative name on the dashboard leads here."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from initiatives.fields import EuroAmountField, parse_euro_amount
from initiatives.models import Membership, MoneyFlow, Reflection
from participants.models import FlowEvent, FlowKind, InflowChannel
from tests.dashboard.conftest import TODAY
from tests.dashboard.workspace import an_idea, managed_process
from tests.initiatives.factories import (
    InitiativeFactory,
    MoneyFlowFactory,
    OrganisationFactory,
    ReflectionFactory,
)
from tests.participants.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(manager):
    process = managed_process(manager)
    return InitiativeFactory(process=process, title="Repair café", is_public=False)


def page(initiative):
    return reverse("dashboard:initiative", args=[initiative.pk])


def post(client, initiative, name, data):
    return client.post(reverse(f"dashboard:initiative_{name}", args=[initiative.pk]), data)


@pytest.mark.parametrize(("typed", "amount"), [
    ("2.500", "2500"), ("2.500,50", "2500.50"), ("€ 2.500", "2500"), ("€2.500,-", "2500"),
    ("2500", "2500"), ("12,5", "12.50"), ("1.234.567,89", "1234567.89"), ("12.50", "12.50"),
])
def test_amounts_typed_the_dutch_way_are_understood(typed, amount):
    assert parse_euro_amount(typed) == Decimal(amount)
    assert EuroAmountField().clean(typed) == Decimal(amount)


@pytest.mark.parametrize(("typed", "message"), [
    ("twee", "Vul een bedrag in euro in, zoals 2.500 of 2.500,50."),
    ("2,505", "Een bedrag heeft hoogstens twee cijfers voor de centen, zoals 2.500,50."),
    ("0", "Vul een bedrag van meer dan € 0 in."),
    ("-5", "Vul een bedrag in euro in, zoals 2.500 of 2.500,50."),
])
def test_an_amount_that_is_none_is_refused_in_dutch(typed, message):
    with pytest.raises(Exception) as refused:
        EuroAmountField().clean(typed)
    assert message in refused.value.messages


def test_the_page_shows_members_reflections_money_and_support(client, manager, initiative):
    person = ParticipantFactory(name="Yara Bos", postcode="7941 AB",
                                neighbourhood=initiative.neighbourhood)
    from initiatives.services import membership_start
    membership_start(participant=person, initiative=initiative, started_on=TODAY)
    ReflectionFactory(initiative=initiative, what_we_did="Fietsen gemaakt.")
    MoneyFlowFactory(initiative=initiative, amount="2500.00", purpose="Gereedschap")
    client.force_login(manager)
    html = client.get(page(initiative)).content.decode()
    assert "<h1>Repair café</h1>" in html
    assert "Yara Bos" in html and "7941 AB" in html
    assert "Fietsen gemaakt." in html and "Wat hebben we gedaan?" in html
    assert "€ 2.500,00" in html and "Gereedschap" in html
    assert ('name="needs_space" class="checkboxinput form-check-input" id="id_needs_space" '
            'checked') in html


def test_members_are_found_added_and_ended_through_the_flow(client, manager, initiative):
    yara = ParticipantFactory(name="Yara Bos", postcode="7941 AB",
                              neighbourhood=initiative.neighbourhood)
    ParticipantFactory(name="Yara Kamp", postcode="7942 CD",
                       neighbourhood=initiative.neighbourhood)
    ParticipantFactory(name="Yara Elders")  # out of sight
    client.force_login(manager)
    found = client.get(page(initiative), {"q": "yara"}).content.decode()
    assert "Yara Bos (7941 AB," in found and "Yara Kamp (7942 CD," in found
    assert "Yara Elders" not in found
    assert "2 mensen gevonden." in found

    response = post(client, initiative, "member_add", {
        "participant": yara.pk, "role": "volunteer", "started_on": "2026-11-01",
        "channel": InflowChannel.ORGANIZER})
    assert response.status_code == 302
    membership = Membership.objects.get(participant=yara, initiative=initiative)
    inflow = FlowEvent.objects.get(participant=yara, kind=FlowKind.INFLOW)
    assert inflow.channel == InflowChannel.ORGANIZER and inflow.recorded_by == manager

    # Twice is refused, in Dutch, with the choice kept.
    again = post(client, initiative, "member_add", {
        "participant": yara.pk, "role": "member", "started_on": "2026-11-02",
        "channel": InflowChannel.ORGANIZER})
    html = again.content.decode()
    assert "Yara Bos is al lid van Repair café." in html
    assert f'<option value="{yara.pk}" selected>' in html

    # Ending before it started is refused; then ended with a reason: the last one, an outflow.
    refused = client.post(
        reverse("dashboard:initiative_member_end", args=[initiative.pk, membership.pk]),
        {f"m{membership.pk}-ended_on": "2026-10-01", f"m{membership.pk}-reason": "paid_work"})
    assert "Een lidmaatschap kan niet eindigen voordat het begint." in refused.content.decode()
    client.post(
        reverse("dashboard:initiative_member_end", args=[initiative.pk, membership.pk]),
        {f"m{membership.pk}-ended_on": "2026-11-20", f"m{membership.pk}-reason": "paid_work"})
    membership.refresh_from_db()
    assert membership.ended_on == datetime.date(2026, 11, 20)
    assert membership.outflow.reason == "paid_work"


def test_a_person_out_of_sight_cannot_be_added(client, manager, initiative):
    stranger = ParticipantFactory(name="Iemand Anders")
    client.force_login(manager)
    response = post(client, initiative, "member_add", {
        "participant": stranger.pk, "role": "member", "started_on": "2026-11-01",
        "channel": InflowChannel.ORGANIZER})
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Membership.objects.exists()


def test_a_reflection_answers_the_action_learning_questions(client, manager, initiative):
    client.force_login(manager)
    future = post(client, initiative, "reflection_add", {
        "date": "2026-12-24", "what_we_did": "Kerstmarkt gehouden."})
    html = future.content.decode()
    assert "ligt in de toekomst" in html and "Kerstmarkt gehouden." in html
    post(client, initiative, "reflection_add", {
        "date": "2026-11-15", "what_we_did": "Twintig fietsen gemaakt.",
        "what_went_well": "Veel jongeren.", "what_we_learned": "Vooraf onderdelen kopen.",
        "what_we_need_next": "Een werkbank.", "is_public": "on"})
    reflection = Reflection.objects.get(initiative=initiative)
    assert reflection.what_we_learned == "Vooraf onderdelen kopen." and reflection.is_public


@pytest.mark.parametrize(("typed", "stored"), [
    ("2.500", "2500.00"), ("2.500,50", "2500.50"), ("€ 2.500", "2500.00")])
def test_a_money_flow_of_2_500_is_recorded(client, manager, initiative, typed, stored):
    source = OrganisationFactory(name="Woonconcept")
    client.force_login(manager)
    response = post(client, initiative, "money_add", {
        "source": source.pk, "amount": typed, "purpose": "Werkplaats",
        "period_start": "2026-01-01", "period_end": "2026-12-31"})
    assert response.status_code == 302
    flow = MoneyFlow.objects.get()
    assert flow.amount == Decimal(stored) and flow.neighbourhood == initiative.neighbourhood
    shown = {"2500.00": "€ 2.500,00", "2500.50": "€ 2.500,50"}[stored]
    assert shown in client.get(page(initiative)).content.decode()


def test_a_bad_money_flow_is_refused_in_dutch_and_keeps_what_was_typed(client, manager,
                                                                       initiative):
    source = OrganisationFactory()
    client.force_login(manager)
    response = post(client, initiative, "money_add", {
        "source": source.pk, "amount": "tweeduizend", "purpose": "Werkplaats",
        "period_start": "2026-06-01", "period_end": "2026-01-01"})
    html = response.content.decode()
    assert "Vul een bedrag in euro in, zoals 2.500 of 2.500,50." in html
    assert "De periode eindigt voordat hij begint." in html
    assert 'value="tweeduizend"' in html and 'value="Werkplaats"' in html
    assert not MoneyFlow.objects.exists()


def test_the_admin_takes_2_500_too(admin_client, initiative):
    source = OrganisationFactory()
    response = admin_client.post(reverse("admin:initiatives_moneyflow_add"), {
        "source": source.pk, "neighbourhood": initiative.neighbourhood.pk,
        "initiative": initiative.pk, "amount": "2.500", "purpose": "Werkplaats",
        "period_start": "2026-01-01", "period_end": "2026-12-31"})
    assert response.status_code == 302, response.content.decode()[:2000]
    flow = MoneyFlow.objects.get()
    assert flow.amount == Decimal("2500")
    change = admin_client.get(reverse("admin:initiatives_moneyflow_change", args=[flow.pk]))
    assert 'value="2.500,00"' in change.content.decode()


def test_changing_a_money_flow_in_the_admin_is_a_correction_with_a_reason(
        admin_client, initiative):
    source = OrganisationFactory()
    flow = MoneyFlow.objects.create(
        source=source, neighbourhood=initiative.neighbourhood, initiative=initiative,
        amount=Decimal("2500"), purpose="Werkplaats", period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31))
    url = reverse("admin:initiatives_moneyflow_change", args=[flow.pk])
    typed = {"source": source.pk, "amount": "250", "purpose": "Werkplaats",
             "period_start": "2026-01-01", "period_end": "2026-12-31"}

    refused = admin_client.post(url, {**typed, "why": ""})
    assert refused.status_code == 200 and "why" in refused.context["adminform"].form.errors
    assert MoneyFlow.objects.get().amount == Decimal("2500")

    assert admin_client.post(url, {**typed, "why": "Een nul te veel getypt."}).status_code == 302
    corrected = MoneyFlow.objects.get()
    assert corrected.amount == Decimal("250") and corrected.corrects_id == flow.pk
    flow = MoneyFlow.history.get(pk=flow.pk)
    assert flow.withdrawal_reason == "Een nul te veel getypt." and flow.amount == Decimal("2500")
    assert admin_client.get(reverse("admin:initiatives_moneyflow_delete",
                                    args=[corrected.pk])).status_code == 403


def test_support_and_publishing(client, manager, initiative):
    client.force_login(manager)
    post(client, initiative, "support", {"needs_coaching": "on", "needs_money": "on"})
    initiative.refresh_from_db()
    assert (initiative.needs_coaching, initiative.needs_money, initiative.needs_space) == (
        True, True, False)
    post(client, initiative, "publish", {"is_public": "true"})
    initiative.refresh_from_db()
    assert initiative.is_public
    assert "Repair café" in client.get(reverse("initiatives:list")).content.decode()
    post(client, initiative, "publish", {"is_public": "false"})
    initiative.refresh_from_db()
    assert not initiative.is_public


def test_an_idea_under_review_is_published_from_the_inbox_only(client, manager):
    process = managed_process(manager)
    idea = an_idea(process.neighbourhood).created_initiative
    client.force_login(manager)
    response = client.post(reverse("dashboard:initiative_publish", args=[idea.pk]),
                           {"is_public": "true"}, follow=True)
    assert "beoordeel het in de opvolging" in response.content.decode()
    idea.refresh_from_db()
    assert not idea.is_public


def test_every_initiative_name_on_the_dashboard_leads_to_its_staff_page(client, manager,
                                                                      initiative):
    ReflectionFactory(initiative=initiative, date=TODAY)
    MoneyFlowFactory(initiative=initiative, period_start=TODAY, period_end=TODAY)  # this year
    client.force_login(manager)
    link = f'href="{page(initiative)}"'
    overview = client.get(reverse("dashboard:overview")).content.decode()
    assert overview.count(link) >= 3  # asking for support, a reflection, its money
    assert "/beheer/initiatives/initiative/" not in overview
    listed = client.get(reverse("dashboard:initiatives")).content.decode()
    assert link in listed and "/beheer/initiatives/initiative/" not in listed


def test_an_initiative_out_of_sight_is_a_404(client, manager):
    elsewhere = InitiativeFactory()
    client.force_login(manager)
    assert client.get(page(elsewhere)).status_code == 404
    for name in ("member_add", "reflection_add", "money_add", "support", "publish"):
        assert post(client, elsewhere, name, {}).status_code == 404, name


def test_the_page_costs_the_same_with_more_rows(client, manager, initiative, queries_for):
    from initiatives.services import membership_end, membership_start

    client.force_login(manager)
    url = page(initiative) + "?q=bewoner"
    first = ParticipantFactory(name="Bewoner eerst", neighbourhood=initiative.neighbourhood)
    membership_end(membership=membership_start(participant=first, initiative=initiative,
                                               started_on=TODAY), ended_on=TODAY)
    ParticipantFactory(name="Bewoner gezocht", neighbourhood=initiative.neighbourhood)
    small = queries_for(client, url)
    for n in range(8):
        person = ParticipantFactory(name=f"Bewoner {n}", neighbourhood=initiative.neighbourhood)
        membership_start(participant=person, initiative=initiative, started_on=TODAY)
        ReflectionFactory(initiative=initiative)
        MoneyFlowFactory(initiative=initiative)
    for n in range(5):
        ParticipantFactory(name=f"Bewoner extra {n}", neighbourhood=initiative.neighbourhood)
    # Session, user, permissions (2), the initiative with its themes (2), members, former
    # members, search results, the chosen person, reflections and their count, money flows
    # and their sum, the organisations to choose from, the idea under review.
    assert queries_for(client, url) == small
