"""The process manager's weekly tasks in the product's own pages, on the demo data, in
Chromium, never opening /beheer/: following up the website's sign-ups (an idea published,
another declined by e-mail, a withdrawal seen), working on an initiative (members,
reflection, a money flow of "2.500", support, publishing), and importing a list of 50
people. Each journey counts its page loads and submits; every page passes axe and works
on a 320-pixel screen and at 200 % zoom."""

import io
import re

import pytest
import tablib
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import expect

from initiatives.models import FollowUp, FollowUpKind, Initiative, Membership, MoneyFlow
from participants.models import FlowEvent, FlowKind, Participant
from tests.e2e.helpers import (
    NARROW,
    ZOOMED,
    log_in,
    mail_to,
    reflow_problems,
    tab_to,
    tab_to_field,
    with_authenticator_app,
)
from wei import access

ADMIN = "/beheer/"


@pytest.fixture
def demo(migration_data):
    call_command("seed_demo", stdout=io.StringIO())
    return with_authenticator_app(User.objects.get(username="procesmanager"))


class Steps:
    """Counts what the user does: page loads (every page the browser shows) and submits."""

    def __init__(self, page):
        self.loads = self.submits = 0
        self.visited = []
        page.on("framenavigated", self._navigated)
        page.on("request", self._requested)
        self.page = page

    def _navigated(self, frame):
        if frame == self.page.main_frame:
            self.loads += 1
            self.visited.append(frame.url)

    def _requested(self, request):
        if request.is_navigation_request() and request.method == "POST":
            self.submits += 1

    def never_the_admin(self):
        assert not [url for url in self.visited if ADMIN in url], self.visited


def start(page, demo):
    """Logged in, on the dashboard: from here on every page and submit counts."""
    log_in(page, "procesmanager", "wijkkompas-demo", next_url="/dashboard/")
    return Steps(page)


@pytest.mark.django_db(transaction=True)
def test_a_process_manager_follows_up_the_websites_sign_ups(
        demo, page, axe_violations, screenshot):
    steps = start(page, demo)
    waiting = page.locator(".waiting-count")
    expect(waiting).to_contain_text("wachten op opvolging")
    with page.expect_navigation():
        waiting.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opvolging")
    expect(page.get_by_role("link", name="Afmelding: Mila Janssen")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "workspace-1-followup-inbox")
    # The withdrawal was e-mailed to the process manager when it happened.
    assert any("Mila Janssen" in m.body for m in mail_to(demo.email))

    # An idea, reviewed and published with its aims, form and theme.
    page.get_by_role("link", name="Voorgesteld idee: Lotte Smit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voorgesteld idee: Lotte Smit")
    assert axe_violations(page) == []
    screenshot(page, "workspace-2-idea-review")
    page.get_by_label("Doelen voor mensen").fill("Kinderen en ouderen plukken samen fruit.")
    page.get_by_label("Eenmalige actie").check()
    page.get_by_label("Groen").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Publiceren als initiatief").click()
    expect(page.get_by_role("status").first).to_contain_text("is gepubliceerd als initiatief")
    expect(page.get_by_role("heading", level=1)).to_have_text("Een pluktuin achter de school")
    published = Initiative.objects.get(title="Een pluktuin achter de school")
    assert published.is_public and published.form == "one_off"

    # Another idea, declined with a message, with the keyboard only.
    page.get_by_role("navigation", name="Onderdelen van het dashboard").get_by_role(
        "link", name="Opvolging").click()
    page.get_by_role("link", name="Voorgesteld idee: Ahmed Yilmaz").click()
    page.wait_for_load_state("load")  # the focus ring is drawn by the stylesheet
    tab_to_field(page, "id_message", limit=120)
    page.keyboard.type("Het wijkcentrum is al vol geboekt. Kom je meedenken over de zomer?")
    tab_to(page, "Afwijzen en het bericht versturen", tag="button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Het idee is afgewezen")
    [declined] = [m for m in mail_to("ahmed.demo@example.nl") if "Buurtbioscoop" in m.subject]
    assert "Het wijkcentrum is al vol geboekt." in declined.body

    # A sign-up followed up from its row in the inbox.
    page.get_by_role("link", name="Opvolging").first.click()
    page.get_by_label("Status van Noor Hendriks").select_option(label="contact gehad")
    page.get_by_label("Status van Noor Hendriks").locator("xpath=../..").get_by_role(
        "button", name="De status opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Noor Hendriks is nu “contact gehad”")
    noor = FollowUp.objects.get(signup__name="Noor Hendriks", kind=FollowUpKind.JOIN)
    assert noor.status == "contacted" and noor.handled_by == demo
    assert axe_violations(page) == []

    steps.never_the_admin()
    # From the dashboard: inbox, idea, published (POST), inbox, idea, declined (POST),
    # inbox, saved (POST).
    assert (steps.loads, steps.submits) == (8, 3), steps.visited


