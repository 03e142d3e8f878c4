"""Reading a list of people from a spreadsheet, and checking every row before anything
is stored. The file is read by tablib (CSV, and XLSX through openpyxl); the rows are
checked against what the database already holds in a fixed number of queries, so a
list of 1,000 people costs what a list of 10 does. Storing them is
`participants.services.participants_import`.
"""

import csv
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import tablib
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participants.forms import CONTROL, clean_phone, normalise_postcode, participant_label
from participants.models import Participant, ParticipantKind
from participants.services import normalise_email
from wei.models import Process, ProcessStatus

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
FORMATS = {"csv": "csv", "xlsx": "xlsx"}

# What a column can hold, in the order the mapping form asks for them.
FIELDS = {
    "name": gettext_lazy("Name"),
    "email": gettext_lazy("E-mail address"),
    "phone": gettext_lazy("Phone number"),
    "postcode": gettext_lazy("Postcode"),
    "neighbourhood": gettext_lazy("Neighbourhood"),
    "kind": gettext_lazy("Kind"),
}
# Column headings as people write them, lower-cased, for a first guess of the mapping.
HEADINGS = {
    "name": {"naam", "name", "volledige naam", "voor- en achternaam", "deelnemer", "bewoner"},
    "email": {"e-mail", "email", "e-mailadres", "emailadres", "e-mail address", "mail",
              "e-mail adres"},
    "phone": {"telefoon", "telefoonnummer", "tel", "tel.", "mobiel", "phone", "phone number"},
    "postcode": {"postcode", "post code", "postal code", "zip"},
    "neighbourhood": {"wijk", "buurt", "dorp", "neighbourhood", "neighborhood"},
    "kind": {"soort", "type", "kind", "rol"},
}


class TableError(Exception):
    """A file that cannot be read as a list of people; the message says why, in Dutch."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    filename: str = ""


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's number 7941 is not "7941.0"
    if isinstance(value, Decimal):
        value = format(value, "f")
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.strftime("%d-%m-%Y")
    return " ".join(str(value).split())


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):  # what Dutch spreadsheets save as CSV
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(_("The file is not a text file that can be read (UTF-8 or Windows)."))


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        return ","


def read_table(file, *, filename: str) -> Table:
    """The headings and rows of an uploaded CSV or XLSX file, every cell as text."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FORMATS:
        raise TableError(_("Choose a CSV or XLSX file (a spreadsheet saved as .csv or .xlsx)."))
    content = file.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise TableError(_("The file is larger than 2 MB; split the list into smaller files."))
    if not content.strip():
        raise TableError(_("The file is empty."))
    try:
        if extension == "csv":
            text = _decode(content)
            data = tablib.Dataset().load(text, format="csv", delimiter=_delimiter(text))
        else:
            data = tablib.Dataset().load(content, format="xlsx")
    except TableError:
        raise
    except Exception:  # whatever a broken or disguised file makes the readers raise
        raise TableError(
            _("The file could not be read as a %(format)s file.")
            % {"format": extension.upper()}) from None
    headers = [_cell(heading) for heading in (data.headers or [])]
    rows = [[_cell(value) for value in row] for row in data]
    rows = [row for row in rows if any(row)]
    if not any(headers):
        raise TableError(_("The first row must name the columns (such as Naam, E-mail)."))
    if not rows:
        raise TableError(_("The file has column names but no people."))
    if len(rows) > MAX_ROWS:
        raise TableError(_("The file has more than %(max)s rows; split it into smaller files.")
                         % {"max": MAX_ROWS})
    return Table(headers=headers, rows=rows, filename=filename)


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """For each field the column whose heading names it, or None."""
    mapping = {}
    lowered = [heading.strip().lower() for heading in headers]
    for name, known in HEADINGS.items():
        mapping[name] = next((i for i, h in enumerate(lowered) if h in known), None)
    return mapping


@dataclass
class Row:
    """One row of the file, as it will be stored, with what stands in the way."""

    number: int  # as the spreadsheet numbers it: the headings are row 1
    name: str = ""
    email: str = ""
    phone: str = ""
    postcode: str = ""
    neighbourhood: object = None
    neighbourhood_text: str = ""
    kind: str = ParticipantKind.RESIDENT
    process: Process | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def kind_label(self) -> str:
        return ParticipantKind(self.kind).label

    def register_kwargs(self) -> dict:
        return {"name": self.name, "email": self.email, "phone": self.phone,
                "postcode": self.postcode, "neighbourhood": self.neighbourhood,
                "kind": self.kind}


def _kinds() -> dict[str, str]:
    known = {}
    for value, label in ParticipantKind.choices:
        known[value] = value
        known[str(label).lower()] = value
    return known


