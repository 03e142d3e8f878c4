"""A process manager makes the quarterly report of one neighbourhood on the demo data, in
Chromium: leaves out one reflection, writes what they learned, saves a version and
downloads it as PDF and XLSX. Every page passes axe."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from dashboard.models import ReportVersion
from initiatives.models import Initiative, Reflection
from participants.models import Participant
from tests.e2e.helpers import Counted, log_in, with_authenticator_app


@pytest.fixture
def demo(migration_data):
    call_command("seed_demo", stdout=io.StringIO())
    return with_authenticator_app(User.objects.get(username="procesmanager"))


@pytest.mark.django_db(transaction=True)
def test_a_process_manager_hands_over_a_quarterly_report(demo, page, axe_violations,
                                                         screenshot):
    garden = Initiative.objects.get(slug="buurtmoestuin-haveltermade")
    today = timezone.localdate()
    Reflection.objects.create(initiative=garden, date=today, what_we_did="Samen geoogst.",
                              is_public=True)
    private = Reflection.objects.create(initiative=garden, date=today,
                                        what_we_did="Onenigheid over de sleutel.")
    log_in(page, "procesmanager", "wijkkompas-demo", next_url="/dashboard/")
    counted = Counted(page)
    counted.start()
    page.get_by_role("link", name="Verantwoording over een periode maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verantwoording")
    page.get_by_label("Wijk", exact=True).select_option(value=garden.neighbourhood.slug)
    page.get_by_label("Periode", exact=True).select_option(label="Dit kwartaal")
    with page.expect_navigation():
        page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(garden.neighbourhood.name)
    expect(page.get_by_text("Samen geoogst.")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "report-1-quarter")

    page.locator(f"#reflection-{private.pk}").uncheck()
    page.get_by_role("textbox", name="Wat we leerden").fill("Weinig acties, met een lange adem.")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan als versie").click()
    expect(page.locator(".report-saved")).to_contain_text("Versie opgeslagen op")
    expect(page.get_by_text("Weinig acties, met een lange adem.")).to_be_visible()
    expect(page.get_by_text("Samen geoogst.")).to_be_visible()
    expect(page.get_by_text("Onenigheid over de sleutel.")).to_have_count(0)
    assert axe_violations(page) == []
    screenshot(page, "report-2-version")
    version = ReportVersion.objects.get()
    assert version.neighbourhood == garden.neighbourhood and private.pk not in version.reflections

    # The version goes out as a PDF and a spreadsheet, named after its neighbourhood and period.
    for name, extension in [("PDF downloaden", "pdf"), ("Spreadsheet downloaden (XLSX)", "xlsx")]:
        with page.expect_download() as download:
            page.get_by_role("link", name=name).click()
        assert download.value.suggested_filename == (
            f"verantwoording-{garden.neighbourhood.slug}-{version.period_start}"
            f"-{version.period_end}.{extension}")

    # Published for residents: a confirmation that says what becomes public, then the
    # address, which anyone opens without an account.
    with page.expect_navigation():
        page.get_by_role("link", name="Publiceren voor bewoners…").click()
    expect(page.get_by_role("heading", name="Wat openbaar wordt")).to_be_visible()
    counted.check(axe_violations)
    with page.expect_navigation():
        page.get_by_role("button", name="Publiceren", exact=True).click()
    address = page.locator(".report-publication a").first
    expect(address).to_contain_text(f"/wijken/{garden.neighbourhood.slug}/verslag/")
    # Report, chosen quarter, saved version, confirmation, published: 5 loads, 3 submits.
    assert (counted.loads, counted.submits) == (5, 3), counted.visited
    public_url = address.get_attribute("href")

    page.context.clear_cookies()
    page.goto(public_url)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Samen geoogst.")
    expect(main).to_contain_text("Weinig acties, met een lange adem.")
    expect(main.get_by_text("Onenigheid over de sleutel.")).to_have_count(0)
    html = page.content()
    for person in Participant.objects.filter(neighbourhood=garden.neighbourhood)[:50]:
        assert person.name not in html and person.email not in html
    assert "procesmanager" not in html
    assert axe_violations(page) == []
    screenshot(page, "report-3-public")
