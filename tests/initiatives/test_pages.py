"""The public list and detail pages: what they show, and queries constant in the data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative, InitiativeForm, InitiativePhase
from tests.initiatives.factories import (
    InitiativeFactory,
    NeighbourhoodFactory,
    ProcessFactory,
    ReflectionFactory,
    theme,
)
from tests.wei.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def make_initiatives(n, process):
    return [
        InitiativeFactory(process=process, themes=[theme("groen"), theme("armoede")])
        for _ in range(n)
    ]


@pytest.mark.parametrize("n", [1, 30])
def test_list_queries_do_not_grow(client, django_assert_max_num_queries, n):
    make_initiatives(n, ProcessFactory())
    # 1 count, 2 page of initiatives with their neighbourhood, 3 their themes,
    # 4 neighbourhoods and 5 themes for the filter's choices.
    with django_assert_max_num_queries(5):
        response = client.get(reverse("initiatives:list"))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 30])
def test_filtered_list_queries_do_not_grow(client, django_assert_max_num_queries, n):
    process = ProcessFactory()
    make_initiatives(n, process)
    # 1 neighbourhood and 2 theme looked up for validating the filter, 3 count,
    # 4 page, 5 themes, 6 neighbourhoods and 7 themes for the choices.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("initiatives:list"), {
            "neighbourhood": process.neighbourhood.slug, "theme": "groen", "q": "buurt",
        })
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 30])
def test_detail_queries_do_not_grow(client, django_assert_max_num_queries, n):
    initiative = make_initiatives(n, ProcessFactory())[0]
    for _ in range(n):
        ReflectionFactory(initiative=initiative)
    # 1 initiative with its neighbourhood, 2 its themes, 3 the latest public reflection,
    # 4 its own upcoming public activities, 5 (having none) its neighbourhood's.
    with django_assert_max_num_queries(5):
        response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 30])
def test_neighbourhood_page_queries_do_not_grow(client, django_assert_max_num_queries, n):
    process = ProcessFactory()
    make_initiatives(n, process)
    for initiative in Initiative.objects.all():
        ReflectionFactory(initiative=initiative)
    for day in range(n):
        ActivityFactory(process=process, is_public=True,
                        date=timezone.localdate() + datetime.timedelta(days=day))
    # 1 neighbourhood with where its process stands, 2 its public initiatives, 3 their
    # themes, 4 its upcoming public activities, 5 its latest public stories, 6 its
    # published reports.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("initiatives:neighbourhood",
                                      args=[process.neighbourhood.slug]))
    assert response.status_code == 200


def test_list_filters_by_form_phase_theme_and_text(client):
    process = ProcessFactory()
    garden = InitiativeFactory(process=process, title="Moestuin", themes=[theme("groen")])
    InitiativeFactory(process=process, title="Repair café", form=InitiativeForm.BUSINESS,
                      phase=InitiativePhase.DEVELOPMENT)
    InitiativeFactory(process=process, title="Geheim plan", is_public=False)
    html = client.get(reverse("initiatives:list")).content.decode()
    assert "Moestuin" in html and "Repair café" in html and "Geheim plan" not in html
    html = client.get(reverse("initiatives:list"), {"theme": "groen"}).content.decode()
    assert "Moestuin" in html and "Repair café" not in html
    html = client.get(reverse("initiatives:list"), {"form": "business"}).content.decode()
    assert "Repair café" in html and "Moestuin" not in html
    html = client.get(reverse("initiatives:list"), {"phase": "3"}).content.decode()
    assert "Repair café" in html and "Moestuin" not in html
    html = client.get(reverse("initiatives:list"), {"q": "moes"}).content.decode()
    assert "Moestuin" in html and "Repair café" not in html
    # Nonsense in the query string is no server error.
    response = client.get(reverse("initiatives:list"), {"phase": "9", "pagina": "x"})
    assert response.status_code == 200
    assert garden.get_absolute_url() in client.get(reverse("initiatives:list")).content.decode()


def test_list_is_paginated(client):
    process = ProcessFactory()
    for _ in range(25):
        InitiativeFactory(process=process)
    html = client.get(reverse("initiatives:list")).content.decode()
    assert "Pagina 1 van 2" in html
    second = client.get(reverse("initiatives:list"), {"pagina": 2}).content.decode()
    assert "Pagina 2 van 2" in second


def test_detail_shows_aims_needs_latest_public_reflection_and_join_button(client):
    initiative = InitiativeFactory(aims_planet="Minder afval", needs_money=True)
    ReflectionFactory(initiative=initiative, what_we_learned="Oud inzicht",
                      date="2025-01-01")
    ReflectionFactory(initiative=initiative, what_we_learned="Nieuw inzicht",
                      date="2025-06-01")
    ReflectionFactory(initiative=initiative, what_we_learned="Binnenskamers",
                      date="2025-07-01", is_public=False)
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "Minder afval" in html and "Heeft geld nodig" in html
    assert "Nieuw inzicht" in html and "Oud inzicht" not in html and "Binnenskamers" not in html
    assert "Doe mee" in html
    assert reverse("initiatives:signup", args=[initiative.slug]) in html


def test_english_is_available(client):
    initiative = InitiativeFactory()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "Join in" in html


def test_unknown_neighbourhood_and_initiative_are_404(client):
    NeighbourhoodFactory()
    assert client.get("/wijken/bestaat-niet/").status_code == 404
    assert client.get("/initiatieven/bestaat-niet/").status_code == 404


def test_sign_up_form_has_labels_and_a_privacy_link(client):
    initiative = InitiativeFactory()
    html = client.get(reverse("initiatives:signup", args=[initiative.slug])).content.decode()
    assert 'href="/privacy/"' in html
    assert 'for="id_email"' in html and 'for="id_postcode"' in html
    assert html.count("<h1") == 1
