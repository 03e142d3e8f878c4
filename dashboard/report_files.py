"""A saved report version as files to hand over: a PDF (WeasyPrint) and an XLSX workbook
(openpyxl), both made from the version's snapshot alone, in the reader's language.

The PDF fetches nothing: its stylesheet is read from the static files and given inline,
and every URL the HTML might name is refused, so no web font or remote image is loaded
and the fonts are the system's own (DejaVu)."""

import datetime
import io
from decimal import Decimal

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from dashboard.templatetags import report as labels

PDF_CSS = "dashboard/report-pdf.css"
EURO_FORMAT = '"€" #,##0.00'
DATE_FORMAT = "dd-mm-yyyy"


def filename(version, extension: str) -> str:
    slug = (version.snapshot.get("neighbourhood") or {}).get("slug") or "alle-wijken"
    period = version.snapshot["period"]
    return f"verantwoording-{slug}-{period['start']}-{period['end']}.{extension}"


def _title(version) -> str:
    neighbourhood = version.snapshot.get("neighbourhood")
    return "{}: {}".format(_("Report"), neighbourhood["name"] if neighbourhood
                           else _("All my neighbourhoods"))


def _no_fetching():
    """A fetcher that refuses every URL: a version's PDF needs nothing from outside its
    own HTML."""
    from weasyprint.urls import URLFetcher  # heavy, and needs Pango: as in pdf() below

    class NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"Not fetched: {url}")

    return NoFetching()


def pdf(version) -> bytes:
    from weasyprint import CSS, HTML  # heavy, and needs Pango: loaded when a PDF is asked for

    html = render_to_string("dashboard/report/pdf.html", {
        "version": version, "report": version.snapshot, "title": _title(version),
        "choosing": False,
    })
    with open(finders.find(PDF_CSS), encoding="utf-8") as css:
        stylesheet = CSS(string=css.read(), url_fetcher=_no_fetching())
    # PDF/UA: tagged (headings, tables and lists keep their structure for screen readers),
    # with the title shown and the language declared.
    return HTML(string=html, url_fetcher=_no_fetching(), base_url=None).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1", pdf_tags=True)


