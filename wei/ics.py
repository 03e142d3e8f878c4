"""The calendar file (RFC 5545) of a public activity: 'Zet in je agenda'."""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from wei.models import Activity

# Without an end time, an evening is assumed to take two hours.
DEFAULT_LENGTH = datetime.timedelta(hours=2)


def activity_calendar(activity: Activity, *, host: str) -> bytes:
    """One event: at its local time (with the zone's rules) when it has a start time,
    otherwise a whole day. Reads `activity.process.neighbourhood`: select it along."""
    calendar = Calendar()
    calendar.add("prodid", "-//Wijkkompas//Activiteiten//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"activity-{activity.pk}@{host}")
    event.add("dtstamp", timezone.now())
    if activity.start_time:
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        start = datetime.datetime.combine(activity.date, activity.start_time, tzinfo=zone)
        end = (datetime.datetime.combine(activity.date, activity.end_time, tzinfo=zone)
               if activity.end_time else start + DEFAULT_LENGTH)
        event.add("dtstart", start)
        event.add("dtend", end)
    else:
        event.add("dtstart", activity.date)
        event.add("dtend", activity.date + datetime.timedelta(days=1))
    event.add("summary", activity.title)
    neighbourhood = activity.process.neighbourhood
    event.add("location", ", ".join(
        part for part in (activity.location, neighbourhood.name, neighbourhood.municipality)
        if part))
    if activity.description:
        event.add("description", activity.description)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
