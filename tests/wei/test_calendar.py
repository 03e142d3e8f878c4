"""A public activity's calendar file ('Zet in je agenda'): it parses, holds the local
time, and exists only for public activities of a running process."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.core.exceptions import ValidationError

from tests.wei.factories import ActivityFactory, ProcessFactory
from wei import services
from wei.models import ActivityKind, ProcessStatus

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def evening(**fields):
    if "process" not in fields:
        fields["process"] = ProcessFactory(neighbourhood__name="Haveltermade",
                                           neighbourhood__municipality="Meppel")
    values = {"title": "Informatieavond; koffie, thee", "is_public": True,
              "date": datetime.date(2026, 12, 10), "start_time": datetime.time(19, 30),
              "end_time": datetime.time(21, 30), "location": "Buurthuis De Kansel",
              "description": "Hoor wat er in de wijk gebeurt."}
    return ActivityFactory(**{**values, **fields})


def test_the_calendar_file_parses_and_holds_the_local_time(client):
    activity = evening()
    response = client.get(activity.get_calendar_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.ics"')
    calendar = icalendar.Calendar.from_ical(response.content)
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["SUMMARY"]) == "Informatieavond; koffie, thee"
    assert str(event["LOCATION"]) == "Buurthuis De Kansel, Haveltermade, Meppel"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == datetime.datetime(2026, 12, 10, 19, 30, tzinfo=AMSTERDAM)
    assert end - start == datetime.timedelta(hours=2)
    assert start.utcoffset() == datetime.timedelta(hours=1)  # winter time
    assert calendar.walk("VTIMEZONE"), "the zone's rules travel with the file"
    assert str(event["UID"]).startswith(f"activity-{activity.pk}@")


def test_without_a_start_time_it_is_a_whole_day(client):
    activity = evening(start_time=None, end_time=None)
    event = next(iter(icalendar.Calendar.from_ical(
        client.get(activity.get_calendar_url()).content).walk("VEVENT")))
    assert event.decoded("DTSTART") == datetime.date(2026, 12, 10)


def test_only_public_activities_of_a_running_process_have_one(client):
    private = evening(is_public=False)
    stopped = evening(process=ProcessFactory(status=ProcessStatus.STOPPED))
    for activity in (private, stopped):
        assert client.get(activity.get_calendar_url()).status_code == 404
    assert client.get("/activiteiten/999999/agenda.ics").status_code == 404


def test_an_end_time_needs_a_start_before_it():
    process = ProcessFactory()
    for start, end in ((None, datetime.time(21)), (datetime.time(21), datetime.time(19))):
        with pytest.raises(ValidationError) as refused:
            services.activity_create(process=process, kind=ActivityKind.INFORMATION_MEETING,
                                     title="Avond", date=datetime.date(2026, 12, 1),
                                     start_time=start, end_time=end, is_public=True)
        assert "Een eindtijd vraagt om een begintijd die ervoor ligt." in refused.value.messages
    assert not process.activities.exists()
