"""A resident on a phone (320 CSS pixels) asks an initiative a question and confirms it
from the e-mail; only then does it reach the process manager, as a follow-up."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from initiatives.models import FollowUp, FollowUpKind
from tests.e2e.helpers import NARROW, horizontal_overflow, mail_to
from tests.e2e.test_resident_journeys import queued_mail  # noqa: F401 (a fixture)
from tests.initiatives.conftest import links_in
from tests.initiatives.factories import InitiativeFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_a_resident_asks_a_question_and_confirms_it_from_the_e_mail(
    migration_data, open_page, axe_violations, screenshot, queued_mail, settings,  # noqa: F811
):
    cache.clear()
    settings.PUBLIC_FORM_RATE_LIMIT = "100/h"
    kitchen = InitiativeFactory(title="Buurtkeuken De Pan", slug="buurtkeuken-de-pan")
    kitchen.process.managers.add(UserFactory(email="petra@gemeente.example.org"))
    page = open_page(**NARROW)

    page.goto(kitchen.get_absolute_url())
    page.get_by_role("link", name="Stel een vraag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Stel Buurtkeuken De Pan een vraag")
    assert horizontal_overflow(page) == 0
    assert axe_violations(page) == []

    page.get_by_label("Je vraag").fill("Kan ik ook meekoken als ik geen vlees eet?")
    page.get_by_label("Je naam").fill("Samira Bakker")
    page.get_by_label("Je e-mailadres").fill("samira@example.org")
    assert axe_violations(page) == []
    page.get_by_label("Ik geef toestemming").check()
    page.get_by_role("button", name="Verstuur mijn vraag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer je mailbox")
    screenshot(page, "journey-question-1-sent")

    queued_mail()
    [request] = mail_to("samira@example.org")
    assert request.subject == "Bevestig je vraag"
    assert mail_to("petra@gemeente.example.org") == []  # nothing before the confirmation
    # The button of the HTML part and the link of the plain text lead to the same page.
    html = next(content for content, kind in request.alternatives if kind == "text/html")
    confirm = links_in(request)["confirm"]
    assert re.search(r'<a href="[^"]*' + re.escape(confirm) + r'"[^>]*>Bevestig mijn vraag</a>',
                     html)
    page.goto(confirm)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevestig je vraag")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Bevestig mijn vraag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je vraag is bevestigd")
    assert horizontal_overflow(page) == 0
    assert axe_violations(page) == []
    screenshot(page, "journey-question-2-confirmed")

    queued_mail()
    [notice] = mail_to("petra@gemeente.example.org")
    assert "Kan ik ook meekoken" in notice.body
    followup = FollowUp.objects.get()
    assert followup.kind == FollowUpKind.QUESTION
    assert followup.signup.initiative == kitchen