def label(code, kind: str) -> str:
    return capfirst(str(labels.label(code, kind)))


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _local(moment):
    # A spreadsheet cell has no time zone: the reader's local time, as on the page.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _sheet(book, name: str, header: list[str], rows, *, money=(), widths=None):
    """A sheet with a bold header row; columns in `money` (0-based) formatted as euros,
    dates and times as such. Text is kept text: a cell starting with '=' is no formula."""
    # openpyxl loads slowly: only when a spreadsheet is asked for, as weasyprint for a PDF.
    from openpyxl.styles import Font

    sheet = book.create_sheet(name[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":
                cell.data_type = "s"
            if cell.column - 1 in money:
                cell.number_format = EURO_FORMAT
            elif isinstance(cell.value, datetime.datetime):
                cell.number_format = DATE_FORMAT + " hh:mm"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    return sheet


def xlsx(version) -> bytes:
    from openpyxl import Workbook  # loaded when a spreadsheet is asked for (see _sheet)

    data = version.snapshot
    flows, activities, initiatives = data["flows"], data["activities"], data["initiatives"]
    book = Workbook()
    book.remove(book.active)
    period, previous = data["period"], data["previous"]
    made_by = ""
    if version.made_by:
        made_by = version.made_by.get_full_name() or version.made_by.username
    _sheet(book, _("Summary"), [_("Item"), _("Value")], [
        (_("Report"), _title(version)),
        (_("Period from"), _date(period["start"])), (_("Period until"), _date(period["end"])),
        (_("Previous period from"), _date(previous["start"])),
        (_("Previous period until"), _date(previous["end"])),
        (_("Saved on"), _local(version.made_at)),
        (_("Saved by"), made_by),
    ], widths=[28, 40])
    _sheet(book, _("Processes"), [
        _("Process"), _("Neighbourhood"), _("Phase now"), _("Status"), _("Date"),
        _("Transition"), _("From phase"), _("To phase"), _("Rationale")],
        [(p["title"], p["neighbourhood"], label(p["phase"], "phase"),
          label(p["status"], "process_status"), _date(t["on"]), label(t["kind"], "transition"),
          label(t["from_phase"], "phase"), label(t["to_phase"], "phase"), t["rationale"])
         for p in data["processes"] for t in p["transitions"] or [
             {"on": "", "kind": "", "from_phase": "", "to_phase": "", "rationale": ""}]],
        widths=[30, 20, 18, 14, 12, 16, 18, 18, 50])
    this, before = _("This period"), _("Previous period")
    _sheet(book, _("Flows"), [_("Kind"), this, before, _("Difference")],
           [(label(r["code"], "flow_kind"), r["now"], r["before"], r["now"] - r["before"])
            for r in flows["kinds"]]
           + [(_("Outflow to paid work, own business or education"),
               flows["outcomes"]["now"], flows["outcomes"]["before"],
               flows["outcomes"]["now"] - flows["outcomes"]["before"])],
           widths=[48, 14, 16, 12])
    _sheet(book, _("Outflow by reason"), [_("Reason"), _("Outcome"), this, before],
           [(label(r["code"], "reason"), _("yes") if r["outcome"] else _("no"), r["now"],
             r["before"]) for r in flows["reasons"]], widths=[36, 10, 14, 16])
    _sheet(book, _("Inflow by channel"), [_("Channel"), this, before],
           [(label(r["code"], "channel"), r["now"], r["before"]) for r in flows["channels"]],
           widths=[36, 14, 16])
    _sheet(book, _("Activities"), [_("Date"), _("Activity"), _("Kind"), _("Came")],
           [(_date(a["date"]), a["title"], label(a["kind"], "activity"), a["came"])
            for a in activities["list"]]
           + [(None, _("Activities held"), None, activities["held"]),
              (None, _("People who came"), None, activities["people"]),
              (None, _("People who came for the first time"), None, activities["new_people"]),
              (None, _("Visits in all"), None, activities["visits"])], widths=[12, 40, 20, 10])
    _sheet(book, _("Initiatives"),
           [_("Phase")] + [label(f, "initiative_form") for f in initiatives["forms"]]
           + [_("Total")],
           [[label(r["phase"], "initiative_phase")] + list(r["forms"]) + [r["total"]]
            for r in initiatives["by_phase"]], widths=[20] + [16] * (len(initiatives["forms"]) + 1))
    _sheet(book, _("Reflections"), [
        _("Initiative"), _("Date"), _("What we did"), _("What went well"),
        _("What we learned"), _("What we need next")],
        [(i["title"], _date(r["date"]), r["what_we_did"], r["what_went_well"],
          r["what_we_learned"], r["what_we_need_next"])
         for i in initiatives["list"] for r in i["reflections"]], widths=[28, 12, 40, 40, 40, 40])
    _sheet(book, _("Routes and agreements"), [
        _("Route"), _("Neighbourhood"), _("Kwestie"), _("Stage"), _("Plan version"),
        _("Decided on"), _("Agreement"), _("Who"), _("By")],
        [(r["title"], r["neighbourhood"], r["kwestie"], label(r["stage"], "stage"),
          r["plan"]["number"] if r["plan"] else None,
          _date(r["plan"]["decided_on"]) if r["plan"] else None,
          item["what"], item["who"], _date(item["due_on"]))
         for r in data["routes"]
         for item in (r["plan"]["items"] if r["plan"] and r["plan"]["items"]
                      else [{"what": "", "who": "", "due_on": ""}])],
        widths=[28, 20, 40, 18, 10, 12, 36, 24, 12])
    money = data["money"]
    _sheet(book, _("Money flows"), [
        _("Source"), _("Neighbourhood"), _("Initiative"), _("Money flows"), _("Amount")],
        [(r["source"], r["neighbourhood"], r["initiative"], r["flows"], Decimal(r["total"]))
         for r in money["rows"]]
        + [(_("Total from %(source)s") % {"source": r["source"]}, None, None, None,
            Decimal(r["total"])) for r in money["by_source"]]
        + [(_("Total"), None, None, None, Decimal(money["total"]))],
        money={4}, widths=[30, 20, 28, 12, 14])
    sheet = _sheet(book, _("What we learned"), [_("What we learned")],
                   [(line,) for line in (data.get("learned") or "").splitlines()] or [("",)],
                   widths=[100])
    sheet.freeze_panes = None
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