@pytest.mark.django_db(transaction=True)
def test_a_process_manager_works_on_an_initiative(demo, page, axe_violations, screenshot):
    initiative = Initiative.objects.get(slug="buurtmoestuin-haveltermade")
    newcomer = (access.visible(demo, Participant.objects.filter(
        neighbourhood=initiative.neighbourhood)).exclude(memberships__initiative=initiative)
        .order_by("name").first())
    steps = start(page, demo)
    page.get_by_role("navigation", name="Onderdelen van het dashboard").get_by_role(
        "link", name="Burgerinitiatieven").click()
    page.get_by_role("link", name="Buurtmoestuin Haveltermade").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buurtmoestuin Haveltermade")
    assert axe_violations(page) == []
    screenshot(page, "workspace-3-initiative")

    # A member: found by name, told apart by postcode and neighbourhood, added.
    page.locator("input[name=q]").fill(newcomer.name)
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("combobox", name=re.compile("^Persoon")).select_option(index=1)
    page.get_by_role("combobox", name=re.compile("^Rol")).select_option(label="vrijwilliger")
    page.get_by_role("button", name="Toevoegen als lid").click()
    expect(page.get_by_role("status").first).to_contain_text("is nu lid van")
    assert Membership.objects.filter(initiative=initiative, participant=newcomer,
                                     ended_on__isnull=True).exists()

    # A member leaves.
    leaving = Membership.objects.filter(initiative=initiative, ended_on__isnull=True).exclude(
        participant=newcomer).select_related("participant").first()
    page.get_by_text(f"Het lidmaatschap van {leaving.participant.name} beëindigen").click()
    end_form = page.locator(f"form[action$='/leden/{leaving.pk}/einde/']")
    end_form.get_by_role("combobox", name=re.compile("^Reden")).select_option(
        label="betaald werk")
    end_form.get_by_role("button", name="Het lidmaatschap beëindigen").click()
    expect(page.get_by_role("status").first).to_contain_text("is geen lid meer")

    # A reflection, with the Action Learning questions.
    page.get_by_role("textbox", name=re.compile(r"^Wat hebben we gedaan\?")).fill(
        "We hebben de eerste oogst gedeeld.")
    page.get_by_role("textbox", name=re.compile(r"^Wat hebben we geleerd\?")).fill(
        "Samen oogsten trekt nieuwe buren.")
    page.get_by_role("button", name="De reflectie vastleggen").click()
    expect(page.get_by_role("status").first).to_contain_text("De reflectie is vastgelegd.")

    # A money flow typed the Dutch way.
    page.get_by_role("combobox", name=re.compile("^Bron")).select_option(label="Woonconcept")
    page.get_by_role("textbox", name=re.compile(r"^Bedrag \(euro\)")).fill("2.500")
    page.get_by_role("textbox", name=re.compile("^Doel")).fill("Regenton en gereedschap")
    page.locator("#id_period_start").fill("2026-01-01")
    page.locator("#id_period_end").fill("2026-12-31")
    page.get_by_role("button", name="De geldstroom vastleggen").click()
    expect(page.get_by_role("status").first).to_contain_text("€ 2.500,00 van Woonconcept")
    assert MoneyFlow.objects.filter(initiative=initiative, amount=2500).exists()

    # Support, and off the public pages and on again.
    page.get_by_label("Heeft coaching nodig").check()
    page.get_by_role("button", name="De gevraagde steun opslaan").click()
    page.get_by_role("button", name="Van de openbare pagina’s halen").click()
    expect(page.get_by_role("status").first).to_contain_text("niet meer getoond")
    page.get_by_role("button", name="Tonen op de openbare pagina’s").click()
    initiative.refresh_from_db()
    assert initiative.is_public and initiative.needs_coaching
    assert axe_violations(page) == []

    steps.never_the_admin()
    # From the dashboard: the list, the page, a search, then seven submits each coming
    # back to the page.
    assert (steps.loads, steps.submits) == (10, 7), steps.visited


def the_list(demo):
    neighbourhood = access.visible(demo, Participant.objects.exclude(neighbourhood=None)
                                   ).first().neighbourhood
    rows = [[f"Importbewoner {n}", f"import{n}@lijst.example", "06 1234 5678", "7941 AB",
             neighbourhood.name] for n in range(47)]
    rows.append(["Verkeerd Adres", "geen-adres", "", "", neighbourhood.name])
    rows.append(["Nergens", "nergens@lijst.example", "", "", "Atlantis"])
    rows.append(["Dubbel", "import3@lijst.example", "", "", neighbourhood.name])
    data = tablib.Dataset(*rows, headers=["Naam", "E-mail", "Telefoon", "Postcode", "Wijk"])
    return data.export("csv", delimiter=";").encode("utf-8-sig")