def _value(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def check_rows(table: Table, mapping: dict[str, int | None], *, neighbourhoods,
               people, default_neighbourhood=None) -> list[Row]:
    """Every row of `table`, read through `mapping`, with its problems in the reader's
    language: no name, a bad e-mail address, a postcode or phone number that is not one,
    a duplicate of an existing person or of another row, an unknown neighbourhood, one
    without a running process to flow into, an unknown kind.

    `neighbourhoods` are those the user may import into; `people` those they may see (a
    duplicate out of sight is refused without naming anyone). Five queries, whatever
    the number of rows.
    """
    by_name = {}
    for neighbourhood in neighbourhoods:
        by_name[neighbourhood.name.lower()] = neighbourhood
        by_name[neighbourhood.slug.lower()] = neighbourhood
        by_name[str(neighbourhood).lower()] = neighbourhood
    running = {process.neighbourhood_id: process for process in Process.objects.filter(
        status=ProcessStatus.ACTIVE, neighbourhood__in=[n.pk for n in set(by_name.values())])}
    kinds = _kinds()
    rows = []
    for offset, cells in enumerate(table.rows):
        row = Row(number=offset + 2)
        problems = row.problems
        name = _value(cells, mapping.get("name"))
        if not name or CONTROL.search(name):
            problems.append(_("No name."))
        row.name = name[:200]
        email = _value(cells, mapping.get("email")).strip().lower()
        if email:
            try:
                if len(email) > 254:  # what the database holds
                    raise ValidationError("too long")
                validate_email(email)
                row.email = normalise_email(email)  # one plain mailbox, or refused
            except ValidationError:
                problems.append(_("“%(email)s” is not an e-mail address.") % {"email": email})
        for attribute, clean in (("postcode", normalise_postcode), ("phone", clean_phone)):
            value = _value(cells, mapping.get(attribute))
            if value:
                try:
                    setattr(row, attribute, clean(value))
                except forms.ValidationError as error:
                    problems.extend(error.messages)
        text = _value(cells, mapping.get("neighbourhood"))
        row.neighbourhood_text = text
        row.neighbourhood = by_name.get(text.lower()) if text else default_neighbourhood
        if row.neighbourhood is None:
            problems.append(
                _("Unknown neighbourhood “%(name)s”.") % {"name": text} if text
                else _("No neighbourhood: fill in the column or choose one for the list."))
        else:
            row.process = running.get(row.neighbourhood.pk)
            if row.process is None:
                problems.append(_("%(name)s has no running process to take part in.")
                                % {"name": row.neighbourhood.name})
        kind = _value(cells, mapping.get("kind")).lower()
        if kind:
            if kind in kinds:
                row.kind = kinds[kind]
            else:
                problems.append(_("Unknown kind “%(kind)s”; use resident, professional, "
                                  "entrepreneur or volunteer.") % {"kind": kind})
        rows.append(row)
    _mark_duplicates(rows, people)
    return rows


def _mark_duplicates(rows: list[Row], people) -> None:
    first_with = {}
    for row in rows:
        for key in ([("email", row.email)] if row.email else []) + (
                [("person", row.name.lower(), row.postcode)] if row.name and row.postcode else []):
            if key in first_with:
                row.problems.append(_("The same person as row %(number)s.")
                                    % {"number": first_with[key]})
                break
            first_with[key] = row.number
    emails = {row.email for row in rows if row.email}
    taken = dict(Participant.objects.annotate(address=Lower("email")).filter(
        address__in=emails).values_list("address", "pk")) if emails else {}
    pairs = {(row.name.lower(), row.postcode) for row in rows if row.name and row.postcode}
    namesakes = {}
    if pairs:
        # By postcode in the database, by name here: one condition per pair would make
        # a query too deep for SQLite with a long list.
        for person in people.filter(postcode__in={postcode for _name, postcode in pairs}
                                    ).select_related("neighbourhood"):
            if (person.name.lower(), person.postcode) in pairs:
                namesakes[(person.name.lower(), person.postcode)] = person
    seen = {person.pk: person for person in people.filter(pk__in=taken.values())
            .select_related("neighbourhood")} if taken else {}
    for row in rows:
        if row.email in taken:
            person = seen.get(taken[row.email])
            row.problems.append(
                _("Already registered: %(person)s.") % {"person": participant_label(person)}
                if person else _("Someone with this e-mail address is already registered."))
        elif (row.name.lower(), row.postcode) in namesakes:
            person = namesakes[(row.name.lower(), row.postcode)]
            row.problems.append(_("Already registered: %(person)s.")
                                % {"person": participant_label(person)})
