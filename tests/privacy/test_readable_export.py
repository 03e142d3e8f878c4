"""The privacy export in the back office: a page that says, before downloading, what
the export holds and whose it is, and a readable version in Dutch beside the JSON."""

import datetime
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from dashboard.readable_export import LABELS, SECTIONS, readable_sections
from initiatives.services import membership_start
from nieuweroute.services import conversation_record, invitation_send
from participants.privacy import participant_export
from participants.services import attendance_record, participant_flow_in
from tests.initiatives.factories import InitiativeFactory
from tests.nieuweroute.factories import RouteFactory
from tests.privacy.conftest import ANJA_TRACES, BERT_TRACES
from tests.wei.factories import (
    ActivityFactory,
    ProcessFactory,
    ProcessManagerFactory,
    UserFactory,
)
from wei.roles import FACILITATOR, STEERING_MEMBER

pytestmark = pytest.mark.django_db


def url(name, person):
    return reverse(f"dashboard:{name}", args=[person.pk])


def readable(client, person):
    response = client.get(url("person_export_readable", person))
    assert response.status_code == 200
    return response.content.decode()


def sections_of(html) -> dict[str, int]:
    """Section key → how many rows it shows."""
    parts = re.split(r'<section aria-labelledby="deel-', html)[1:]
    return {part.split('"', 1)[0]: part.split("</section>", 1)[0].count('class="workspace-facts'
                                                                         ' export-row')
            for part in parts}


