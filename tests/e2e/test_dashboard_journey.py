"""The process manager's dashboard on the demo data, in Chromium: reading the overview,
filtering a list and downloading exactly what is filtered as CSV; and every dashboard
page without axe violations, on a 320-pixel screen and at 200 % zoom."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import expect

from participants.models import FlowEvent, FlowKind
from tests.e2e.helpers import NARROW, ZOOMED, log_in, reflow_problems, with_authenticator_app
from wei import access
from wei.models import Neighbourhood

PAGES = {
    "overview": "/dashboard/",
    "participants": "/dashboard/deelnemers/",
    "initiatives": "/dashboard/initiatieven/",
    "flow-events": "/dashboard/stromen/",
}


@pytest.fixture
def demo(migration_data):
    call_command("seed_demo", stdout=io.StringIO())
    return with_authenticator_app(User.objects.get(username="procesmanager"))


def outflow_neighbourhood(user):
    """A neighbourhood of this process manager where people have flowed out."""
    outflows = access.visible(user, FlowEvent.objects.filter(kind=FlowKind.OUTFLOW))
    return Neighbourhood.objects.get(pk=outflows.values("process__neighbourhood")[:1])


@pytest.mark.django_db(transaction=True)
def test_a_process_manager_reads_the_dashboard_and_exports_a_filtered_csv(
    demo, page, axe_violations, screenshot
):
    log_in(page, "procesmanager", "wijkkompas-demo", next_url="/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_role("heading", level=2).first).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "dashboard-1-overview")

    # One neighbourhood at a glance.
    neighbourhood = outflow_neighbourhood(demo)
    name = neighbourhood.name
    page.get_by_label("Wijk", exact=True).select_option(label=str(neighbourhood))
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dashboard: {name}")
    assert axe_violations(page) == []
    screenshot(page, "dashboard-2-neighbourhood")

    # Who flowed out there: filter the list, then take exactly that along as CSV.
    page.get_by_role("navigation", name="Onderdelen van het dashboard").get_by_role(
        "link", name="Instroom, doorstroom en uitstroom").click()
    page.get_by_label("Wijk", exact=True).select_option(label=str(neighbourhood))
    page.get_by_label("Soort", exact=True).select_option(label="uitstroom")
    page.get_by_role("button", name=re.compile(r"^Filter")).click()
    status = page.get_by_role("status").filter(has_text="voldo")
    expect(status).to_contain_text("aan de filters")
    shown = int(re.search(r"(\d+) rij", status.inner_text()).group(1))
    assert shown > 0
    assert axe_violations(page) == []
    screenshot(page, "dashboard-3-outflow-filtered")

    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als CSV (alles wat gefilterd is)").click()
    assert re.fullmatch(r"stromen-\d{4}-\d{2}-\d{2}\.csv", download.value.suggested_filename)
    with open(download.value.path(), encoding="utf-8-sig", newline="") as file:
        header, *rows = list(csv.reader(file, delimiter=";"))
    assert header[:4] == ["Datum", "Naam", "Wijk", "Soort"]
    assert len(rows) == shown
    assert {(row[2], row[3]) for row in rows} == {(name, "uitstroom")}
    assert all(row[7] for row in rows), "every outflow has its reason"


@pytest.mark.django_db(transaction=True)
def test_every_dashboard_page_passes_axe_small_and_zoomed(
    demo, open_page, axe_violations, screenshot
):
    pages = {**PAGES, "participants-page-2": "/dashboard/deelnemers/?pagina=2",
             "initiatives-filtered": "/dashboard/initiatieven/?fase=idea&steun=true"}
    found = {}
    page = open_page()
    log_in(page, "procesmanager", "wijkkompas-demo")
    session = page.context.storage_state()
    for screen, options in {"": {}, "-320px": NARROW, "-zoom-200": ZOOMED}.items():
        if screen:  # the same session on another screen: a code is used only once
            page = open_page(storage_state=session, **options)
        for name, url in pages.items():
            response = page.goto(url)
            assert response.status == 200, url
            if not screen:
                screenshot(page, f"dashboard-{name}")
                violations = axe_violations(page)
            else:
                violations = reflow_problems(page)
            if violations:
                found[url + screen] = violations
    assert found == {}
