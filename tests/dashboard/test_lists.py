"""The dashboard's lists: filters, sorting, pages and the CSV of exactly what is filtered."""

import csv
import io

import pytest
from django.urls import reverse

from participants.models import FlowEvent, FlowKind, OutflowReason
from tests.dashboard.conftest import tell_stories
from tests.initiatives.factories import InitiativeFactory
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import ProcessFactory

pytestmark = pytest.mark.django_db
PARTICIPANTS = reverse("dashboard:participants")
INITIATIVES = reverse("dashboard:initiatives")
FLOW = reverse("dashboard:flow_events")


def read_csv(response):
    assert response.streaming  # rows go out as they are read, never all in memory
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_csv_holds_exactly_the_filtered_rows(client, manager, neighbourhood_with_stories,
                                                 other_neighbourhood):
    process, log = neighbourhood_with_stories
    client.force_login(manager)
    outflows = [e for e in log if e["kind"] == FlowKind.OUTFLOW]

    page = client.get(FLOW, {"soort": "outflow"})
    assert page.context["paginator"].count == len(outflows)
    rows = read_csv(client.get(FLOW, {"soort": "outflow", "format": "csv"}))
    assert rows[0][:4] == ["Datum", "Naam", "Wijk", "Soort"]
    assert sorted(row[1] for row in rows[1:]) == sorted(e["person"].name for e in outflows)
    assert {row[3] for row in rows[1:]} == {"uitstroom"}
    # Nobody of the other neighbourhood, in any export.
    everything = read_csv(client.get(FLOW, {"format": "csv"}))
    assert len(everything) - 1 == len(log)
    assert other_neighbourhood[0].neighbourhood.name not in {row[2] for row in everything}


def test_filters_combine_and_sorting_follows_the_choice(client, manager,
                                                        neighbourhood_with_stories):
    process, log = neighbourhood_with_stories
    client.force_login(manager)
    paid = [e for e in log if e["reason"] == OutflowReason.PAID_WORK]
    response = client.get(FLOW, {"reden": "paid_work", "wijk": process.neighbourhood.slug})
    assert response.context["paginator"].count == len(paid)

    by_name = client.get(PARTICIPANTS, {"sorteer": "-naam"}).context["table"]
    names = [cells[0] for _, cells in by_name]
    assert names == sorted(names, reverse=True)

    someone = log[0]["person"]
    found = client.get(PARTICIPANTS, {"q": someone.email.upper()}).context["table"]
    assert [cells[0] for _, cells in found] == [someone.name]


def test_pages_keep_the_filters(client, manager):
    process = ProcessFactory()
    process.managers.add(manager)
    for _ in range(55):
        ParticipantFactory(neighbourhood=process.neighbourhood, kind="volunteer")
    ParticipantFactory(neighbourhood=process.neighbourhood, kind="resident")
    client.force_login(manager)
    response = client.get(PARTICIPANTS, {"soort": "volunteer"})
    assert response.context["paginator"].count == 55
    html = response.content.decode()
    assert "soort=volunteer&amp;pagina=2" in html
    # The dashboard's own words, not another app's translation of the same English.
    assert "Filters toepassen" in html and "Burgerinitiatieven" in html
    second = client.get(PARTICIPANTS, {"soort": "volunteer", "pagina": 2})
    assert len(second.context["table"]) == 5


def test_bad_filter_input_gets_a_message_not_an_error(client, manager,
                                                      neighbourhood_with_stories):
    client.force_login(manager)
    for params in ({"vanaf": "31-02-2026"}, {"fase": "9"}, {"wijk": "<script>"},
                   {"pagina": "999"}, {"sorteer": "password"}, {"q": "x" * 10_000}):
        response = client.get(FLOW, params)
        assert response.status_code == 200, params
    response = client.get(FLOW, {"vanaf": "morgen"})
    assert response.context["filter"].errors
    assert "Voer een geldige datum in." in response.content.decode()
    assert read_csv(client.get(FLOW, {"vanaf": "morgen", "format": "csv"}))[1:] == []


def test_a_spreadsheet_formula_in_a_name_is_exported_as_text(client, manager):
    process = ProcessFactory()
    process.managers.add(manager)
    ParticipantFactory(neighbourhood=process.neighbourhood, name='=HYPERLINK("http://x")')
    client.force_login(manager)
    rows = read_csv(client.get(PARTICIPANTS, {"format": "csv"}))
    assert rows[1][0] == '\'=HYPERLINK("http://x")'


