"""Privacy (AVG): the privacy statement's version, and what happens to a person's data
on request (export, erasure) and once its retention period is over.

The statement's version: raise PRIVACY_STATEMENT_VERSION (kept in participants.models,
beside the consents that record it, and read from here) whenever
templates/participants/privacy.html changes in substance; every consent records the
version the person saw, and when.

How the apps take part. Each app keeps its own share of a person's data and knows best
what it means, but participants may not import the apps above it. So each app may offer
a module `<app>/privacy.py` with any of these functions, found through Django's app
registry in INSTALLED_APPS order (the convention `seed_demo` uses for `<app>/demo.py`):

    export_personal_data(participant, *, scope=None) -> dict
        everything the app keeps about the person, JSON-serialisable; with a `scope`
        (a user), only the rows that user may see (`in_scope`, through wei.access);
    erase_personal_data(*, participant, today, by, scope=None) -> None
        anonymise or delete the app's share; runs in the erasure's transaction, highest
        floor first, so an initiative membership ends (with its outflow) before this
        app closes the person's remaining stays and blanks their fields; with a
        `scope`, only the rows that user may see;
    recently_active(since) -> QuerySet of participant pks
        people the app recorded something about on or after `since`: retention leaves
        them alone, whatever their last outflow;
    expire(*, now, batch_size) -> dict[str, int]
        remove what is past the app's own retention period; returns counts by label.

This module is participants' part too, and runs the whole: `participant_export`,
`participant_erase` and `apply_retention`. A registry filled in each AppConfig.ready()
would do the same with one more moving part; a plain module per app is found, read and
tested like `demo.py`.

Whose sight. A superuser (and retention, which acts for no one) exports and erases
everything. Anyone else exports only the rows wei.access lets them see, and the
export says so; the copies of e-mail, which belong to no neighbourhood, are in a
superuser's export only. Their erasure touches only the rows they may see: when
nothing of the person lies out of their sight, that is the whole erasure (name,
addresses, consents, the e-mail copies); otherwise the person keeps their name and
what other neighbourhoods recorded, and a superuser erases the rest.

What erasure keeps: the participant row itself, anonymous, with its neighbourhood and
kind, and the rows hanging off it that make the neighbourhood's figures (flow events
with their kind, dates, phase, role, channel and reason; attendance; memberships;
conversations held and invitations answered). Nobody can tell whose they were.
"""

import datetime
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Replace
from django.utils import timezone, translation
from django.utils.translation import gettext
from post_office.models import Email
from post_office.utils import cleanup_expired_mails

from core.mail import forget_delivered_links, forget_links
from core.periods import same_day_months_away
from participants.models import (  # the statement's version and date: read from here
    PRIVACY_STATEMENT_DATE,  # noqa: F401
    PRIVACY_STATEMENT_VERSION,
    Attendance,
    Consent,
    FlowEvent,
    FlowKind,
    OutflowReason,
    Participant,
)
from participants.services import participant_flow_out
from wei import access

EXPORT_FORMAT = "wijkkompas.participant"
EXPORT_FORMAT_VERSION = 1


# --- the parts ------------------------------------------------------------------------------

def privacy_parts() -> list:
    """Each installed app's `privacy` module, lowest floor first."""
    modules = []
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.privacy"
        try:
            found = find_spec(name) is not None
        except ModuleNotFoundError:  # the app is a plain module, not a package
            found = False
        if found:
            modules.append(import_module(name))
    return modules


def _hooks(name: str, *, highest_first: bool = False) -> list:
    parts = privacy_parts()
    if highest_first:
        parts.reverse()
    return [(part, getattr(part, name)) for part in parts if hasattr(part, name)]


def _key(part) -> str:
    return part.__name__.rsplit(".", 1)[0]


def scope_of(user):
    """Whose sight limits an export or erasure: None (everything) for a superuser or
    for nobody (retention), otherwise the user."""
    if user is None or (user.is_active and user.is_superuser):
        return None
    return user


