import datetime

import pytest
from django.urls import reverse

from participants.models import FlowEvent, FlowKind, InflowChannel, OutflowReason
from participants.services import participant_flow_in, participant_flow_out
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ActivityFactory, ProcessFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_an_inflow_added_in_the_admin_follows_the_rules(admin_client):
    participant, process = ParticipantFactory(name="Karin Mulder"), ProcessFactory()
    url = reverse("admin:participants_flowevent_add")
    data = {
        "participant": participant.pk,
        "process": process.pk,
        "kind": "inflow",
        "occurred_on": "01-03-2025",
        "channel": InflowChannel.ORGANIZER,
    }
    assert admin_client.post(url, data).status_code == 302
    again = admin_client.post(url, {**data, "occurred_on": "02-03-2025"})
    assert "Karin Mulder doet al mee" in again.content.decode()
    out = admin_client.post(
        url,
        {
            **data,
            "kind": "outflow",
            "channel": "",
            "reason": OutflowReason.PAID_WORK,
            "occurred_on": "03-03-2025",
        },
    )
    assert out.status_code == 302
    assert list(FlowEvent.objects.values_list("kind", flat=True).order_by("sequence")) == [
        FlowKind.INFLOW,
        FlowKind.OUTFLOW,
    ]


def grow(participant, process, stays, day=None):
    day = day or D(2024, 1, 1)
    for _ in range(stays):
        participant_flow_in(
            participant=participant,
            process=process,
            occurred_on=day,
            channel=InflowChannel.PUBLIC_SIGNUP,
        )
        day += datetime.timedelta(days=10)
        participant_flow_out(
            participant=participant, process=process, occurred_on=day, reason=OutflowReason.NO_TIME
        )
        day += datetime.timedelta(days=10)


def test_participant_pages_cost_the_same_with_more_rows(admin_client, queries_for):
    process = ProcessFactory()
    first = ParticipantFactory()
    grow(first, process, 1)
    changelist = reverse("admin:participants_participant_changelist")
    change = reverse("admin:participants_participant_change", args=[first.pk])
    events = reverse("admin:participants_flowevent_changelist")
    small = [queries_for(admin_client, url) for url in (changelist, change, events)]
    grow(first, process, 6, day=D(2024, 6, 1))
    for _ in range(12):
        grow(ParticipantFactory(), process, 2)
    large = [queries_for(admin_client, url) for url in (changelist, change, events)]
    assert large == small


def test_activity_page_shows_who_came_at_a_fixed_cost(admin_client, queries_for):
    from participants.services import attendance_record

    activity = ActivityFactory()
    attendance_record(activity=activity, participant=ParticipantFactory())
    url = reverse("admin:wei_activity_change", args=[activity.pk])
    small = queries_for(admin_client, url)
    for _ in range(10):
        attendance_record(activity=activity, participant=ParticipantFactory())
    assert queries_for(admin_client, url) == small