def test_initiatives_list_filters_on_support(client, manager):
    process = ProcessFactory()
    process.managers.add(manager)
    InitiativeFactory(process=process, title="Moestuin", needs_space=True)
    InitiativeFactory(process=process, title="Breiclub", needs_space=False)
    InitiativeFactory(title="Elders")
    client.force_login(manager)
    table = client.get(INITIATIVES, {"steun": "true"}).context["table"]
    assert [cells[0] for _, cells in table] == ["Moestuin"]
    everything = client.get(INITIATIVES).context["table"]
    assert sorted(cells[0] for _, cells in everything) == ["Breiclub", "Moestuin"]


@pytest.mark.parametrize("url", [PARTICIPANTS, INITIATIVES, FLOW])
def test_list_query_counts_do_not_grow(client, manager, queries_for, url,
                                       django_assert_max_num_queries):
    process = ProcessFactory(phase=3)
    process.managers.add(manager)
    client.force_login(manager)
    tell_stories(process, people=3, seed=3)
    InitiativeFactory(process=process)
    small = queries_for(client, url)
    tell_stories(process, people=40, seed=4)
    for _ in range(5):
        InitiativeFactory(process=process)
    assert queries_for(client, url) == small
    # session, user, role check, neighbourhood choices, count, page, the rows' values
    with django_assert_max_num_queries(8):
        client.get(url)


def test_the_export_streams_many_rows_in_chunks(client, manager):
    process = ProcessFactory()
    process.managers.add(manager)
    ParticipantFactory.create_batch(250, neighbourhood=process.neighbourhood)
    client.force_login(manager)
    rows = read_csv(client.get(PARTICIPANTS, {"format": "csv"}))
    assert len(rows) == 251
    assert FlowEvent.objects.count() == 0


@pytest.mark.parametrize("filters", [
    {}, {"soort": "inflow"}, {"kanaal": "organizer"}, {"fase": "2"}, {"rol": "volunteer"},
    {"soort": "outflow", "vanaf": "01-01-2025"}, {"q": "a"},
    {"sorteer": "naam", "soort": "outflow"}, {"periode": "jaar"},
    {"periode": "vorig-kwartaal", "soort": "inflow"}, {"periode": "kwartaal", "fase": "2"},
])
def test_the_flow_list_counts_what_it_lists(client, manager, neighbourhood_with_stories,
                                            other_neighbourhood, filters):
    """Whether the count comes from the running tallies or from the rows themselves."""
    process, _log = neighbourhood_with_stories
    client.force_login(manager)
    for narrowed in (filters, {**filters, "wijk": process.neighbourhood.slug}):
        page = client.get(FLOW, narrowed)
        listed = read_csv(client.get(FLOW, {**narrowed, "format": "csv"}))
        assert page.context["paginator"].count == len(listed) - 1
    assert client.get(FLOW).context["paginator"].count == FlowEvent.objects.filter(
        process=process).count()


def test_a_named_period_narrows_each_list_and_its_csv(client, manager,
                                                      neighbourhood_with_stories):
    import datetime

    from participants.models import Participant
    from tests.dashboard.conftest import TODAY

    process, log = neighbourhood_with_stories
    client.force_login(manager)
    last_quarter = (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    inside = sorted(e["person"].name for e in log
                    if last_quarter[0] <= e["on"] <= last_quarter[1])
    assert inside and len(inside) < len(log)
    page = client.get(FLOW, {"periode": "vorig-kwartaal"})
    assert page.context["paginator"].count == len(inside)
    rows = read_csv(client.get(FLOW, {"periode": "vorig-kwartaal", "format": "csv"}))
    assert sorted(row[1] for row in rows[1:]) == inside

    # Participants and initiatives by the day they were registered (pinned: the clock of
    # the database is not the test's today).
    this_year = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)
    Participant.objects.update(created_at=this_year)
    early = ParticipantFactory(neighbourhood=process.neighbourhood, name="Vroege Vogel")
    Participant.objects.filter(pk=early.pk).update(
        created_at=datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC))
    new = InitiativeFactory(process=process, title="Nieuw plan")
    type(new).objects.filter(pk=new.pk).update(created_at=this_year)
    old = InitiativeFactory(process=process, title="Oud plan")
    type(old).objects.filter(pk=old.pk).update(
        created_at=datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC))
    names = [c[0] for _, c in client.get(PARTICIPANTS, {"periode": "jaar"}).context["table"]]
    assert "Vroege Vogel" not in names and len(names) == len({e["person"] for e in log})
    rows = read_csv(client.get(INITIATIVES, {"periode": "jaar", "format": "csv"}))
    assert [row[0] for row in rows[1:]] == ["Nieuw plan"]
    assert TODAY.year == 2026
    refused = client.get(FLOW, {"periode": "altijd"})
    assert refused.status_code == 200 and "Selecteer een geldige keuze" in refused.content.decode()
