"""The process manager's weekly tasks in the workspace, in Chromium on the demo data,
never opening the admin: start a process in a new neighbourhood and move it on (task 1),
record an information meeting of 8 people of whom 3 are new (task 2, within 3 page
loads and 2 submits), and follow a person's journey and record their steps (task 3).
Each journey counts its page loads and submits, runs axe on every page it visits, and
records every Content-Security-Policy violation (none allowed). The pages are also
checked at 320 px and at 200 % zoom."""

import io
import json

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from participants.models import Attendance, FlowEvent, FlowKind, InflowChannel, Participant
from tests.e2e.helpers import (
    NARROW,
    ZOOMED,
    Counted,
    assert_focus_visible,
    log_in,
    reflow_problems,
    tab_to,
    with_authenticator_app,
)
from wei.models import Activity, Neighbourhood, Phase, PhaseCriterion, Process


@pytest.fixture
def demo(migration_data):
    call_command("seed_demo", stdout=io.StringIO())
    return with_authenticator_app(User.objects.get(username="procesmanager"))


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


@pytest.mark.django_db(transaction=True)
def test_task_1_a_new_neighbourhood_with_its_process_moved_on_with_the_keyboard(
        demo, page, axe_violations, screenshot):
    log_in(page, "procesmanager", "wijkkompas-demo", next_url="/dashboard/")
    counted = Counted(page)
    page.reload()
    counted.start()

    with page.expect_navigation():
        page.get_by_role("link", name="Beginnen in een nieuwe wijk").click()
    counted.check(axe_violations)
    screenshot(page, "workspace-1-new-neighbourhood")
    # First refused (no title): the message is announced, what was typed stays.
    page.get_by_label("Naam van de wijk").fill("Ezinge")
    page.get_by_label("Gemeente").fill("Meppel")
    submit(page, "De wijk toevoegen en het proces starten")
    title = page.get_by_label("Titel van het WEI-proces")
    expect(title).to_have_attribute("aria-invalid", "true")
    assert page.get_by_label("Naam van de wijk").input_value() == "Ezinge"
    counted.check(axe_violations)
    title.fill("Wijkontwikkeling Ezinge")
    submit(page, "De wijk toevoegen en het proces starten")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wijkontwikkeling Ezinge")
    expect(page.get_by_role("status")).to_contain_text("Ezinge is toegevoegd")
    counted.check(axe_violations)
    screenshot(page, "workspace-1-process-page")

    # The checklist is the information phase's only; tick two and move on by keyboard.
    process = Process.objects.get(title="Wijkontwikkeling Ezinge")
    assert list(process.managers.all()) == [demo]
    checklist = page.get_by_role("group", name="Criteria waaraan is voldaan")
    criteria = list(PhaseCriterion.objects.filter(phase=Phase.INFORMATION))
    assert checklist.get_by_role("checkbox").count() == len(criteria)
    assert len(criteria) > 2  # two are ticked, the rest stay unmet
    page.locator("main h1").focus()
    for criterion in criteria[:2]:
        checklist.get_by_label(criterion.text).focus()
        assert_focus_visible(page)
        page.keyboard.press("Space")
    page.get_by_label("Waarom het proces verder gaat").focus()
    assert_focus_visible(page)
    page.keyboard.type("Vijftien bewoners willen met de speeltuin aan de slag.")
    tab_to(page, "Naar de volgende fase", tag="button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # Refused: the criteria not ticked are named beside the confirmation; ticks and
    # rationale stay.
    confirmation = page.locator("#div_id_advance-confirm")
    for criterion in criteria[2:]:
        expect(confirmation).to_contain_text(criterion.text)
    expect(checklist.get_by_label(criteria[0].text)).to_be_checked()
    expect(page.get_by_label("Waarom het proces verder gaat")).to_have_value(
        "Vijftien bewoners willen met de speeltuin aan de slag.")
    expect(page.locator("form[data-step='advance'] .workspace-consequences")).to_be_visible()
    counted.check(axe_violations)
    screenshot(page, "workspace-1-criteria-unmet")
    page.locator("input[name='advance-confirm']").focus()
    assert_focus_visible(page)
    page.keyboard.press("Space")
    tab_to(page, "Naar de volgende fase", tag="button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("naar de volgende fase")
    history = page.get_by_role("region", name="Geschiedenis van de overgangen")
    expect(history).to_contain_text("Vijftien bewoners willen met de speeltuin aan de slag.")
    expect(history).to_contain_text(criteria[0].text)
    counted.check(axe_violations)
    screenshot(page, "workspace-1-process-moved-on")
    process.refresh_from_db()
    assert process.phase == Phase.EMERGENCE
    # the form, the refused form, the process page, the refused step (a criterion not
    # met, not confirmed), the process page after the step
    assert (counted.loads, counted.submits) == (5, 4), counted.visited
    assert not any(f"/{settings.ADMIN_URL}" in url for url in counted.visited)


def five_known_people(process):
    """Five people of the neighbourhood with one name each, not at the meeting yet."""
    people = Participant.objects.filter(neighbourhood=process.neighbourhood,
                                        erased_at__isnull=True).select_related("neighbourhood")
    names = [p.name for p in people]
    return [p for p in people if names.count(p.name) == 1][:5]


@pytest.mark.django_db(transaction=True)
def test_task_2_a_meeting_of_8_people_3_new_in_3_page_loads_and_2_submits(
        demo, page, axe_violations, screenshot):
    process = Process.objects.get(neighbourhood__name="Haveltermade", status="active")
    known = five_known_people(process)
    open_stays = {p.pk for p in known if (state := FlowEvent.objects.filter(
        participant=p, process=process).order_by("-sequence").first()) and (
        state.kind != FlowKind.OUTFLOW)}
    log_in(page, "procesmanager", "wijkkompas-demo", next_url="/dashboard/")
    counted = Counted(page)
    page.reload()
    counted.start()

    # 1. The process page, with the form to record an activity on it.
    page.goto(f"/dashboard/processen/{process.pk}/")
    counted.check(axe_violations)
    form = page.locator("form[action='/dashboard/activiteiten/nieuw/']")
    form.get_by_label("Soort").select_option(label="informatiebijeenkomst")
    form.get_by_label("Titel").fill("Informatieavond over de speeltuin")
    form.get_by_label("Plaats (niet verplicht)").fill("Buurthuis Haveltermade")
    with page.expect_navigation():
        form.get_by_role("button", name="De activiteit opslaan").click()

    # 2. The activity's page: tick five known people found as one types, add three new.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Informatieavond over de speeltuin")
    counted.check(axe_violations)
    search = page.get_by_label("Zoek iemand op naam, postcode of e-mailadres")
    for person in known:
        with page.expect_response(lambda r: "/zoeken/" in r.url):
            search.fill(person.name)
        label = f"{person.name} ({person.postcode}, {person.neighbourhood.name})" if (
            person.postcode) else f"{person.name} ({person.neighbourhood.name})"
        page.get_by_label(label, exact=True).check()
    expect(page.locator("#people-to-tick input:checked")).to_have_count(5)
    screenshot(page, "workspace-2-attendance-ticked")
    newcomers = [("Yara Bos", "7941ab", ""), ("Ahmed Yilmaz", "", "ahmed@example.org"),
                 ("Lotte de Vries", "7943 CD", "")]
    for index, (name, postcode, email) in enumerate(newcomers, start=1):
        row = page.get_by_role("group", name=f"Nieuwe persoon {index}")
        row.get_by_label("Naam").fill(name)
        row.get_by_label("Postcode (niet verplicht)").fill(postcode)
        row.get_by_label("E-mailadres (niet verplicht)").fill(email)
        row.get_by_label("Geeft toestemming", exact=False).check()
    counted.check(axe_violations)
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan wie er kwamen").click()

    # 3. Back on the activity's page, with all eight and what it recorded.
    expect(page.get_by_role("status")).to_contain_text(
        "8 mensen als aanwezig vastgelegd, waarvan 3 nieuw")
    expect(page.get_by_role("heading", name="Wie er kwamen (8 mensen)")).to_be_visible()
    counted.check(axe_violations)
    screenshot(page, "workspace-2-attendance-recorded")
    assert counted.loads <= 3 and counted.submits <= 2, (counted.loads, counted.submits,
                                                         counted.visited)

    activity = Activity.objects.get(title="Informatieavond over de speeltuin")
    assert Attendance.objects.filter(activity=activity).count() == 8
    inflows = FlowEvent.objects.filter(process=process, kind=FlowKind.INFLOW,
                                       occurred_on=activity.date,
                                       channel=InflowChannel.INFORMATION_MEETING,
                                       participant__attendances__activity=activity)
    assert inflows.count() == 8 - len(open_stays)
    assert Participant.objects.get(name="Yara Bos").postcode == "7941 AB"


@pytest.mark.django_db(transaction=True)
def test_task_3_a_persons_journey_with_a_throughflow_and_an_outflow(
        demo, page, axe_violations, screenshot):
    event = (FlowEvent.objects.filter(kind=FlowKind.INFLOW, process__status="active",
                                      role="participant", participant__email__gt="",
                                      occurred_on__lt=timezone.localdate())
             .latest_per_participant().select_related("participant", "process")
             .order_by("occurred_on").first())
    person, process = event.participant, event.process
    log_in(page, "procesmanager", "wijkkompas-demo", next_url="/dashboard/deelnemers/")
    counted = Counted(page)
    page.reload()
    counted.start()

    page.get_by_label("Zoeken", exact=True).fill(person.email)
    with page.expect_navigation():
        page.get_by_role("button", name="Filters toepassen").click()
    with page.expect_navigation():
        page.get_by_role("link", name=person.name, exact=True).click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(person.name)
    expect(heading).to_contain_text(person.neighbourhood.name)
    journey = page.get_by_role("region", name="Verloop")
    expect(journey.get_by_text("Instroom").first).to_be_visible()
    counted.check(axe_violations)
    screenshot(page, "workspace-3-person")

    # A throughflow to a new role.
    page.get_by_text("Doorstroom: een andere fase of rol").click()
    through = page.locator("form[action$='/doorstroom/']")
    through.get_by_label("Nieuwe rol").select_option(label="vrijwilliger")
    with page.expect_navigation():
        through.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De doorstroom is vastgelegd.",
                                                       timeout=2000)
    counted.check(axe_violations)

    # The outflow asks for the reason only: no phase, no role that could be replaced.
    page.get_by_text("Uitstroom, met de reden").click()
    out = page.locator("form[action$='/uitstroom/']")
    assert out.get_by_label("Nieuwe fase").count() == 0 and out.get_by_label("Rol").count() == 0
    with page.expect_navigation():
        out.get_by_role("button", name="Opslaan").click()
    reason = out.get_by_role("combobox", name="Reden")
    expect(reason).to_have_attribute("aria-invalid", "true")
    counted.check(axe_violations)
    reason.select_option(label="betaald werk")
    out.locator("input[name='uitstroom-confirm']").check()  # what it does is listed above
    with page.expect_navigation():
        page.locator("form[action$='/uitstroom/']").get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De uitstroom is vastgelegd.")
    expect(page.get_by_role("region", name="Verloop")).to_contain_text(
        "reden: betaald werk (een resultaat)")
    counted.check(axe_violations)
    screenshot(page, "workspace-3-person-after-outflow")
    last = FlowEvent.objects.filter(participant=person, process=process).latest("sequence")
    assert (last.kind, last.reason, last.role) == (FlowKind.OUTFLOW, "paid_work", "volunteer")

    # The export: first what it holds and whose it is, then the file.
    with page.expect_navigation():
        page.get_by_role("link", name="Persoonsgegevens exporteren", exact=True).click()
    expect(page.get_by_role("heading", name="Je export is gedeeltelijk")).to_be_visible()
    counted.check(axe_violations)
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als bestand (JSON)").click()
    with open(download.value.path(), encoding="utf-8") as file:
        assert json.load(file)["participants"]["participant"]["name"] == person.name
    # the list filtered, the person, after the throughflow, the refused outflow, after it,
    # the export's page; the search, the throughflow, the outflow twice
    assert (counted.loads, counted.submits) == (6, 4), counted.visited
    assert not any(f"/{settings.ADMIN_URL}" in url for url in counted.visited)


@pytest.mark.django_db(transaction=True)
def test_the_workspace_pages_pass_axe_small_and_zoomed(demo, open_page, axe_violations,
                                                       screenshot):
    process = Process.objects.get(neighbourhood__name="Haveltermade", status="active")
    activity = Activity.objects.filter(process=process, date__lte=timezone.localdate()).first()
    person = Participant.objects.filter(flow_events__process=process).first()
    stopped = Process.objects.get(status="stopped")
    pages = {
        "process": f"/dashboard/processen/{process.pk}/",
        "process-stopped": f"/dashboard/processen/{stopped.pk}/",
        "activity": f"/dashboard/activiteiten/{activity.pk}/?q=a",
        "activity-new": f"/dashboard/activiteiten/nieuw/?proces={process.pk}",
        "person": f"/dashboard/deelnemers/{person.pk}/",
        "person-erase": f"/dashboard/deelnemers/{person.pk}/wissen/",
        "person-privacy": f"/dashboard/deelnemers/{person.pk}/privacy/",
        "person-export-readable": f"/dashboard/deelnemers/{person.pk}/export/leesbaar/",
        "neighbourhood-new": "/dashboard/wijken/nieuw/",
    }
    found = {}
    page = open_page()
    log_in(page, "procesmanager", "wijkkompas-demo")
    session = page.context.storage_state()
    for screen, options in {"": {}, "-320px": NARROW, "-zoom-200": ZOOMED}.items():
        if screen:
            page = open_page(storage_state=session, **options)
        for name, url in pages.items():
            response = page.goto(url)
            assert response.status == 200, url
            if not screen:
                screenshot(page, f"workspace-{name}")
                # Every <details> open, so axe reads the forms inside them too.
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                problems = axe_violations(page)
            else:
                problems = reflow_problems(page)
            if problems:
                found[url + screen] = problems
    assert found == {}
    assert Neighbourhood.objects.count() == 4
