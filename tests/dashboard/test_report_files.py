"""A saved version as PDF and as XLSX: made from the snapshot alone, with the same figures
as the version page, for whoever may see the version and nobody else."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from dashboard import report, services
from participants.models import Attendance
from tests.dashboard.conftest import tell_stories
from tests.initiatives.factories import (
    InitiativeFactory,
    MoneyFlowFactory,
    OrganisationFactory,
    ReflectionFactory,
)
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ActivityFactory, ProcessFactory, ProcessManagerFactory
from wei.models import Phase

pytestmark = pytest.mark.django_db
QUARTER = report.Period(datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))


def add_story(process, n):
    tell_stories(process, people=n, seed=n)
    garden = InitiativeFactory(process=process, title=f"Moestuin {n}")
    ReflectionFactory(initiative=garden, date=datetime.date(2026, 10, 2),
                      what_we_did=f"Zaaien {n}.")
    MoneyFlowFactory(initiative=garden, source=OrganisationFactory(name=f"Fonds {n}"),
                     amount="1000.25", period_start=datetime.date(2026, 10, 1),
                     period_end=datetime.date(2026, 10, 31))
    activity = ActivityFactory(process=process, date=datetime.date(2026, 10, 5),
                               title=f"Buurtavond {n}")
    for _ in range(2):
        Attendance.objects.create(activity=activity, participant=ParticipantFactory(
            neighbourhood=process.neighbourhood))


@pytest.fixture
def version(manager):
    process = ProcessFactory(phase=Phase.DEVELOPMENT)
    process.managers.add(manager)
    add_story(process, 5)
    return services.report_version_save(
        user=manager, period=QUARTER, neighbourhood=process.neighbourhood,
        learned="=Kleine stappen, lange adem.",
        reflections=[r["id"] for i in report.build(manager, period=QUARTER)["initiatives"]["list"]
                     for r in i["reflections"]])


def urls(version):
    return (reverse("dashboard:report_version_pdf", args=[version.pk]),
            reverse("dashboard:report_version_xlsx", args=[version.pk]))


def test_the_version_page_offers_both_files(client, manager, version):
    client.force_login(manager)
    html = client.get(version.get_absolute_url()).content.decode()
    for url in urls(version):
        assert f'href="{url}"' in html
    assert "PDF downloaden" in html and "Spreadsheet downloaden (XLSX)" in html
    assert "dashboard/report-print.css" in html


def test_the_pdf_is_tagged_dutch_numbered_and_tells_the_figures(client, manager, version):
    from pypdf import PdfReader

    client.force_login(manager)
    response = client.get(urls(version)[0])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    slug = version.neighbourhood.slug
    assert response["Content-Disposition"] == (
        f'attachment; filename="verantwoording-{slug}-2026-10-01-2026-12-31.pdf"')
    pdf = PdfReader(io.BytesIO(response.content))
    assert pdf.metadata.title.startswith(f"Verantwoording: {version.neighbourhood.name}")
    catalog = pdf.trailer["/Root"]
    assert str(catalog["/Lang"]) == "nl"
    assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
    pages = [page.extract_text() for page in pdf.pages]
    text = "\n".join(pages)
    assert len(pages) >= 4
    # The footer numbers every page after the cover; the contents name the pages.
    assert f"2 / {len(pages)}" in pages[1] and f"{len(pages)} / {len(pages)}" in pages[-1]
    assert re.search(r"Geldstromen\W*\d+", pages[1])
    snapshot = version.snapshot
    inflow = next(r["now"] for r in snapshot["flows"]["kinds"] if r["code"] == "inflow")
    page = client.get(version.get_absolute_url()).content.decode()
    assert "€ 1.000,25" in page and "€ 1.000,25" in text
    assert f"<td class=\"text-end\">{inflow}</td>" in page
    assert re.search(rf"Instroom\s+{inflow}\s", text)
    assert "Zaaien 5." in text and "=Kleine stappen, lange adem." in text
    assert "1 oktober 2026" in text


def test_the_workbook_has_a_sheet_per_panel_with_real_numbers(client, manager, version):
    from openpyxl import load_workbook

    client.force_login(manager)
    response = client.get(urls(version)[1])
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-2026-10-01-2026-12-31.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Samenvatting", "Processen", "Stromen", "Uitstroom per reden", "Instroom per kanaal",
        "Activiteiten", "Initiatieven", "Reflecties", "Routes en afspraken", "Geldstromen",
        "Wat we leerden"]
    snapshot = version.snapshot
    flows = {row[0].value: row for row in book["Stromen"].iter_rows(min_row=2)}
    assert [c.value for c in book["Stromen"][1]] == [
        "Soort", "Deze periode", "Vorige periode", "Verschil"]
    for kind in snapshot["flows"]["kinds"]:
        label = {"inflow": "Instroom", "throughflow": "Doorstroom", "outflow": "Uitstroom"}[
            kind["code"]]
        row = flows[label]
        assert (row[1].value, row[2].value) == (kind["now"], kind["before"])
        assert isinstance(row[1].value, int)
    channels = list(book["Instroom per kanaal"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in channels] == [r["now"] for r in snapshot["flows"]["channels"]]
    activities = list(book["Activiteiten"].iter_rows(min_row=2))
    assert activities[0][0].value == datetime.datetime(2026, 10, 5)  # a real date
    assert activities[0][0].number_format == "dd-mm-yyyy"
    assert activities[0][3].value == 2
    money = list(book["Geldstromen"].iter_rows(min_row=2))
    total = money[-1][4]
    assert money[-1][0].value == "Totaal"
    assert Decimal(str(total.value)) == Decimal(snapshot["money"]["total"]) == Decimal("1000.25")
    assert "€" in total.number_format
    reflections = list(book["Reflecties"].iter_rows(min_row=2, values_only=True))
    assert reflections[0][0] == "Moestuin 5" and reflections[0][2] == "Zaaien 5."
    # A text that starts like a formula stays text.
    learned = book["Wat we leerden"]["A2"]
    assert learned.value == "=Kleine stappen, lange adem." and learned.data_type == "s"


def test_both_files_speak_the_language_of_the_reader(client, manager, version):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    client.force_login(manager)
    client.cookies["django_language"] = "en"
    pdf = PdfReader(io.BytesIO(client.get(urls(version)[0]).content))
    assert str(pdf.trailer["/Root"]["/Lang"]) == "en"
    assert pdf.metadata.title.startswith("Report: ") and "Contents" in pdf.pages[1].extract_text()
    book = load_workbook(io.BytesIO(client.get(urls(version)[1]).content))
    assert book.sheetnames[:3] == ["Summary", "Processes", "Flows"]


def test_an_outsider_gets_what_the_version_page_gives(client, version):
    other = ProcessManagerFactory()
    client.force_login(other)
    assert client.get(version.get_absolute_url()).status_code == 404
    for url in urls(version):
        assert client.get(url).status_code == 404
    client.logout()
    for url in urls(version):
        assert client.get(url).status_code == 302


def test_the_query_count_of_the_downloads_does_not_grow(client, manager, queries_for):
    process = ProcessFactory(phase=Phase.DEVELOPMENT)
    process.managers.add(manager)
    add_story(process, 2)
    small = services.report_version_save(user=manager, period=QUARTER)
    for n in range(3):
        more = ProcessFactory(phase=Phase.EMERGENCE)
        more.managers.add(manager)
        add_story(more, 6 + n)
    large = services.report_version_save(user=manager, period=QUARTER)
    assert len(large.snapshot["processes"]) > len(small.snapshot["processes"])
    client.force_login(manager)
    for small_url, large_url in zip(urls(small), urls(large), strict=True):
        assert queries_for(client, small_url) == queries_for(client, large_url)


def test_the_pdf_fetches_nothing():
    from dashboard.report_files import _no_fetching

    for url in ["https://fonts.example.org/font.woff2", "file:///etc/passwd"]:
        with pytest.raises(ValueError, match="Not fetched"):
            _no_fetching().fetch(url)