@pytest.mark.django_db(transaction=True)
def test_a_process_manager_imports_a_list_of_50_people(
        demo, page, axe_violations, screenshot, tmp_path):
    path = tmp_path / "presentielijst.csv"
    path.write_bytes(the_list(demo))
    steps = start(page, demo)
    page.get_by_role("navigation", name="Onderdelen van het dashboard").get_by_role(
        "link", name="Mensen importeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mensen importeren")
    assert axe_violations(page) == []
    screenshot(page, "workspace-4-import-upload")
    page.get_by_label("Lijst van mensen (CSV of XLSX)").set_input_files(str(path))
    page.get_by_label("Hoe kwamen deze mensen binnen?").select_option(
        label="informatiebijeenkomst")
    page.get_by_label("Hoe gaven zij die?").fill("Presentielijst informatieavond getekend")
    page.get_by_label(re.compile("Iedereen op deze lijst")).check()
    page.get_by_role("button", name="De lijst inlezen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("De lijst controleren")
    expect(page.get_by_role("status").first).to_contain_text("50 rijen ingelezen")
    problems = page.get_by_role("table", name="Rijen met problemen")
    expect(problems).to_contain_text("“geen-adres” is geen e-mailadres.")
    expect(problems).to_contain_text("Onbekende wijk “Atlantis”.")
    expect(problems).to_contain_text("Dezelfde persoon als rij 5.")
    assert axe_violations(page) == []
    screenshot(page, "workspace-5-import-preview")

    page.get_by_role("button", name="47 mensen importeren").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Er is niets geïmporteerd: 3 rijen hebben problemen.")
    assert not Participant.objects.filter(email__endswith="@lijst.example").exists()
    assert axe_violations(page) == []

    page.get_by_label("Laat de rijen met problemen weg en importeer de andere").check()
    page.get_by_role("button", name="47 mensen importeren").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "47 mensen geïmporteerd uit presentielijst.csv.")
    imported = Participant.objects.filter(email__endswith="@lijst.example")
    assert imported.count() == 47
    assert FlowEvent.objects.filter(participant__in=imported, kind=FlowKind.INFLOW,
                                    channel="information_meeting").count() == 47
    screenshot(page, "workspace-6-imported")

    steps.never_the_admin()
    # From the dashboard: upload, preview, refused, imported (the participant list).
    assert (steps.loads, steps.submits) == (4, 3), steps.visited


@pytest.mark.django_db(transaction=True)
def test_every_workspace_page_passes_axe_small_and_zoomed(
        demo, open_page, axe_violations, tmp_path):
    idea = FollowUp.objects.filter(kind=FollowUpKind.IDEA).first()
    initiative = Initiative.objects.get(slug="buurtmoestuin-haveltermade")
    pages = {
        "inbox": "/dashboard/opvolging/",
        "inbox-done": "/dashboard/opvolging/?status=done",
        "idea": f"/dashboard/opvolging/{idea.pk}/",
        "initiative": f"/dashboard/initiatieven/{initiative.pk}/",
        "initiative-search": f"/dashboard/initiatieven/{initiative.pk}/?q=a",
        "import": "/dashboard/importeren/",
        "import-preview": "/dashboard/importeren/controleren/",
    }
    path = tmp_path / "lijst.csv"
    path.write_bytes(the_list(demo))
    page = open_page()
    log_in(page, "procesmanager", "wijkkompas-demo", next_url="/dashboard/importeren/")
    # A list waiting in the session, so the preview has rows and problems to show.
    page.get_by_label("Lijst van mensen (CSV of XLSX)").set_input_files(str(path))
    page.get_by_label("Hoe gaven zij die?").fill("Presentielijst")
    page.get_by_label(re.compile("Iedereen op deze lijst")).check()
    page.get_by_role("button", name="De lijst inlezen").click()
    session = page.context.storage_state()
    found = {}
    for screen, options in {"": {}, "-320px": NARROW, "-zoom-200": ZOOMED}.items():
        if screen:
            page = open_page(storage_state=session, **options)
        for name, url in pages.items():
            response = page.goto(url)
            assert response.status == 200, url
            problems = axe_violations(page) if not screen else reflow_problems(page)
            if problems:
                found[name + screen] = problems
    assert found == {}
