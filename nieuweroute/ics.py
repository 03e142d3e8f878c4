"""The calendar file (RFC 5545) that comes with an invitation.

Written by hand: one event, so a dependency is not worth it. Times carry the
site's time zone (TZID) with its VTIMEZONE rules, so calendars show the meeting
at the local time it was set for, in summer and winter alike.
"""

import datetime

from django.conf import settings
from django.utils import timezone

# Central European Time as the EU has had it since 1996; the one zone the site runs in.
VTIMEZONES = {
    "Europe/Amsterdam": [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Amsterdam",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
}


def escape(text: str) -> str:
    """TEXT values: backslash, semicolon, comma and newline are escaped (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after CRLF and a space."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never split a UTF-8 character
            end -= 1
        parts.append(data[start:end].decode())
        start, limit = end, 74
    return "\r\n ".join(parts)


def event(*, uid: str, start: datetime.datetime, end: datetime.datetime, summary: str,
          location: str, description: str = "") -> str:
    zone = settings.TIME_ZONE if settings.TIME_ZONE in VTIMEZONES else None

    def stamp(moment: datetime.datetime) -> str:
        if zone:
            return f";TZID={zone}:" + timezone.localtime(
                moment, timezone.get_default_timezone()).strftime("%Y%m%dT%H%M%S")
        return ":" + moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")

    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Wijkkompas//De Nieuwe Route//NL",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if zone:
        lines += VTIMEZONES[zone]
    lines += [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:" + timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ"),
        "DTSTART" + stamp(start),
        "DTEND" + stamp(end),
        f"SUMMARY:{escape(summary)}",
        f"LOCATION:{escape(location)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
