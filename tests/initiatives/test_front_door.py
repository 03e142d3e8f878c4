"""The residents' front door: the home page, /wijken/ and a neighbourhood's page show
where each neighbourhood stands, the next public activities and the newest initiatives,
never a row that is not public, in a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.initiatives.factories import (
    InitiativeFactory,
    NeighbourhoodFactory,
    ProcessFactory,
    ReflectionFactory,
)
from tests.wei.factories import ActivityFactory
from wei.models import Phase, ProcessStatus

pytestmark = pytest.mark.django_db

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def soon(days=7):
    return timezone.localdate() + datetime.timedelta(days=days)


def public_evening(process, *, days=7, **fields):
    fields.setdefault("title", "Informatieavond in het buurthuis")
    return ActivityFactory(process=process, is_public=True, date=soon(days),
                           start_time=datetime.time(19, 30), end_time=datetime.time(21, 30),
                           location="Buurthuis De Kansel", **fields)


def make_neighbourhoods(n):
    """n neighbourhoods, each with a process, a public evening and an initiative."""
    for number in range(n):
        process = ProcessFactory(phase=Phase(number % 4 + 1),
                                 neighbourhood__municipality=("Meppel", "Zwolle")[number % 2])
        public_evening(process, days=number + 1)
        ReflectionFactory(initiative=InitiativeFactory(process=process))


# ---- the home page ----------------------------------------------------------------------


def test_home_page_shows_neighbourhoods_activities_initiatives_and_the_idea_link(client):
    haveltermade = ProcessFactory(phase=Phase.INFORMATION, neighbourhood__name="Haveltermade",
                                  neighbourhood__slug="haveltermade",
                                  neighbourhood__municipality="Meppel")
    ProcessFactory(phase=Phase.DEVELOPMENT, neighbourhood__name="Diezerpoort",
                   neighbourhood__municipality="Zwolle")
    public_evening(haveltermade, days=10, title="Informatieavond Haveltermade")
    ActivityFactory(process=haveltermade, is_public=False, date=soon(3), title="Stuurgroep intern")
    ActivityFactory(process=haveltermade, is_public=True, date=soon(-3), title="Vorige avond")
    InitiativeFactory(process=haveltermade, title="Repair café")
    InitiativeFactory(process=haveltermade, title="Geheim plan", is_public=False)

    html = client.get("/").content.decode()
    assert '<a href="/wijken/haveltermade/"' in html
    assert "Haveltermade</a> (Meppel): We zoeken bewoners die mee willen doen" in html
    assert "Diezerpoort</a> (Zwolle): De initiatieven leren op eigen benen te staan" in html
    assert "Informatieavond Haveltermade" in html
    date = soon(10)
    assert f"{date.day} {MONTHS[date.month - 1]} {date.year}, 19:30 tot 21:30 uur" in html
    assert "Buurthuis De Kansel" in html and "Zet in je agenda" in html
    assert "Stuurgroep intern" not in html and "Vorige avond" not in html
    assert "Repair café" in html and "Geheim plan" not in html
    assert 'href="/idee/"' in html and "Stel een idee voor" in html


def test_home_page_without_anything_yet_says_so(client):
    html = client.get("/").content.decode()
    assert "Er is nog geen wijk begonnen." in html
    assert "Er is nog geen openbare activiteit gepland." in html


@pytest.mark.parametrize("n", [2, 25])
def test_home_page_queries_do_not_grow(client, django_assert_num_queries, n):
    make_neighbourhoods(n)
    # 1 the neighbourhoods with where their process stands, 2 the next public activities
    # with their neighbourhood, 3 the newest initiatives, 4 their themes.
    with django_assert_num_queries(4):
        response = client.get("/")
    assert response.status_code == 200


# ---- /wijken/ ---------------------------------------------------------------------------


def test_the_neighbourhoods_are_listed_by_municipality_with_where_they_stand(client):
    for name, municipality, phase, status in [
        ("Haveltermade", "Meppel", Phase.INFORMATION, ProcessStatus.ACTIVE),
        ("Koedijkslanden", "Meppel", Phase.EMERGENCE, ProcessStatus.ACTIVE),
        ("Berggierslanden", "Meppel", Phase.INFORMATION, ProcessStatus.STOPPED),
        ("Diezerpoort", "Zwolle", Phase.AUTONOMY, ProcessStatus.COMPLETED),
    ]:
        ProcessFactory(neighbourhood__name=name, neighbourhood__municipality=municipality,
                       phase=phase, status=status)
    NeighbourhoodFactory(name="Assen-Oost", municipality="Assen")

    response = client.get("/wijken/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(">Assen</h2>") < html.index(">Meppel</h2>") < html.index(">Zwolle</h2>")
    assert "Haveltermade</a>: We zoeken bewoners die mee willen doen" in html
    assert "Koedijkslanden</a>: Bewoners starten samen initiatieven" in html
    assert "Berggierslanden</a>: Hier gebeurt op dit moment niets" in html
    assert "Diezerpoort</a>: De wijk gaat op eigen kracht verder" in html
    assert "Assen-Oost</a>: Hier is nog niets begonnen" in html


@pytest.mark.parametrize("n", [2, 25])
def test_the_neighbourhood_list_is_one_query(client, django_assert_num_queries, n):
    make_neighbourhoods(n)
    with django_assert_num_queries(1):  # the neighbourhoods with where they stand
        assert client.get("/wijken/").status_code == 200


# ---- a neighbourhood's page --------------------------------------------------------------


def test_the_neighbourhood_page_explains_the_phase_and_shows_only_public_rows(client):
    process = ProcessFactory(phase=Phase.INFORMATION, neighbourhood__name="Haveltermade")
    public_evening(process, title="Informatieavond Haveltermade")
    ActivityFactory(process=process, is_public=False, date=soon(2), title="Stuurgroep intern")
    garden = InitiativeFactory(process=process, title="Buurtmoestuin")
    hidden = InitiativeFactory(process=process, title="Geheim plan", is_public=False)
    ReflectionFactory(initiative=garden, what_we_did="Het veld omgespit en gezaaid.")
    ReflectionFactory(initiative=garden, what_we_did="Binnenskamers besproken.",
                      is_public=False)
    ReflectionFactory(initiative=hidden, what_we_did="Over het geheime plan.")
    elsewhere = ProcessFactory()
    public_evening(elsewhere, title="Avond in een andere wijk")

    html = client.get(reverse("initiatives:neighbourhood",
                              args=[process.neighbourhood.slug])).content.decode()
    assert "We zoeken bewoners die mee willen doen." in html
    assert "We vertellen zoveel mogelijk bewoners wat meedoen hen kan brengen." in html
    for chance in ("Een probleem in je straat oplossen", "Training en coaching",
                   "Een klein bedrijf beginnen", "Geld verdienen", "Vrienden maken"):
        assert chance in html
    assert "Informatieavond Haveltermade" in html and "Zet in je agenda" in html
    assert "19:30 tot 21:30 uur" in html
    assert "Stuurgroep intern" not in html and "Avond in een andere wijk" not in html
    assert "Buurtmoestuin" in html and "Geheim plan" not in html
    assert "Laatste verhalen" in html and "Het veld omgespit en gezaaid." in html
    assert "Binnenskamers" not in html and "geheime plan" not in html
    assert "Houd me op de hoogte" in html


def test_a_neighbourhood_page_of_a_stopped_process_shows_none_of_its_activities(client):
    process = ProcessFactory(status=ProcessStatus.STOPPED)
    public_evening(process, title="Avond die niet doorgaat")
    html = client.get(reverse("initiatives:neighbourhood",
                              args=[process.neighbourhood.slug])).content.decode()
    assert "Hier gebeurt op dit moment niets." in html
    assert "Avond die niet doorgaat" not in html
    assert "Hier is nog geen openbare activiteit gepland." in html


# ---- an initiative's page ----------------------------------------------------------------


def test_an_initiative_page_has_headings_only_for_what_is_filled_in(client):
    empty = InitiativeFactory(aims_people="", aims_planet="", aims_profit="", economic_role="")
    html = client.get(empty.get_absolute_url()).content.decode()
    assert "Wat we willen bereiken" not in html
    assert "Binnenkort" not in html
    filled = InitiativeFactory(aims_people="Buren leren elkaar kennen.")
    html = client.get(filled.get_absolute_url()).content.decode()
    assert "Wat we willen bereiken" in html and "Buren leren elkaar kennen." in html


def test_an_initiative_page_shows_its_own_public_activities_or_else_its_neighbourhoods(client):
    process = ProcessFactory(neighbourhood__name="Haveltermade")
    initiative = InitiativeFactory(process=process)
    public_evening(process, title="Informatieavond Haveltermade")
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "Binnenkort in Haveltermade" in html and "Informatieavond Haveltermade" in html

    own = public_evening(process, days=20, title="Oogstfeest", kind="community_meeting")
    private = ActivityFactory(process=process, is_public=False, date=soon(4), title="Plantdag")
    initiative.activities.add(own, private)
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "Oogstfeest" in html and "Zet in je agenda" in html
    assert "Plantdag" not in html and "Informatieavond Haveltermade" not in html


def test_beyond_a_few_dozen_neighbourhoods_the_home_page_links_to_all(client, monkeypatch):
    monkeypatch.setattr("config.views.HOME_NEIGHBOURHOODS", 2)
    for name in ("Assen-Oost", "Berggierslanden", "Diezerpoort"):
        ProcessFactory(neighbourhood__name=name)
    html = client.get("/").content.decode()
    assert "Assen-Oost</a>" in html and "Berggierslanden</a>" in html
    assert "Diezerpoort</a>" not in html
    assert '<a href="/wijken/">Alle wijken, per gemeente</a>' in html
    assert "Diezerpoort</a>" in client.get("/wijken/").content.decode()