def leaves(data):
    """Every filled-in value of the export, as its rows hold them."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not key.endswith("_label") and f"{key}_label" not in data:
                yield from leaves(value)
            elif key.endswith("_label"):
                yield value
    elif isinstance(data, list):
        for item in data:
            yield from leaves(item)
    elif isinstance(data, str) and data:
        yield data


def test_every_part_and_field_of_the_export_has_a_place_in_the_readable_version(admin_user,
                                                                                 world):
    data = participant_export(participant=world.anja, user=admin_user)
    parts = {(app, part) for app, value in data.items() if app not in ("export", "mail")
             for part in value} | {("mail", None)}
    assert parts == set(SECTIONS)
    keys = set()
    for row in leaves_rows(data):
        keys |= {key for key in row if not key.endswith("_label")}
    assert keys <= set(LABELS)
    readable_sections(data)  # no KeyError


def leaves_rows(data):
    for app, value in data.items():
        if app == "export":
            continue
        rows = value if isinstance(value, list) else [
            row for part in value.values() for row in (part if isinstance(part, list)
                                                       else [part])]
        yield from rows


def test_the_readable_version_lists_what_the_json_holds_in_dutch(admin_client, world):
    data = json.loads(admin_client.get(url("person_export", world.anja)).content)
    admin_client.cookies["django_language"] = "en"  # the resident's copy is Dutch anyway
    html = readable(admin_client, world.anja)
    assert '<html lang="nl"' in html
    rows = sections_of(html)
    for (app, part), _title in SECTIONS.items():
        found = data[app] if part is None else data[app][part]
        assert rows[f"{app}-{part}" if part else app] == (
            len(found) if isinstance(found, list) else 1), (app, part)
    for trace in ANJA_TRACES:
        assert trace in html, trace
    assert data["export"]["scope_explained"] in html
    for value in set(leaves({app: part for app, part in data.items() if app != "export"})):
        if not re.match(r"\d{4}-\d\d-\d\d", value):  # dates: written out, below
            # A language and a mail's state are named in Dutch, not by their codes.
            shown = {"nl": "Nederlands", "sent": "verstuurd"}.get(value, value)
            assert shown.split("\n")[0] in html, value
    for trace in BERT_TRACES[1:]:
        assert trace not in html
    # Dates written out in Dutch, not as ISO dates.
    assert "5 februari 2024" in html and "2 juni 2025" in html
    assert "2024-02-05" not in html
    assert 'data-scope="complete"' in html


def test_a_managers_readable_version_is_partial_like_the_json(client, world):
    client.force_login(world.manager)
    data = json.loads(client.get(url("person_export", world.anja)).content)
    assert data["export"]["scope"] == "partial"
    html = readable(client, world.anja)
    assert 'data-scope="partial"' in html
    assert sections_of(html)["mail"] == 0 and "Bevestig je aanmelding" not in html


def test_the_page_before_downloading_says_what_the_export_holds_and_whose_it_is(
        client, admin_client, world):
    page = admin_client.get(url("person_privacy", world.anja)).content.decode()
    assert 'data-scope="complete"' in page and 'id="export-partial-lacks"' not in page
    for name in ("person_export", "person_export_readable"):
        assert f'href="{url(name, world.anja)}"' in page
    with translation.override("nl"):
        for title in SECTIONS.values():
            assert str(title) in page

    client.force_login(world.manager)
    page = client.get(url("person_privacy", world.anja)).content.decode()
    assert 'data-scope="partial"' in page and 'id="export-partial-lacks"' in page
    with translation.override("nl"):
        assert f"<li>{SECTIONS['mail', None]}</li>" not in page  # a superuser's part only
    assert 'id="export-out-of-sight"' not in page  # all of Anja lies in Petra's sight
    elsewhere = ProcessFactory(neighbourhood__name="Oosterboer")
    participant_flow_in(participant=world.anja, process=elsewhere,
                        occurred_on=datetime.date(2025, 9, 1), channel="other")
    page = client.get(url("person_privacy", world.anja)).content.decode()
    assert 'id="export-out-of-sight"' in page


def test_the_persons_page_leads_to_the_page_before_downloading(client, world):
    client.force_login(world.manager)
    html = client.get(url("person", world.anja)).content.decode()
    assert f'href="{url("person_privacy", world.anja)}"' in html


def staff(group):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.mark.parametrize("name", ["person_privacy", "person_export_readable"])
def test_the_export_pages_open_as_the_json_does(client, world, name):
    # Anonymous: to the login.
    response = client.get(url(name, world.anja))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]
    # A steering-group member and staff without a role have no back office.
    for user in (staff(STEERING_MEMBER), UserFactory(is_staff=True)):
        client.force_login(user)
        assert client.get(url(name, world.anja)).status_code == 403
        assert client.get(url("person_export", world.anja)).status_code == 403
    # A manager or facilitator elsewhere: Anja is out of sight, as for the JSON.
    other = ProcessManagerFactory()
    ProcessFactory(neighbourhood__name="Oosterboer").managers.add(other)
    for user in (other, staff(FACILITATOR)):
        client.force_login(user)
        assert client.get(url(name, world.anja)).status_code == 404
        assert client.get(url("person_export", world.anja)).status_code == 404
    client.force_login(world.manager)
    assert client.get(url(name, world.anja)).status_code == 200


@pytest.mark.parametrize("name", ["person_privacy", "person_export_readable"])
def test_the_export_pages_cost_the_same_however_much_is_recorded(
        client, world, queries_for, name):
    client.force_login(world.manager)
    before = queries_for(client, url(name, world.anja))
    # More of every kind: activities, stays, initiatives, conversations, invitations.
    for index in range(3):
        process = ProcessFactory(neighbourhood__name=f"Wijk {index}")
        process.managers.add(world.manager)
        attendance_record(activity=ActivityFactory(process=process), participant=world.anja)
        participant_flow_in(participant=world.anja, process=process,
                            occurred_on=datetime.date(2025, 10, index + 1), channel="other")
        membership_start(participant=world.anja, started_on=datetime.date(2025, 10, 9),
                         initiative=InitiativeFactory(process=process, title=f"Moestuin {index}"))
        route = RouteFactory(neighbourhood=process.neighbourhood)
        conversation_record(route=route, participant=world.anja,
                            held_on=datetime.date(2025, 10, 10), suggestions=["Iemand Anders"],
                            information_needs=["Hoeveel?"], confirmed_email="anja@example.nl")
        invitation_send(route=route, participant=world.anja, notify=False)
    assert queries_for(client, url(name, world.anja)) == before
