"""Correcting what an activity says, after it was planned: title, day, times, place,
description, public and 'Ik kom'; refused as it would be when planned, what was typed
kept."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from participants import services as flow
from tests.dashboard.conftest import TODAY
from tests.dashboard.workspace import managed_process
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ActivityFactory, ProcessFactory, ProcessManagerFactory
from wei import services
from wei.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def evening(manager):
    process = managed_process(manager, neighbourhood__name="Haveltermade")
    return ActivityFactory(process=process, title="Informatieavond",
                           date=TODAY + datetime.timedelta(days=7), location="")


def edit_url(activity):
    return reverse("dashboard:activity_edit", args=[activity.pk])


def typed(**fields):
    data = {"title": "Informatieavond in het buurthuis", "date": "2026-12-03",
            "start_time": "19:30", "end_time": "21:00", "location": "Buurthuis De Spil",
            "description": "Koffie staat klaar.", "is_public": "on", "takes_sign_ups": "on"}
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def test_the_activity_page_links_to_its_edit_form(client, manager, evening):
    client.force_login(manager)
    page = client.get(reverse("dashboard:activity", args=[evening.pk])).content.decode()
    assert f'href="{edit_url(evening)}" data-step="edit"' in page
    form = client.get(edit_url(evening)).context["form"]
    assert form.initial["title"] == "Informatieavond"


def test_a_manager_corrects_the_activity_and_opens_it_to_residents(client, manager, evening):
    client.force_login(manager)
    response = client.post(edit_url(evening), typed())
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:activity", args=[evening.pk])
    evening.refresh_from_db()
    assert (evening.title, evening.date, evening.start_time, evening.end_time,
            evening.location, evening.description, evening.is_public, evening.takes_sign_ups
            ) == ("Informatieavond in het buurthuis", datetime.date(2026, 12, 3),
                  datetime.time(19, 30), datetime.time(21), "Buurthuis De Spil",
                  "Koffie staat klaar.", True, True)
    # Taken off the public pages again: no more 'Ik kom' either.
    assert client.post(edit_url(evening), typed(is_public=None, takes_sign_ups=None)
                       ).status_code == 302
    evening.refresh_from_db()
    assert (evening.is_public, evening.takes_sign_ups) == (False, False)


@pytest.mark.parametrize(("fields", "field"), [
    ({"end_time": "19:00"}, "end_time"),             # ends before it starts
    ({"start_time": "", "end_time": "21:00"}, "start_time"),
    ({"location": ""}, "location"),                  # public without a place
    ({"is_public": None}, "takes_sign_ups"),         # 'Ik kom' on a hidden one
    ({"title": " "}, "title"),
    ({"date": "3-12-2026x"}, "date"),
])
def test_bad_input_is_refused_with_what_was_typed_kept(client, manager, evening, fields,
                                                       field):
    client.force_login(manager)
    response = client.post(edit_url(evening), typed(**fields))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'value="Buurthuis De Spil"' in response.content.decode() or field == "location"
    assert Activity.objects.get(pk=evening.pk).title == "Informatieavond"


def test_the_day_stays_once_who_came_is_recorded(client, manager, evening):
    past = ActivityFactory(process=evening.process, date=TODAY - datetime.timedelta(days=2),
                           title="Buurtavond", location="Buurthuis")
    flow.attendance_record(activity=past, participant=ParticipantFactory(
        neighbourhood=past.process.neighbourhood))
    client.force_login(manager)
    moved = client.post(edit_url(past), typed(date=str(TODAY)))
    assert moved.status_code == 400
    assert "date" in moved.context["form"].errors
    assert Activity.objects.get(pk=past.pk).date == past.date
    # The rest may still be corrected.
    kept = client.post(edit_url(past), typed(date=str(past.date), title="Buurtavond (juni)"))
    assert kept.status_code == 302
    assert Activity.objects.get(pk=past.pk).title == "Buurtavond (juni)"


def test_an_activity_out_of_sight_is_a_404(client, manager):
    elsewhere = ActivityFactory(process=ProcessFactory(neighbourhood__name="Oosterboer"))
    client.force_login(manager)
    assert client.get(edit_url(elsewhere)).status_code == 404
    assert client.post(edit_url(elsewhere), typed()).status_code == 404
    assert Activity.objects.get(pk=elsewhere.pk).title == elsewhere.title


def test_the_edit_page_costs_the_same_queries_at_any_size(
        client, manager, evening, queries_for, django_assert_max_num_queries):
    client.force_login(manager)
    url = edit_url(evening)
    small = queries_for(client, url)
    ActivityFactory.create_batch(20, process=evening.process)
    for _ in range(10):
        flow.attendance_record(activity=evening, participant=ParticipantFactory(
            neighbourhood=evening.process.neighbourhood))
    assert queries_for(client, url) == small
    # session, user, roles, permissions (2), the activity with process and neighbourhood
    with django_assert_max_num_queries(8):
        client.get(url)


def test_the_service_refuses_whoever_may_not_change_the_activity(manager, evening):
    with pytest.raises(ValidationError):
        services.activity_update(activity=evening, title="Elders bedacht", date=evening.date,
                                 by=ProcessManagerFactory())
    assert Activity.objects.get(pk=evening.pk).title == "Informatieavond"
    services.activity_update(activity=evening, title="Informatieavond", date=evening.date,
                             location="Buurthuis", by=manager)
