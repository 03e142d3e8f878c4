"""The accessibility statement: reachable from every page, in Dutch and in English,
saying what was tested and how. The tests it describes live in tests/e2e."""

import pytest
from django.urls import reverse


def test_the_statement_says_what_was_tested_in_dutch(client):
    response = client.get("/toegankelijkheid/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Toegankelijkheidsverklaring</h1>" in html
    for promise in ("(WCAG) 2.1 op niveau AA", "axe-core", "Alleen het toetsenbord",
                    "320 pixels", "200% zoom", "Wat nog niet goed werkt",
                    "procesmanager van je wijk"):
        assert promise in html, promise
    assert "200%%" not in html


def test_the_statement_is_in_english_too(client):
    response = client.get("/toegankelijkheid/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "<h1>Accessibility statement</h1>" in html
    assert "Keyboard only" in html


@pytest.mark.django_db
def test_every_page_links_to_the_statement_from_its_footer(client):
    url = reverse("participants:accessibility")
    for page in ("/", reverse("participants:privacy"), reverse("login")):
        html = client.get(page).content.decode()
        footer = html[html.index("<footer"):]
        assert f'href="{url}">Toegankelijkheidsverklaring</a>' in footer, page
