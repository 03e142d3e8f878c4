"""Importing a list of people: CSV or XLSX, columns mapped, every row's problems shown in
Dutch, then all imported in one transaction, or nothing."""

import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participants.imports import Table, check_rows, guess_mapping, read_table
from participants.models import (
    Consent,
    ConsentPurpose,
    FlowEvent,
    FlowKind,
    FlowTally,
    InflowChannel,
    Participant,
    PresenceTally,
)
from participants.privacy import PRIVACY_STATEMENT_VERSION
from tests.dashboard.conftest import TODAY
from tests.dashboard.workspace import managed_process
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ProcessFactory
from wei.models import Neighbourhood, Phase

pytestmark = pytest.mark.django_db
UPLOAD = reverse("dashboard:import")
PREVIEW = reverse("dashboard:import_preview")
HEADERS = ["Naam", "E-mail", "Telefoon", "Postcode", "Wijk"]


@pytest.fixture
def process(manager):
    return managed_process(manager, phase=Phase.EMERGENCE)


def people(process, n, *, start=0):
    wijk = process.neighbourhood.name
    return [[f"Bewoner {i}", f"bewoner{i}@lijst.example", "06 12345678", "7941 AB", wijk]
            for i in range(start, start + n)]


def csv_file(rows, headers=HEADERS, delimiter=";", name="presentielijst.csv"):
    data = tablib.Dataset(*rows, headers=headers)
    return SimpleUploadedFile(name, data.export("csv", delimiter=delimiter).encode("utf-8-sig"))


def xlsx_file(rows, headers=HEADERS, name="presentielijst.xlsx"):
    return SimpleUploadedFile(name, tablib.Dataset(*rows, headers=headers).export("xlsx"))


def upload(client, file, **changes):
    data = {"file": file, "channel": InflowChannel.INFORMATION_MEETING,
            "occurred_on": "2026-11-12", "consent_purpose": ConsentPurpose.PARTICIPATION,
            "consent_how": "Presentielijst van de informatieavond getekend", "consent": "on",
            **changes}
    return client.post(UPLOAD, data)


def mapping(**changes):
    return {"name": "0", "email": "1", "phone": "2", "postcode": "3", "neighbourhood": "4",
            "kind": "", **changes}


def test_a_list_of_50_is_read_checked_and_imported_with_inflow_and_consent(
        client, manager, process):
    rows = people(process, 47)
    rows.append(["Bad Mail", "niet-een-adres", "", "7941 AB", process.neighbourhood.name])
    rows.append(["Nergens", "nergens@lijst.example", "", "", "Atlantis"])
    known = ParticipantFactory(name="Al Bekend", email="bekend@lijst.example",
                               postcode="7941 AB", neighbourhood=process.neighbourhood)
    rows.append(["Al Bekend", "BEKEND@lijst.example", "", "", process.neighbourhood.name])
    client.force_login(manager)

    response = upload(client, csv_file(rows))
    assert response["Location"] == PREVIEW
    html = client.get(PREVIEW).content.decode()
    assert "50 rijen ingelezen" in html and "47 kunnen worden geïmporteerd" in html
    assert "“niet-een-adres” is geen e-mailadres." in html
    assert "Onbekende wijk “Atlantis”." in html
    assert f"Staat al ingeschreven: {known.name} (7941 AB, {process.neighbourhood.name})." in html

    # Not chosen to leave the problems out: nothing is imported.
    refused = client.post(PREVIEW, {**mapping(), "action": "import"})
    assert refused.status_code == 400
    assert "Er is niets geïmporteerd: 3 rijen hebben problemen." in refused.content.decode()
    assert Participant.objects.count() == 1

    done = client.post(PREVIEW, {**mapping(), "action": "import", "skip_problems": "on"},
                       follow=True)
    text = done.content.decode()
    assert "47 mensen geïmporteerd uit presentielijst.csv." in text
    assert "3 rijen met problemen zijn weggelaten." in text
    new = Participant.objects.filter(email__endswith="@lijst.example").exclude(pk=known.pk)
    assert new.count() == 47
    assert set(new.values_list("neighbourhood", flat=True)) == {process.neighbourhood.pk}
    assert new.filter(postcode="7941 AB", phone="06 12345678").count() == 47
    consents = Consent.objects.filter(participant__in=new)
    assert consents.count() == 47
    assert {(c.purpose, c.privacy_version) for c in consents} == {
        (ConsentPurpose.PARTICIPATION, PRIVACY_STATEMENT_VERSION)}
    inflows = FlowEvent.objects.filter(participant__in=new)
    assert inflows.count() == 47
    assert {(e.kind, e.channel, e.phase, str(e.occurred_on), e.recorded_by_id)
            for e in inflows} == {(FlowKind.INFLOW, InflowChannel.INFORMATION_MEETING,
                                   Phase.EMERGENCE, "2026-11-12", manager.pk)}
    assert "Presentielijst van de informatieavond getekend" in inflows.first().note
    # The running tallies count them in the same transaction.
    assert FlowTally.objects.get(process=process, kind="inflow",
                                 channel="information_meeting").events == 47
    assert PresenceTally.objects.get(process=process, phase=Phase.EMERGENCE).people == 47
    # The list is gone from the session once imported.
    assert client.get(PREVIEW)["Location"] == UPLOAD


