"""A person's page: the journey across processes as one timeline, and each action
recording exactly what its form asked for."""

import datetime
import json

import pytest
from django.urls import reverse

from initiatives.models import Membership
from participants import services as flow
from participants.models import (
    Consent,
    FlowEvent,
    FlowKind,
    FlowRole,
    InflowChannel,
    OutflowReason,
    Participant,
)
from tests.dashboard.conftest import TODAY
from tests.initiatives.factories import InitiativeFactory
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ActivityFactory, ProcessFactory
from wei.models import Phase

pytestmark = pytest.mark.django_db


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def story(manager):
    """Yara's story in two processes: in, through, out with a reason, in again elsewhere."""
    first = ProcessFactory(phase=Phase.DEVELOPMENT, neighbourhood__name="Haveltermade")
    second = ProcessFactory(phase=Phase.EMERGENCE, neighbourhood__name="Oosterboer")
    first.managers.add(manager)
    second.managers.add(manager)
    yara = ParticipantFactory(name="Yara Bos", postcode="7941 AB",
                              neighbourhood=first.neighbourhood)
    evening = ActivityFactory(process=first, date=days_ago(300), title="Informatieavond")
    flow.attendance_record(activity=evening, participant=yara)
    flow.participant_flow_in(participant=yara, process=first, occurred_on=days_ago(300),
                             channel=InflowChannel.INFORMATION_MEETING, phase=Phase.INFORMATION)
    flow.participant_flow_through(participant=yara, process=first, occurred_on=days_ago(200),
                                  phase=Phase.EMERGENCE, role=FlowRole.VOLUNTEER)
    flow.participant_flow_out(participant=yara, process=first, occurred_on=days_ago(100),
                              reason=OutflowReason.PAID_WORK)
    flow.participant_flow_in(participant=yara, process=second, occurred_on=days_ago(50),
                             channel=InflowChannel.ORGANIZER)
    flow.consent_record(participant=yara, purpose="participation", privacy_version="2026-11")
    return yara, first, second


def url(name, person):
    return reverse(f"dashboard:{name}", args=[person.pk])


def test_the_journey_tells_the_story_in_order(client, manager, story):
    yara, first, second = story
    client.force_login(manager)
    response = client.get(url("person", yara))
    html = response.content.decode()
    assert "<h1>Yara Bos (7941 AB, Haveltermade)</h1>" in html
    labels = [entry.label for entry in response.context["entries"]]
    assert labels == ["Kwam naar een activiteit", "Instroom", "Doorstroom", "Uitstroom",
                      "Instroom", "Gaf toestemming"]
    assert "reden: betaald werk (een resultaat)" in html
    outflow = FlowEvent.objects.get(participant=yara, kind=FlowKind.OUTFLOW)
    assert f'id="gebeurtenis-{outflow.pk}"' in html
    # Taking part now: only in the second process.
    assert [event.process for event in response.context["journey"].stays] == [second]


def test_the_outflow_form_asks_only_for_what_is_stored(client, manager, story):
    yara, _first, second = story
    flow.participant_flow_through(participant=yara, process=second, occurred_on=days_ago(10),
                                  role=FlowRole.INITIATIVE_LEAD)
    client.force_login(manager)
    form = client.get(url("person", yara)).context["forms"]["outflow"]
    assert list(form.fields) == ["process", "occurred_on", "reason", "note", "confirm"]
    response = client.post(url("person_outflow", yara), {
        "uitstroom-process": second.pk, "uitstroom-occurred_on": days_ago(1).isoformat(),
        "uitstroom-reason": "education", "uitstroom-confirm": "on"})
    event = FlowEvent.objects.filter(participant=yara, process=second).latest("sequence")
    assert response["Location"].endswith(f"#gebeurtenis-{event.pk}")
    assert (event.kind, event.reason, event.phase, event.role) == (
        FlowKind.OUTFLOW, "education", Phase.EMERGENCE, FlowRole.INITIATIVE_LEAD)


