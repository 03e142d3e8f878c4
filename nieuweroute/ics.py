"""The calendar file of an invitation to the decision meeting, written with icalendar.

Each invitation is an iTIP message (RFC 5546) for one invitee: REQUEST when it is sent or
the meeting moves (same UID, a higher SEQUENCE, so calendars replace the event), CANCEL when
the meeting is called off. Times carry TZID Europe/Amsterdam with its VTIMEZONE, so
calendars show the meeting at the local time it was set for, in summer and winter alike.
The e-mail part names the same method (RFC 6047): see `mime_part`.
"""

import datetime
from email.mime.text import MIMEText

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

REQUEST = "REQUEST"
CANCEL = "CANCEL"
PRODID = "-//Wijkkompas//De Nieuwe Route//NL"


def _address(email: str, name: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key.replace("_", "-").upper()] = vText(value)
    return address


def event(*, uid: str, start: datetime.datetime, end: datetime.datetime, summary: str,
          location: str, description: str = "", method: str = REQUEST, sequence: int = 0,
          organizer: tuple[str, str], attendee: tuple[str, str],
          now: datetime.datetime | None = None) -> str:
    """One VEVENT in a VCALENDAR, as text with CRLF line ends. `organizer` and `attendee`
    are (e-mail, name)."""
    zone = timezone.get_default_timezone()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    item = Event()
    item.add("uid", uid)
    item.add("sequence", sequence)
    item.add("dtstamp", (now or timezone.now()).astimezone(datetime.UTC))
    item.add("dtstart", start.astimezone(zone))
    item.add("dtend", end.astimezone(zone))
    item.add("summary", summary)
    item.add("location", location)
    if description:
        item.add("description", description)
    item.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    item.add("organizer", _address(*organizer))
    item.add("attendee", _address(
        *attendee, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION",
        rsvp="FALSE" if method == CANCEL else "TRUE"))
    calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()


def mime_part(text: str, *, method: str, filename: str) -> MIMEText:
    """The attachment, its Content-Type naming the iTIP method (RFC 6047 section 2.4)."""
    part = MIMEText(text, "calendar", "utf-8")
    part.replace_header("Content-Type", f"text/calendar; method={method}; charset=utf-8")
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part
