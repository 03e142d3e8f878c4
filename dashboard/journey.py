"""A person's journey across processes, as one timeline: what every app recorded about
them, each read through wei.access (so a user sees only the rows they may), one query
per kind of row whatever the length of the story."""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from initiatives.models import Membership, SignUp
from nieuweroute.models import Conversation, Invitation
from participants.models import Attendance, Consent, FlowEvent, FlowKind
from wei import access


@dataclass
class Entry:
    day: datetime.date
    kind: str  # a css-friendly word: inflow, throughflow, outflow, attendance, …
    label: str  # what happened, in a few words
    text: str = ""  # the details
    place: str = ""  # the process or route it belongs to, with its neighbourhood
    anchor: str = ""  # id of the entry on the page (a flow event's own address)
    link: str = ""
    order: int = 0  # among entries of one day
    corrected: str = ""  # for a corrected or withdrawn record: when, by whom and why
    row: object = None  # the corrected record shown (a flow event, an attendance)
    correct: object = None  # its step "correct" (core.steps.Step) on the person's page


@dataclass
class Journey:
    entries: list = field(default_factory=list)
    events: list = field(default_factory=list)  # the flow events, oldest first
    consents: list = field(default_factory=list)
    stays: list = field(default_factory=list)  # the latest event of each open stay


def _day(moment) -> datetime.date:
    if isinstance(moment, datetime.datetime):
        return timezone.localtime(moment).date()
    return moment


def _place(process) -> str:
    return f"{process.title} – {process.neighbourhood.name}"


def correction_note(row, replaced: set) -> str:
    """What became of a corrected or withdrawn record (core.corrections): when, by whom,
    why. `replaced`: the keys of the rows a correction replaced. `withdrawn_by` must be
    select_related."""
    if row.withdrawn_at is None:
        return _("Correction of the record above.") if row.corrects_id else ""
    by = row.withdrawn_by
    words = {"date": date_format(timezone.localtime(row.withdrawn_at), "j F Y H:i"),
             "name": (by.get_full_name() or by.get_username()) if by else _("unknown"),
             "why": row.withdrawal_reason}
    if row.pk in replaced:
        return _("Corrected on %(date)s by %(name)s: %(why)s") % words
    return _("Withdrawn on %(date)s by %(name)s: %(why)s") % words


def person_journey(user, participant) -> Journey:
    journey = Journey()
    entries = journey.entries

    # Every event, corrected ones too: the timeline shows what was recorded and what it
    # became; the person's state and stays come from the current events only.
    recorded = list(
        access.visible(user, FlowEvent.history.filter(participant=participant))
        .select_related("process__neighbourhood", "withdrawn_by")
        .order_by("occurred_on", "sequence", "id"))
    events = [event for event in recorded if event.withdrawn_at is None]
    journey.events = events
    replaced = {event.corrects_id for event in recorded if event.corrects_id}
    latest = {}
    for event in events:
        latest[event.process_id] = event
    for event in recorded:
        details = [event.get_phase_display()]
        if event.kind == FlowKind.INFLOW:
            label = _("Inflow")
            details.append(event.get_channel_display())
        elif event.kind == FlowKind.THROUGHFLOW:
            label = _("Throughflow")
        else:
            label = _("Outflow")
            details.append(_("reason: %(reason)s") % {"reason": event.get_reason_display()}
                           + (_(" (an outcome)") if event.is_outcome else ""))
        details.insert(1, event.get_role_display())
        if event.note:
            details.append(event.note)
        entries.append(Entry(event.occurred_on, event.kind, label, "; ".join(details),
                             _place(event.process), anchor=f"gebeurtenis-{event.pk}",
                             order=event.sequence, corrected=correction_note(event, replaced),
                             row=event))
    journey.stays = [event for event in latest.values() if event.kind != FlowKind.OUTFLOW]

    # Withdrawn attendance too, struck through with who withdrew it, when and why.
    for attendance in (access.visible(user, Attendance.history.filter(participant=participant))
                       .select_related("activity__process__neighbourhood", "withdrawn_by")):
        activity = attendance.activity
        entries.append(Entry(activity.date, "attendance", _("Came to an activity"),
                             f"{activity.title} ({activity.get_kind_display()})",
                             _place(activity.process),
                             link=reverse("dashboard:activity", args=[activity.pk]), order=-1,
                             corrected=correction_note(attendance, set()), row=attendance))

    # Corrected memberships too, struck through beside what replaced them (its page
    # is where they are corrected).
    memberships = list(access.visible(user, Membership.history.filter(participant=participant))
                       .select_related("initiative__neighbourhood", "withdrawn_by"))
    replaced = {membership.corrects_id for membership in memberships}
    for membership in memberships:
        initiative = membership.initiative
        place = f"{initiative.title} – {initiative.neighbourhood.name}"
        entries.append(Entry(membership.started_on, "membership", _("Joined an initiative"),
                             membership.get_role_display(), place,
                             link=reverse("dashboard:initiative", args=[initiative.pk]),
                             corrected=correction_note(membership, replaced), row=membership))
        if membership.ended_on and membership.withdrawn_at is None:
            entries.append(Entry(membership.ended_on, "membership", _("Left an initiative"),
                                 "", place))

    for signup in (access.visible(user, SignUp.objects.filter(participant=participant))
                   .select_related("initiative", "neighbourhood")):
        what = signup.initiative.title if signup.initiative_id else (
            signup.idea_title or signup.neighbourhood.name)
        entries.append(Entry(_day(signup.created_at), "signup",
                             _("Signed up on the website"),
                             f"{signup.get_kind_display()}: {what}", signup.neighbourhood.name))
        if signup.withdrawn_at:
            entries.append(Entry(_day(signup.withdrawn_at), "signup", _("Withdrew a sign-up"),
                                 what, signup.neighbourhood.name))

    for conversation in (access.visible(user, Conversation.objects.filter(
            participant=participant)).select_related("route")):
        entries.append(Entry(conversation.held_on, "conversation",
                             _("Preparatory conversation (De Nieuwe Route)"),
                             conversation.setting, conversation.route.title,
                             link=conversation.route.get_absolute_url()))

    for invitation in (access.visible(user, Invitation.objects.filter(participant=participant))
                       .select_related("route")):
        answer = invitation.get_response_display()
        entries.append(Entry(_day(invitation.sent_at), "invitation",
                             _("Invited to the decision meeting (De Nieuwe Route)"),
                             _("answer: %(answer)s") % {"answer": answer},
                             invitation.route.title, link=invitation.route.get_absolute_url()))

    journey.consents = list(access.visible(user, Consent.objects.filter(
        participant=participant)).order_by("-given_at", "-id"))
    for consent in journey.consents:
        version = _("privacy statement %(version)s") % {"version": consent.privacy_version}
        entries.append(Entry(_day(consent.given_at), "consent", _("Gave consent"),
                             f"{consent.get_purpose_display()} ({version})", order=-2))
        if consent.withdrawn_at:
            entries.append(Entry(_day(consent.withdrawn_at), "consent",
                                 _("Withdrew consent"), consent.get_purpose_display()))

    entries.sort(key=lambda entry: (entry.day, entry.order))
    return journey