def test_an_xlsx_file_with_its_own_headings_is_mapped_by_hand(client, manager, process):
    rows = [["Bos", "Yara", "yara@lijst.example", "7941ab", "vrijwilliger"],
            ["Kamp", "Yara", "", "7942 cd", "Bewoner"]]
    headers = ["Achternaam", "Roepnaam", "Adres", "PC", "Soort"]
    client.force_login(manager)
    upload(client, xlsx_file(rows, headers=headers), neighbourhood=process.neighbourhood.pk)
    first = client.get(PREVIEW).content.decode()
    assert "Geen naam." in first  # no column was recognised as the name
    client.post(PREVIEW, {"name": "1", "email": "2", "postcode": "3", "kind": "4",
                          "phone": "", "neighbourhood": "", "action": "preview"})
    second = client.get(PREVIEW).content.decode()
    assert "2 kunnen worden geïmporteerd" in second and "7941 AB" in second
    client.post(PREVIEW, {"name": "1", "email": "2", "postcode": "3", "kind": "4",
                          "phone": "", "neighbourhood": "", "action": "import"})
    assert sorted(Participant.objects.values_list("name", "postcode", "kind")) == [
        ("Yara", "7941 AB", "volunteer"), ("Yara", "7942 CD", "resident")]


def test_rows_that_repeat_each_other_or_a_person_out_of_sight_are_problems(manager, process):
    elsewhere = ProcessFactory()
    ParticipantFactory(name="Verborgen", email="verborgen@lijst.example",
                       neighbourhood=elsewhere.neighbourhood)
    table = Table(headers=HEADERS, rows=[
        ["Anna", "anna@lijst.example", "", "", process.neighbourhood.name],
        ["Anna B", "Anna@Lijst.example", "", "", process.neighbourhood.name],
        ["Iemand", "verborgen@lijst.example", "", "", process.neighbourhood.name],
        ["Wijkloos", "", "", "", ""],
        ["Telefoon", "", "bel mij", "12", elsewhere.neighbourhood.name],
        ["Lang\x00", "a" * 250 + "@lijst.example", "", "", process.neighbourhood.name],
    ])
    from wei import access
    rows = check_rows(table, guess_mapping(HEADERS),
                      neighbourhoods=access.visible(manager, Neighbourhood.objects.all()),
                      people=access.visible(manager, Participant.objects.all()))
    problems = {row.name: row.problems for row in rows}
    assert problems["Anna"] == []
    assert problems["Anna B"] == ["Dezelfde persoon als rij 2."]
    # Out of sight: refused without naming who it is.
    assert problems["Iemand"] == ["Er staat al iemand met dit e-mailadres ingeschreven."]
    assert problems["Wijkloos"] == [
        "Geen wijk: vul de kolom in of kies een wijk voor de hele lijst."]
    assert "Vul een telefoonnummer in met alleen cijfers, zoals 06 12345678." in problems[
        "Telefoon"]
    assert f"Onbekende wijk “{elsewhere.neighbourhood.name}”." in problems["Telefoon"]
    # A null byte in the name, an address longer than any: refused, not a server error.
    [long] = [row for row in rows if row.number == 7]
    assert long.problems[0] == "Geen naam." and "is geen e-mailadres" in long.problems[1]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("lijst.txt", b"Naam\nAnna\n", "Kies een CSV- of XLSX-bestand"),
    ("lijst.xlsx", b"dit is geen spreadsheet", "kon niet gelezen worden als XLSX-bestand"),
    ("lijst.csv", b"", "Het verstuurde bestand is leeg."),
    ("lijst.csv", b"  \n", "Het bestand is leeg."),
    ("lijst.csv", b"Naam;E-mail\n", "Het bestand heeft kolomnamen maar geen mensen."),
])
def test_a_file_that_is_no_list_is_refused_in_dutch(client, manager, process, name, content,
                                                    message):
    client.force_login(manager)
    response = upload(client, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Presentielijst van de informatieavond getekend" in html  # kept
    assert 'aria-invalid="true"' in html


def test_without_consent_nothing_is_read(client, manager, process):
    client.force_login(manager)
    response = upload(client, csv_file(people(process, 2)), consent="", consent_how="")
    html = response.content.decode()
    assert "Alleen mensen die toestemming gaven mogen worden geïmporteerd" in html
    assert "Zeg hoe zij hun toestemming gaven." in html or "Dit veld is verplicht." in html
    assert client.get(PREVIEW)["Location"] == UPLOAD


def test_a_date_in_the_future_is_refused(client, manager, process):
    client.force_login(manager)
    response = upload(client, csv_file(people(process, 2)), occurred_on="2026-12-31")
    assert "De datum ligt in de toekomst" in response.content.decode()


def test_a_comma_separated_windows_file_is_read_too(manager, process):
    data = tablib.Dataset(["Jürgen Ökül", "j@lijst.example"], headers=["Naam", "E-mail"])
    content = data.export("csv").encode("cp1252")
    table = read_table(io.BytesIO(content), filename="lijst.CSV")
    assert table.rows == [["Jürgen Ökül", "j@lijst.example"]]


def test_the_preview_costs_the_same_for_a_longer_list(client, manager, process, queries_for):
    client.force_login(manager)
    upload(client, csv_file(people(process, 5)))
    small = queries_for(client, PREVIEW)
    upload(client, csv_file(people(process, 300)))
    # Session, user, permissions (2), the neighbourhoods, their running processes, the
    # addresses already taken, namesakes by postcode, the session's update.
    assert queries_for(client, PREVIEW) == small


def test_the_import_of_1000_costs_a_query_per_batch_not_per_person(manager, process):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from participants.services import participants_import

    def run(n, start):
        kwargs = [{"name": f"B {i}", "email": f"b{i}@lijst.example",
                   "neighbourhood": process.neighbourhood} for i in range(start, start + n)]
        with CaptureQueriesContext(connection) as context:
            participants_import(people=kwargs, channel=InflowChannel.OTHER, occurred_on=TODAY,
                                consent_purpose=ConsentPurpose.PARTICIPATION,
                                privacy_version=PRIVACY_STATEMENT_VERSION)
        return len(context.captured_queries)

    # People, consents and inflows are written in batches (up to 500 rows, fewer where
    # SQLite limits a statement's parameters), never a query per person.
    small, large = run(10, 0), run(1000, 100)
    assert small < 20 and large < 60


def test_an_import_is_all_or_nothing(manager, process):
    from django.core.exceptions import ValidationError

    from participants.services import participants_import

    ParticipantFactory(email="taken@lijst.example")
    with pytest.raises(ValidationError):
        participants_import(
            people=[{"name": "Nieuw", "email": "nieuw@lijst.example",
                     "neighbourhood": process.neighbourhood},
                    {"name": "Bezet", "email": "TAKEN@lijst.example",
                     "neighbourhood": process.neighbourhood}],
            channel=InflowChannel.OTHER, occurred_on=TODAY,
            consent_purpose=ConsentPurpose.PARTICIPATION,
            privacy_version=PRIVACY_STATEMENT_VERSION)
    assert not Participant.objects.filter(email="nieuw@lijst.example").exists()
    assert not FlowEvent.objects.exists()


def test_an_address_that_names_several_mailboxes_is_a_problem_of_its_row(
        client, manager, process):
    rows = people(process, 2)
    rows.append(["Slim", '"x,een@evil.example,twee@evil.example,y"@example.org', "", "",
                 process.neighbourhood.name])
    client.force_login(manager)
    upload(client, csv_file(rows))
    html = client.get(PREVIEW).content.decode()
    assert "3 rijen ingelezen" in html and "2 kunnen worden geïmporteerd" in html
    assert "is geen e-mailadres." in html
