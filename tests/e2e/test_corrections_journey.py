"""A process manager corrects what was recorded, in Chromium and in Dutch: a wrong
outflow reason (and sees the report's figures follow), and a person put into the
wrong process (withdrawn, leaving no trace in the counts but the correction itself).
axe on every page; page loads and submits counted."""

import datetime

import pytest
from playwright.sync_api import expect

from participants import services as flow
from participants.models import FlowEvent, FlowTally
from tests.e2e.helpers import Counted, log_in, staff_user
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ProcessFactory
from wei.models import Phase
from wei.roles import PROCESS_MANAGER


def click(page, role, name):
    with page.expect_navigation():
        page.get_by_role(role, name=name).click()


@pytest.mark.django_db(transaction=True)
def test_a_process_manager_corrects_an_outflow_and_a_wrong_process(
        migration_data, page, axe_violations):
    today = datetime.date.today()
    manager = staff_user("petra", groups=[PROCESS_MANAGER], first_name="Petra",
                         last_name="Prins")
    home = ProcessFactory(title="Samen Oosterboer", phase=Phase.DEVELOPMENT,
                          neighbourhood__name="Oosterboer")
    wrong = ProcessFactory(title="Berggierslanden leeft", phase=Phase.EMERGENCE,
                           neighbourhood__name="Berggierslanden")
    for process in (home, wrong):
        process.managers.add(manager)
    yara = ParticipantFactory(name="Yara Yilmaz", neighbourhood=home.neighbourhood)
    flow.participant_flow_in(participant=yara, process=home, occurred_on=today,
                             channel="organizer", phase=Phase.INFORMATION)
    outflow = flow.participant_flow_out(participant=yara, process=home, occurred_on=today,
                                        reason="own_business")
    misplaced = flow.participant_flow_in(participant=yara, process=wrong, occurred_on=today,
                                         channel="organizer")
    counted = Counted(page)
    main = page.get_by_role("main")

    log_in(page, "petra", next_url=f"/dashboard/deelnemers/{yara.pk}/")
    counted.start()

    # The outflow was "eigen bedrijf"; she moved away instead.
    with page.expect_navigation():
        page.locator(f'a[href$="/stromen/{outflow.pk}/corrigeren/"]').click()
    counted.check(axe_violations)
    expect(page.get_by_role("heading", level=1)).to_have_text("Een gegeven corrigeren")
    page.get_by_role("combobox", name="Reden").select_option(label="verhuisd")
    page.get_by_label("Waarom wordt dit gecorrigeerd?").first.fill(
        "Verhuisd naar Zwolle, geen eigen bedrijf.")
    click(page, "button", "Correctie opslaan")
    expect(main).to_contain_text("De correctie is vastgelegd")
    expect(main).to_contain_text("Gecorrigeerd op")
    expect(main).to_contain_text("Verhuisd naar Zwolle, geen eigen bedrijf.")
    counted.check(axe_violations)

    page.goto(f"/dashboard/verantwoording/?periode=kwartaal&wijk={home.neighbourhood.slug}")
    reasons = page.get_by_role("table", name="Uitstroom per reden, resultaten eerst")
    # This period's column: the outflow counts as moved away, no longer as an outcome.
    expect(reasons.locator("tr", has_text="Verhuisd").locator("td").first).to_have_text("1")
    expect(reasons.locator("tr", has_text="Eigen bedrijf").locator("td").first).to_have_text(
        "0")
    counted.check(axe_violations)

    # Put into Berggierslanden by mistake: withdrawn.
    page.goto(f"/dashboard/deelnemers/{yara.pk}/")
    with page.expect_navigation():
        page.locator(f'a[href$="/stromen/{misplaced.pk}/corrigeren/"]').click()
    page.locator("#id_withdraw-why").fill("Verkeerde wijk gekozen.")
    click(page, "button", "Gegeven intrekken")
    expect(main).to_contain_text("Het gegeven is ingetrokken")
    expect(page.locator("#now-heading + p")).to_have_text(
        "Doet nu niet mee aan een proces.")
    counted.check(axe_violations)
    assert not FlowTally.objects.filter(process=wrong, events__gt=0).exists()
    assert not FlowEvent.objects.filter(process=wrong).exists()
    assert FlowEvent.history.filter(process=wrong).count() == 1

    # Two corrections, each: open the record, submit once; plus two pages read.
    assert counted.submits == 2, counted.visited
    assert counted.loads == 6, counted.visited
