"""The privacy export as a resident reads it: the same dict as the JSON file
(participants.privacy.participant_export), laid out in titled sections with labelled
values, dates written out in Dutch. Built from the export itself, so the readable
version can never hold more or less than the file.

Every part and every key an app's export_personal_data returns needs a title or a
label here; a test exports a person with a trace in every part and checks that none
is missing.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participants.privacy import participant_export

# (app, part) → section title, in the order the page shows them; ("mail", None) is the
# list of e-mails, which sits at the top level of the export.
SECTIONS = {
    ("participants", "participant"): gettext_lazy("Personal details"),
    ("participants", "consents"): gettext_lazy("Consents"),
    ("participants", "flow_events"): gettext_lazy("Taking part in a WEI process"),
    ("participants", "attendance"): gettext_lazy("Activities attended"),
    ("initiatives", "memberships"): gettext_lazy("Citizen initiatives"),
    ("initiatives", "sign_ups"): gettext_lazy("Sign-ups from the website"),
    ("nieuweroute", "routes"): gettext_lazy("De Nieuwe Route"),
    ("nieuweroute", "conversations"): gettext_lazy("Preparatory conversations"),
    ("nieuweroute", "suggested_by_others"): gettext_lazy("Suggested by others"),
    ("nieuweroute", "information_requests"): gettext_lazy("Information requests"),
    ("nieuweroute", "invitations"): gettext_lazy("Invitations"),
    ("nieuweroute", "plan_items"): gettext_lazy("Agreements in a plan"),
    ("nieuweroute", "plan_sendings"): gettext_lazy("Plans sent"),
    ("mail", None): gettext_lazy("E-mails sent"),
}

LABELS = {
    "name": gettext_lazy("Name"),
    "email": gettext_lazy("E-mail address"),
    "phone": gettext_lazy("Phone number"),
    "postcode": gettext_lazy("Postcode"),
    "contribution": gettext_lazy("What they want to contribute"),
    "notes": gettext_lazy("Notes"),
    "note": gettext_lazy("Note"),
    "neighbourhood": gettext_lazy("Neighbourhood"),
    "kind": gettext_lazy("Kind"),
    "organisation": gettext_lazy("Organisation"),
    "created_at": gettext_lazy("Recorded on"),
    "created": gettext_lazy("Recorded on"),
    "erased_at": gettext_lazy("Erased on"),
    "purpose": gettext_lazy("Consent for"),
    "privacy_version": gettext_lazy("Version of the privacy statement"),
    "given_at": gettext_lazy("Given on"),
    "withdrawn_at": gettext_lazy("Withdrawn on"),
    "withdrawal_reason": gettext_lazy("Reason for the correction"),
    "activity": gettext_lazy("Activity"),
    "date": gettext_lazy("Date"),
    "process": gettext_lazy("WEI process"),
    "occurred_on": gettext_lazy("Date"),
    "phase": gettext_lazy("Phase"),
    "role": gettext_lazy("Role"),
    "channel": gettext_lazy("Channel of inflow"),
    "reason": gettext_lazy("Reason"),
    "initiative": gettext_lazy("Citizen initiative"),
    "started_on": gettext_lazy("Since"),
    "ended_on": gettext_lazy("Until"),
    "message": gettext_lazy("Message"),
    "idea_title": gettext_lazy("Idea"),
    "created_initiative": gettext_lazy("Became the initiative"),
    "language": gettext_lazy("Language"),
    "confirmed_at": gettext_lazy("Confirmed on"),
    "route": gettext_lazy("Route"),
    "core_group": gettext_lazy("In the core group"),
    "held_on": gettext_lazy("Date"),
    "setting": gettext_lazy("Setting"),
    "decision_needs": gettext_lazy("What else is needed to decide"),
    "confirmed_email": gettext_lazy("E-mail address for the invitation and the plan"),
    "suggested": gettext_lazy("Suggested to take part"),
    "information_needs": gettext_lazy("Information asked for"),
    "question": gettext_lazy("Question"),
    "answer": gettext_lazy("Answer"),
    "answered_on": gettext_lazy("Answered on"),
    "asked_by_you": gettext_lazy("Asked by this person"),
    "answered_by_you": gettext_lazy("Answered by this person"),
    "sent_at": gettext_lazy("Sent on"),
    "response": gettext_lazy("Answer"),
    "responded_at": gettext_lazy("Answered on"),
    "attended": gettext_lazy("Was there"),
    "plan": gettext_lazy("Plan"),
    "what": gettext_lazy("What"),
    "due_on": gettext_lazy("By when"),
    "subject": gettext_lazy("Subject"),
    "status": gettext_lazy("Status"),
}
# Shown as running text (kept line breaks), not as a short value.
LONG = {"message", "notes", "note", "contribution", "answer", "decision_needs"}


@dataclass
class Entry:
    label: str
    value: str
    long: bool = False


@dataclass
class Section:
    key: str  # for the page's ids: "participants-consents"
    title: str
    rows: list[list[Entry]] = field(default_factory=list)


def _value(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(value, list):
        return ", ".join(_value(item) for item in value)
    return str(value)


# Codes the export keeps as stored that have no label of their own there: a language
# (by Django's own name of it) and the state of a queued e-mail (post_office's).
LANGUAGE = "language"
MAIL_STATUS = {"sent": gettext_lazy("sent"), "failed": gettext_lazy("not delivered"),
               "queued": gettext_lazy("waiting to be sent"),
               "requeued": gettext_lazy("waiting to be sent")}


def _named(key: str, value):
    if key == LANGUAGE and isinstance(value, str):
        try:
            return translation.get_language_info(value)["name_translated"]
        except KeyError:
            return value
    if key == "status" and isinstance(value, str) and value in MAIL_STATUS:
        return str(MAIL_STATUS[value])
    return value


def _row(data: dict) -> list[Entry]:
    """The filled-in values of one exported row, a choice by its label."""
    entries = []
    for key, value in data.items():
        if key.endswith("_label") or value is None or value == "" or value == []:
            continue
        shown = data.get(f"{key}_label", _named(key, value))
        entries.append(Entry(str(LABELS[key]), _value(shown), long=key in LONG))
    return entries


def readable_sections(data: dict) -> list[Section]:
    """The export's parts as sections, in SECTIONS' order; a part with nothing in it
    is a section without rows (the page says so)."""
    sections = []
    for (app, part), title in SECTIONS.items():
        found = data.get(app) if part is None else data.get(app, {}).get(part)
        rows = found if isinstance(found, list) else [found] if found else []
        sections.append(Section(key=f"{app}-{part}" if part else app, title=str(title),
                                rows=[_row(row) for row in rows]))
    return sections


def readable_export(*, participant, user) -> dict:
    """The export for `user`, in the site's first language (the resident's copy):
    the facts about the export and its sections."""
    with translation.override(settings.LANGUAGE_CODE):
        data = participant_export(participant=participant, user=user)
        facts = data["export"]
        return {
            "complete": facts["scope"] == "complete",
            "scope_explained": facts["scope_explained"],
            "exported_at": _value(facts["exported_at"]),
            "privacy_version": facts["privacy_statement_version"],
            "sections": readable_sections(data),
        }
