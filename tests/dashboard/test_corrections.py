"""Correcting a flow event from a person's page: the form shows the record as it was,
a correction keeps the original beside its replacement with who, when and why, and the
figures follow the corrected record."""

import datetime

import pytest
from django.urls import reverse

from participants import services as flow
from participants.models import FlowEvent, FlowKind, FlowTally, OutflowReason
from tests.dashboard.conftest import TODAY
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ProcessFactory, ProcessManagerFactory
from wei.models import Phase

pytestmark = pytest.mark.django_db


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def story(manager):
    process = ProcessFactory(phase=Phase.DEVELOPMENT)
    process.managers.add(manager)
    person = ParticipantFactory(neighbourhood=process.neighbourhood, name="Yara Yilmaz")
    flow.participant_flow_in(participant=person, process=process, occurred_on=days_ago(60),
                             channel="organizer", phase=Phase.INFORMATION)
    outflow = flow.participant_flow_out(participant=person, process=process,
                                        occurred_on=days_ago(10),
                                        reason=OutflowReason.OWN_BUSINESS)
    return process, person, outflow


def correct_url(event):
    return reverse("dashboard:flow_event_correct", args=[event.pk])


def outflows_by_reason(process):
    return {t.reason: t.events for t in FlowTally.objects.filter(
        process=process, kind=FlowKind.OUTFLOW) if t.events}


def test_a_wrong_outflow_reason_is_corrected_from_the_persons_page(client, manager, story):
    process, person, outflow = story
    client.force_login(manager)
    page = client.get(reverse("dashboard:person", args=[person.pk])).content.decode()
    assert correct_url(outflow) in page

    form = client.get(correct_url(outflow))
    assert form.status_code == 200
    assert form.context["form"]["reason"].value() == OutflowReason.OWN_BUSINESS
    response = client.post(correct_url(outflow), {
        "occurred_on": days_ago(10).isoformat(), "reason": OutflowReason.MOVED_AWAY,
        "note": "", "why": "Verhuisd naar Zwolle, geen eigen bedrijf."})

    assert response.status_code == 302
    assert outflows_by_reason(process) == {OutflowReason.MOVED_AWAY: 1}
    timeline = client.get(response["Location"]).content.decode()
    assert "Verhuisd naar Zwolle, geen eigen bedrijf." in timeline
    assert "timeline-withdrawn" in timeline
    replacement = FlowEvent.objects.get(kind=FlowKind.OUTFLOW)
    assert replacement.corrects_id == outflow.pk
    # The corrected original offers no second correction; its replacement does.
    assert correct_url(outflow) not in timeline and correct_url(replacement) in timeline

    # Sent twice: recorded once, and the person's page says so.
    again = client.post(correct_url(outflow), {"reason": OutflowReason.OTHER, "why": "x",
                                               "occurred_on": days_ago(10).isoformat()},
                        follow=True)
    assert again.redirect_chain[0][0].startswith(reverse("dashboard:person", args=[person.pk]))
    assert [m.level_tag for m in again.context["messages"]] == ["error"]
    assert outflows_by_reason(process) == {OutflowReason.MOVED_AWAY: 1}
    assert FlowEvent.history.count() == 3


def test_a_refused_correction_keeps_what_was_typed_and_changes_nothing(
        client, manager, story):
    process, _person, outflow = story
    client.force_login(manager)
    response = client.post(correct_url(outflow), {
        "occurred_on": days_ago(80).isoformat(), "reason": OutflowReason.MOVED_AWAY,
        "note": "getypt", "why": "Datum klopte niet"})
    assert response.status_code == 400
    assert response.context["form"].errors["occurred_on"]
    assert response.context["form"]["note"].value() == "getypt"
    assert FlowEvent.history.count() == 2
    assert outflows_by_reason(process) == {OutflowReason.OWN_BUSINESS: 1}

    without_why = client.post(correct_url(outflow), {
        "occurred_on": days_ago(10).isoformat(), "reason": OutflowReason.MOVED_AWAY,
        "why": ""})
    assert without_why.status_code == 400 and without_why.context["form"].errors["why"]