def in_scope(scope, queryset):
    """The rows of `queryset` within `scope` (all of them when it is None)."""
    return queryset if scope is None else access.visible(scope, queryset)


def model_fields(obj, names) -> dict:
    """The named fields of one row: related rows by their name, choices with their label.

    Related rows must be select_related by the caller (no query here).
    """
    row = {}
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if field.is_relation:
            value = None if value is None else str(value)
        row[name] = value
        if field.choices and value not in (None, ""):
            row[f"{name}_label"] = str(getattr(obj, f"get_{name}_display")())
    return row


def anonymous_name(participant) -> str:
    """What an erased participant is called from then on, in the site's first language."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Anonymised participant %(number)s") % {"number": participant.pk}


# --- export ---------------------------------------------------------------------------------

def _addresses_in(data) -> set[str]:
    """The e-mail addresses in an export: every value of a key that ends in 'email'."""
    found = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key.endswith("email") and isinstance(value, str) and value:
                found.add(value.lower())
            else:
                found |= _addresses_in(value)
    elif isinstance(data, list):
        for item in data:
            found |= _addresses_in(item)
    return found


def _mail_about(addresses: set[str], name: str = ""):
    """The queued and sent e-mails to or about a person (django-post-office's copies)."""
    condition = Q(pk__in=[])
    for address in addresses:
        condition |= (
            Q(to__icontains=address) | Q(cc__icontains=address) | Q(bcc__icontains=address)
            | Q(message__icontains=address)
        )
    # A full name (two words or more) is distinctive enough to look for in mail texts.
    if len(name.split()) >= 2:
        condition |= Q(message__contains=name) | Q(subject__contains=name)
    return Email.objects.filter(condition)


def _mail_to(addresses: set[str]) -> list[dict]:
    """The e-mails sent to the person: what they were sent, not what staff were told.

    Without the tokens of their links (core.mail): a link in an export works for
    whoever reads the file, so it is shown as the queue keeps it after delivery.
    """
    rows = []
    for email in _mail_about(addresses).order_by("created", "pk"):
        recipients = {address.lower() for address in email.to}
        if recipients & addresses:
            rows.append({
                "created": email.created, "subject": email.subject,
                "status": str(email.get_status_display()) if email.status is not None else None,
                "message": forget_links(email.message),
            })
    return rows


def _parts(participant, scope) -> dict:
    return {_key(part): export(participant, scope=scope)
            for part, export in _hooks("export_personal_data")}


def participant_export(*, participant, user=None) -> dict:
    """Everything the product keeps about one participant that `user` may see, as a
    JSON-serialisable dict (everything for a superuser, or without a user).

    Each app's part sits under the app's name; the e-mails sent to any of the person's
    addresses sit under "mail" (complete exports only). "export.scope" says which it
    is. Export it with DjangoJSONEncoder (dates, decimals).
    """
    scope = scope_of(user)
    with translation.override(settings.LANGUAGE_CODE):
        if scope is None:
            scope_text = gettext(
                "Complete: everything the product keeps about this person, in every "
                "neighbourhood, with the e-mails sent to them.")
        else:
            scope_text = gettext(
                "Partial: only what %(user)s may see (the neighbourhoods and routes they "
                "work on), without the copies of e-mails. A complete export, which answers "
                "the person's request to see their data, is made by a superuser."
            ) % {"user": scope.get_username()}
    data = {
        "export": {
            "format": EXPORT_FORMAT,
            "format_version": EXPORT_FORMAT_VERSION,
            "exported_at": timezone.now(),
            "privacy_statement_version": PRIVACY_STATEMENT_VERSION,
            "scope": "complete" if scope is None else "partial",
            "scope_explained": scope_text,
        }
    }
    data.update(_parts(participant, scope))
    data["mail"] = _mail_to(_addresses_in(data)) if scope is None else []
    return data


def out_of_sight(participant, user) -> bool:
    """Whether anything about the person lies outside what `user` may see."""
    scope = scope_of(user)
    return scope is not None and _parts(participant, scope) != _parts(participant, None)


# --- erasure --------------------------------------------------------------------------------

@transaction.atomic
def participant_erase(*, participant, by=None):
    """Erase a person's personal data, keeping the figures they are part of.

    Every app anonymises or deletes its share (see the module's docstring); open stays
    end today (reason unknown), so that nobody counts as taking part forever; the copies
    of e-mails to or about the person are deleted, and their name is taken out of the
    admin's history. `erased_at` records that and when it happened. A second call
    changes nothing.

    `by` is who asks: a superuser (or nobody: retention) erases everything; anyone else
    erases what they may see, which is everything only when nothing of the person lies
    out of their sight. Then the person stays as they are elsewhere (`erased_at` unset)
    and only the rows in sight are erased; `out_of_sight` tells beforehand.
    """
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.erased_at is not None:
        return participant
    if out_of_sight(participant, by):
        today = timezone.localdate()
        for _part, erase in _hooks("erase_personal_data", highest_first=True):
            erase(participant=participant, today=today, by=by, scope=scope_of(by))
        participant.refresh_from_db()
        return participant
    name = participant.name
    addresses = _addresses_in(participant_export(participant=participant))
    today = timezone.localdate()
    for _part, erase in _hooks("erase_personal_data", highest_first=True):
        erase(participant=participant, today=today, by=by, scope=None)
    participant.refresh_from_db()
    _mail_about(addresses, name).delete()
    _scrub_admin_history(participant, name)
    return participant


def _scrub_admin_history(participant, name: str) -> None:
    """The admin's history names each row as it was called then: take the name out."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(participant), object_id=str(participant.pk)
    ).update(object_repr=participant.name)
    # Rows of other models are named after the person too ("Anja de Boer – Buurtkeuken");
    # a full name is distinctive enough to replace wherever it appears.
    if len(name.split()) >= 2:
        LogEntry.objects.filter(object_repr__contains=name).update(
            object_repr=Replace("object_repr", Value(name), Value(participant.name))
        )


# --- retention ------------------------------------------------------------------------------

def retention_due(*, today: datetime.date | None = None):
    """The participants to anonymise: no open stay, last outflow longer ago than
    RETENTION_OUTFLOW_MONTHS, and nothing else recorded about them since."""
    cutoff = same_day_months_away(today or timezone.localdate(),
                                  -settings.RETENTION_OUTFLOW_MONTHS)
    open_stays = FlowEvent.objects.filter(participant=OuterRef("pk"), kind=FlowKind.INFLOW).exclude(
        Exists(FlowEvent.objects.filter(inflow=OuterRef("pk"), kind=FlowKind.OUTFLOW))
    )
    last_outflow = (
        FlowEvent.objects.filter(participant=OuterRef("pk"), kind=FlowKind.OUTFLOW)
        .order_by("-occurred_on").values("occurred_on")[:1]
    )
    due = (
        Participant.objects.filter(erased_at__isnull=True)
        .annotate(last_outflow=Subquery(last_outflow))
        .filter(last_outflow__lt=cutoff)
        .exclude(Exists(open_stays))
    )
    for _part, recently_active in _hooks("recently_active"):
        due = due.exclude(pk__in=recently_active(cutoff))
    return due


def apply_retention(*, now: datetime.datetime | None = None, batch_size: int = 200) -> dict:
    """Anonymise whoever is due and let each app remove what is past its period.

    Safe to run daily: each person is erased in a transaction of their own, an erased
    person is never due again, and each app's removal works in batches.
    Returns what was done, as counts by (English) label.
    """
    now = now or timezone.now()
    counts = {}
    for _part, expire in _hooks("expire"):
        counts.update(expire(now=now, batch_size=batch_size))
    due = list(retention_due(today=timezone.localdate(now)).order_by("pk").values_list(
        "pk", flat=True))
    anonymised = 0
    for start in range(0, len(due), batch_size):
        for participant in Participant.objects.filter(pk__in=due[start:start + batch_size]):
            participant_erase(participant=participant)
            anonymised += 1
    counts["participants anonymised"] = anonymised
    return counts


# --- participants' own part -----------------------------------------------------------------

PERSONAL_FIELDS = ["name", "email", "phone", "postcode", "contribution", "notes"]


def export_personal_data(participant, *, scope=None) -> dict:
    participant_fields = [
        *PERSONAL_FIELDS, "neighbourhood", "kind", "organisation", "created_at", "erased_at",
    ]
    participant = type(participant).objects.select_related(
        "neighbourhood", "organisation").get(pk=participant.pk)
    return {
        "participant": model_fields(participant, participant_fields),
        "consents": [
            model_fields(consent, ["purpose", "privacy_version", "given_at", "withdrawn_at"])
            for consent in participant.consents.order_by("given_at", "pk")
        ],
        "attendance": [
            {
                "activity": attendance.activity.title,
                **model_fields(attendance.activity, ["kind", "date", "process"]),
            }
            for attendance in in_scope(scope, Attendance.objects.filter(participant=participant))
            .select_related("activity__process").order_by("activity__date", "pk")
        ],
        "flow_events": [
            model_fields(event, [
                "process", "kind", "occurred_on", "phase", "role", "channel", "reason", "note",
                "created_at", "withdrawn_at", "withdrawal_reason",
            ])
            # Corrected records too: what is stored about the person, not only what counts.
            for event in in_scope(scope, FlowEvent.history.filter(participant=participant))
            .select_related("process").order_by("occurred_on", "sequence", "pk")
        ],
    }


def erase_personal_data(*, participant, today, by=None, scope=None) -> None:
    open_stays = in_scope(scope, (
        FlowEvent.objects.filter(participant=participant, kind=FlowKind.INFLOW)
        .exclude(Exists(FlowEvent.objects.filter(inflow=OuterRef("pk"), kind=FlowKind.OUTFLOW)))
    )).select_related("process")
    for inflow in open_stays:
        participant_flow_out(participant=participant, process=inflow.process, occurred_on=today,
                             reason=OutflowReason.UNKNOWN, by=by)
    if scope is not None:
        # Only the stays in sight; the person, their consents and the other
        # neighbourhoods' history stay for a superuser's erasure.
        _scrub_notes(in_scope(scope, FlowEvent.history.filter(participant=participant)))
        _scrub_reasons(in_scope(scope, Attendance.history.filter(participant=participant)))
        return
    participant.name = anonymous_name(participant)
    for field in PERSONAL_FIELDS[1:]:
        setattr(participant, field, "")
    participant.organisation = None
    participant.erased_at = timezone.now()
    participant.save(update_fields=[*PERSONAL_FIELDS, "organisation", "erased_at"])
    participant.consents.all().delete()
    _scrub_notes(FlowEvent.history.filter(participant=participant))
    _scrub_reasons(Attendance.history.filter(participant=participant))


def _scrub_notes(events) -> None:
    """Notes and the reasons of corrections may name the person: gone, corrected
    records included. What was counted, and that it was corrected, stays."""
    events.exclude(note="").update(note="")
    _scrub_reasons(events)


def _scrub_reasons(rows) -> None:
    rows.exclude(withdrawal_reason="").update(withdrawal_reason="")


def recently_active(since: datetime.date):
    return Participant.objects.filter(
        Exists(Attendance.objects.filter(participant=OuterRef("pk"), activity__date__gte=since))
        | Exists(Consent.objects.filter(participant=OuterRef("pk"), given_at__date__gte=since))
    ).values("pk")


def expire(*, now: datetime.datetime, batch_size: int) -> dict:
    """The mail queue's copies of sent e-mail hold names, addresses and messages."""
    removed, _attachments = cleanup_expired_mails(
        now - datetime.timedelta(days=settings.RETENTION_MAIL_DAYS), batch_size=batch_size
    )
    counts = {"e-mail copies removed": removed}
    # A delivered message keeps no usable link (core.mail); this catches any left
    # (mail delivered before that rule), and says so only when it found some.
    if scrubbed := forget_delivered_links():
        counts["links removed from delivered e-mail"] = scrubbed
    return counts