def test_an_outflow_says_what_it_does_and_is_recorded_only_once_confirmed(
        client, manager, story):
    yara, _first, second = story
    client.force_login(manager)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(url("person", yara))
    said = [consequence.text for consequence in page.context["forms"]["outflow"].consequences]
    assert said[0].startswith(f"The person leaves {second.title} (Oosterboer)")
    assert "paid work, own business, education as an outcome" in said[1]
    assert 'name="uitstroom-confirm"' in page.content.decode()

    response = client.post(url("person_outflow", yara), {
        "uitstroom-process": second.pk, "uitstroom-occurred_on": days_ago(1).isoformat(),
        "uitstroom-reason": "moved_away", "uitstroom-note": "Naar Zwolle"})
    assert response.status_code == 400
    assert "Tick the box to confirm the outflow" in response.content.decode()
    assert "Naar Zwolle" in response.content.decode()
    assert flow.participant_current_state(yara, second).kind == FlowKind.INFLOW


def test_a_refused_throughflow_says_why_and_keeps_what_was_typed(client, manager, story):
    yara, _first, second = story
    client.force_login(manager)
    response = client.post(url("person_throughflow", yara), {
        "doorstroom-process": second.pk, "doorstroom-occurred_on": days_ago(1).isoformat(),
        "doorstroom-phase": "", "doorstroom-role": "", "doorstroom-note": "Wil meer doen"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Een doorstroom verandert de fase of de rol" in html
    assert "Wil meer doen" in html
    assert response.context["refused"] == "throughflow"
    ahead = client.post(url("person_throughflow", yara), {
        "doorstroom-process": second.pk, "doorstroom-occurred_on": days_ago(1).isoformat(),
        "doorstroom-phase": str(Phase.AUTONOMY)})
    assert "niemand kan verder zijn dan het proces" in ahead.content.decode()


def test_inflow_only_into_processes_without_an_open_stay(client, manager, story):
    yara, first, second = story
    client.force_login(manager)
    form = client.get(url("person", yara)).context["forms"]["inflow"]
    assert list(form.fields["process"].queryset) == [first]
    client.post(url("person_inflow", yara), {
        "instroom-process": first.pk, "instroom-occurred_on": days_ago(2).isoformat(),
        "instroom-channel": "referral", "instroom-role": "participant"})
    back = FlowEvent.objects.filter(participant=yara, process=first).latest("sequence")
    assert (back.kind, back.channel, back.phase) == (FlowKind.INFLOW, "referral",
                                                     Phase.DEVELOPMENT)


def test_joining_an_initiative_records_the_inflow_through_the_chosen_channel(
        client, manager, story):
    yara, first, _second = story
    garden = InitiativeFactory(title="Moestuin", process=first,
                               neighbourhood=first.neighbourhood)
    client.force_login(manager)
    html = client.get(url("person", yara)).content.decode()
    assert "Moestuin – Haveltermade" in html
    client.post(url("person_membership", yara), {
        "initiatief-initiative": garden.pk, "initiatief-role": "member",
        "initiatief-started_on": days_ago(3).isoformat(), "initiatief-channel": "organizer"})
    membership = Membership.objects.get(participant=yara, initiative=garden)
    assert (membership.inflow.channel, membership.inflow.occurred_on) == ("organizer",
                                                                          days_ago(3))


def test_details_and_consent(client, manager, story):
    yara, _first, _second = story
    other = ParticipantFactory(email="yara@example.org")
    client.force_login(manager)
    fields = {"gegevens-name": "Yara  Bos-Kamp", "gegevens-email": "Yara@Example.org",
              "gegevens-phone": "", "gegevens-postcode": "7941ab", "gegevens-kind": "volunteer",
              "gegevens-neighbourhood": yara.neighbourhood_id, "gegevens-contribution": "",
              "gegevens-notes": ""}
    refused = client.post(url("person_details", yara), fields)
    assert "Er bestaat al een deelnemer met dit e-mailadres." in refused.content.decode()
    assert 'value="Yara  Bos-Kamp"' in refused.content.decode() or (
        'value="Yara Bos-Kamp"' in refused.content.decode())
    other.delete()
    client.post(url("person_details", yara), fields)
    yara.refresh_from_db()
    assert (yara.name, yara.email, yara.postcode, yara.kind) == (
        "Yara Bos-Kamp", "yara@example.org", "7941 AB", "volunteer")

    without = client.post(url("person_consent", yara), {"toestemming-purpose": "keep_informed"})
    assert "Vink dit pas aan als de persoon heeft ingestemd" in without.content.decode()
    client.post(url("person_consent", yara), {"toestemming-purpose": "keep_informed",
                                               "toestemming-agreed": "on"})
    assert Consent.objects.filter(participant=yara, purpose="keep_informed").exists()


def test_export_and_erasure_from_the_persons_page(client, manager, story):
    yara, _first, _second = story
    client.force_login(manager)
    exported = json.loads(client.get(url("person_export", yara)).content)
    assert exported["participants"]["participant"]["name"] == "Yara Bos"
    assert client.post(url("person_erase", yara), {}).status_code == 400  # not confirmed
    client.post(url("person_erase", yara), {"confirm": "on"})
    yara.refresh_from_db()
    assert yara.erased_at is not None and "Yara" not in yara.name
    page = client.get(url("person", yara))
    assert page.context["forms"] == {} and not page.context["may_erase"]
    # What she did still counts.
    assert FlowEvent.objects.filter(participant=yara).count() >= 4
    assert Participant.objects.filter(pk=yara.pk).exists()


def test_a_manager_of_one_neighbourhood_exports_and_erases_only_what_they_see(
        client, manager, story):
    yara, first, second = story
    second.managers.remove(manager)  # Oosterboer is someone else's work
    client.force_login(manager)
    exported = json.loads(client.get(url("person_export", yara)).content)
    assert exported["export"]["scope"] == "partial"
    processes = {event["process"] for event in exported["participants"]["flow_events"]}
    assert processes == {first.title}
    confirm = client.get(url("person_erase", yara)).content.decode()
    assert "Alleen wat je mag zien wordt gewist" in confirm
    answer = client.post(url("person_erase", yara), {"confirm": "on"}, follow=True)
    assert "een superuser wist alles" in answer.content.decode()
    yara.refresh_from_db()
    assert yara.erased_at is None and yara.name == "Yara Bos"
    assert flow.participant_current_state(yara, second).kind == FlowKind.INFLOW


def test_the_erasure_says_what_is_erased_what_ends_and_what_stays_counted(
        client, manager, story, queries_for):
    yara, first, second = story
    client.force_login(manager)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    said = {c.text: c.items for c in
            client.get(url("person_erase", yara)).context["form"].consequences}
    assert "1 consent" in said["Erased for good:"]
    assert said["Ended today, with the reason unknown:"] == [f"Taking part in: {second.title}"]
    assert said["Stays in the figures, without the name:"] == [
        "4 inflows, throughflows and outflows", "1 attendance", "0 memberships"]
    # Of someone else's neighbourhood nothing is erased, so nothing is said.
    second.managers.remove(manager)
    said = {c.text: c.items for c in
            client.get(url("person_erase", yara)).context["form"].consequences}
    assert "Ended today, with the reason unknown:" not in said
    assert said["Stays in the figures, without the name:"][0] == (
        "3 inflows, throughflows and outflows")
    short = ParticipantFactory(neighbourhood=first.neighbourhood)
    assert queries_for(client, url("person_erase", short)) == queries_for(
        client, url("person_erase", yara))


def test_a_persons_page_costs_the_same_queries_however_long_the_story(
        client, manager, story, queries_for, django_assert_max_num_queries):
    yara, first, second = story
    client.force_login(manager)
    short = ParticipantFactory(neighbourhood=first.neighbourhood)
    flow.participant_flow_in(participant=short, process=second, occurred_on=days_ago(20),
                             channel=InflowChannel.OTHER)
    small = queries_for(client, url("person", short))
    assert queries_for(client, url("person", yara)) == small
    # session, user, roles, permissions (2), the person, flow events, attendance,
    # memberships, sign-ups, conversations, invitations, consents, may change (x2),
    # choices: processes (inflow, throughflow, outflow), initiatives, neighbourhoods
    with django_assert_max_num_queries(22):
        client.get(url("person", yara))