def test_withdrawing_an_inflow_into_the_wrong_process_leaves_no_trace_in_the_counts(
        client, manager, story):
    process, person, _outflow = story
    wrong = ProcessFactory(phase=Phase.EMERGENCE)
    wrong.managers.add(manager)
    inflow = flow.participant_flow_in(participant=person, process=wrong,
                                      occurred_on=days_ago(2), channel="organizer")
    client.force_login(manager)
    response = client.post(correct_url(inflow), {"action": "withdraw",
                                                 "withdraw-why": "Verkeerde wijk gekozen."})
    assert response.status_code == 302
    assert not FlowTally.objects.filter(process=wrong, events__gt=0).exists()
    assert not FlowEvent.objects.filter(process=wrong).exists()
    page = client.get(reverse("dashboard:person", args=[person.pk])).content.decode()
    assert "Verkeerde wijk gekozen." in page


def test_an_earlier_record_cannot_be_withdrawn_and_the_page_says_why(client, manager, story):
    _process, person, _outflow = story
    inflow = FlowEvent.objects.get(participant=person, kind=FlowKind.INFLOW)
    client.force_login(manager)
    page = client.get(correct_url(inflow))
    assert page.context["steps"]["withdraw"].is_open is False
    assert 'name="action"' not in page.content.decode()
    refused = client.post(correct_url(inflow), {"action": "withdraw", "withdraw-why": "weg"})
    assert refused.status_code == 302
    assert FlowEvent.objects.filter(participant=person).count() == 2


def test_a_record_out_of_sight_is_a_404_and_a_role_without_the_task_is_refused(
        client, story, django_user_model):
    _process, _person, outflow = story
    client.force_login(ProcessManagerFactory())  # manages another neighbourhood
    assert client.get(correct_url(outflow)).status_code == 404
    assert client.post(correct_url(outflow), {"action": "withdraw",
                                              "withdraw-why": "x"}).status_code == 404
    client.force_login(django_user_model.objects.create_user("resident", password="x"))
    assert client.get(correct_url(outflow)).status_code in (302, 403)
    assert FlowEvent.history.filter(withdrawn_at__isnull=False).count() == 0


def test_the_correction_page_costs_the_same_queries_for_a_long_history(
        client, manager, story, queries_for):
    process, person, outflow = story
    client.force_login(manager)
    small = queries_for(client, correct_url(outflow))
    for days in (9, 8, 7):
        flow.participant_flow_in(participant=person, process=process,
                                 occurred_on=days_ago(days), channel="organizer")
        last = flow.participant_flow_out(participant=person, process=process,
                                         occurred_on=days_ago(days), reason="other")
    assert queries_for(client, correct_url(last)) == small


def test_a_saved_report_stays_and_the_comparison_says_a_correction_changed_the_figures(
        client, manager, story):
    process, _person, outflow = story
    client.force_login(manager)
    url = reverse("dashboard:report") + f"?periode=kwartaal&wijk={process.neighbourhood.slug}"
    before = client.post(url, {"learned": ""})["Location"]
    client.post(correct_url(outflow), {
        "occurred_on": days_ago(10).isoformat(), "reason": OutflowReason.MOVED_AWAY,
        "note": "", "why": "Verhuisd, geen bedrijf."})
    after = client.post(url, {"learned": ""})["Location"]

    def outcomes(location):
        version = client.get(location).context["version"]
        return {row["code"]: row["now"] for row in version.snapshot["flows"]["reasons"]}

    assert outcomes(before).get(OutflowReason.OWN_BUSINESS) == 1
    assert outcomes(after).get(OutflowReason.OWN_BUSINESS, 0) == 0
    assert outcomes(after).get(OutflowReason.MOVED_AWAY) == 1
    first, second = (int(location.rstrip("/").split("/")[-1]) for location in (before, after))
    compared = client.get(reverse("dashboard:report_compare", args=[first]), {"met": second})
    assert compared.context["corrections"] == 1
    assert 'id="corrections"' in compared.content.decode()
