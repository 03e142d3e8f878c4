"""A resident at the front door, on a 320-pixel screen: from the home page to their
neighbourhood in one click, the next information evening into their calendar, "Ik kom"
confirmed from the e-mail; the process manager then finds them on that evening's
attendance."""

import datetime
import re
import zoneinfo
from pathlib import Path

import icalendar
import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.e2e.helpers import NARROW, log_in, mail_to, reflow_problems, staff_user
from tests.initiatives.conftest import links_in
from tests.initiatives.factories import InitiativeFactory, ProcessFactory, ReflectionFactory
from tests.wei.factories import ActivityFactory
from wei.models import ActivityKind, Phase
from wei.roles import PROCESS_MANAGER


@pytest.mark.django_db(transaction=True)
def test_a_resident_finds_their_neighbourhood_and_puts_the_next_evening_in_their_calendar(
    migration_data, open_page, axe_violations, screenshot, settings
):
    cache.clear()
    settings.PUBLIC_FORM_RATE_LIMIT = "100/h"
    today = timezone.localdate()
    haveltermade = ProcessFactory(phase=Phase.INFORMATION, neighbourhood__name="Haveltermade",
                                  neighbourhood__slug="haveltermade",
                                  neighbourhood__municipality="Meppel")
    ProcessFactory(phase=Phase.EMERGENCE, neighbourhood__name="Koedijkslanden",
                   neighbourhood__slug="koedijkslanden", neighbourhood__municipality="Meppel")
    evening = ActivityFactory(
        process=haveltermade, kind=ActivityKind.INFORMATION_MEETING, is_public=True,
        takes_sign_ups=True, title="Informatieavond in het buurthuis",
        date=today + datetime.timedelta(days=9),
        start_time=datetime.time(19, 30), end_time=datetime.time(21, 30),
        location="Buurthuis De Kansel")
    ActivityFactory(process=haveltermade, is_public=True, title="Wijkcommunity-avond",
                    kind=ActivityKind.COMMUNITY_MEETING, date=today + datetime.timedelta(days=30),
                    start_time=datetime.time(20, 0), location="Buurthuis De Kansel")
    ReflectionFactory(initiative=InitiativeFactory(process=haveltermade,
                                                   title="Buurtmoestuin Haveltermade"))

    page = open_page(**NARROW)
    page.goto("/")
    main = page.get_by_role("main")
    assert "We zoeken bewoners die mee willen doen" in main.inner_text()
    assert axe_violations(page) == []
    assert reflow_problems(page) == []
    screenshot(page, "front-door-home-320px")

    neighbourhoods = page.get_by_role("region", name="De wijken")
    neighbourhoods.get_by_role("link", name="Haveltermade", exact=True).click()
    page.wait_for_url("**/wijken/haveltermade/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Haveltermade")
    assert page.get_by_role("heading", name="Binnenkort").is_visible()
    assert axe_violations(page) == []
    assert reflow_problems(page) == []
    screenshot(page, "front-door-neighbourhood-320px")

    # The first calendar link is the soonest activity: the information evening.
    link = page.get_by_role("link", name=re.compile(r"^Zet in je agenda")).first
    assert link.get_attribute("href") == evening.get_calendar_url()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["SUMMARY"]) == "Informatieavond in het buurthuis"
    assert "Buurthuis De Kansel" in str(event["LOCATION"])
    assert event.decoded("DTSTART") == datetime.datetime.combine(
        evening.date, datetime.time(19, 30), tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))

    # "Ik kom": the form, refused without consent (what was typed stays), then sent.
    page.get_by_role("link", name=re.compile(r"^Ik kom")).first.click()
    page.wait_for_url(f"**/activiteiten/{evening.pk}/ik-kom/")
    assert axe_violations(page) == []
    assert reflow_problems(page) == []
    page.get_by_label("Je naam").fill("Anja de Boer")
    page.get_by_label("Je e-mailadres").fill("anja@example.org")
    page.get_by_role("button", name="Ik kom").click()
    assert page.get_by_label("Je naam").input_value() == "Anja de Boer"
    page.get_by_label("Ik geef toestemming").check()
    page.get_by_role("button", name="Ik kom").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Controleer je mailbox"

    (request,) = mail_to("anja@example.org")
    page.goto(links_in(request)["confirm"])
    page.get_by_role("button", name="Bevestig mijn aanmelding").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Je aanmelding is bevestigd"
    page.goto("/wijken/haveltermade/")
    assert "1 buur komt" in page.get_by_role("main").inner_text()

    manager = staff_user("procesmanager", groups=[PROCESS_MANAGER])
    haveltermade.managers.add(manager)
    log_in(page, "procesmanager", next_url=f"/dashboard/activiteiten/{evening.pk}/")
    page.goto(f"/dashboard/activiteiten/{evening.pk}/")
    signed_up = page.get_by_role("region", name=re.compile(r"^Aangemeld via 'Ik kom'"))
    assert "(1 persoon)" in signed_up.inner_text()
    assert "Anja de Boer" in signed_up.inner_text()
    assert axe_violations(page) == []
