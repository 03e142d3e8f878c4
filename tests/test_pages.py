import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from wei.roles import ROLES

# Every absolute address in an attribute: what the page loads (src, href, action) and
# what other sites read from it (the content of its meta tags).
ABSOLUTE = re.compile(r"""(?:src|href|action|content)=["']((?:https?:)?//[^"']*)""", re.IGNORECASE)
LOCAL_ASSET = re.compile(r"""(?:src|href)=["'](/static/[^"']+)["']""")


@pytest.mark.django_db
def test_home_page_says_what_the_site_is_in_dutch(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "bewoners" in html
    assert "Wijkkompas: je wijk" in html  # residents are spoken to as "je"
    assert "Ga naar de hoofdinhoud" in html  # the skip link
    assert "<main" in html and "<header" in html and "<footer" in html


@pytest.mark.django_db
def test_language_switch_to_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "residents" in html
    response = client.post(reverse("set_language"), {"language": "nl", "next": "/"}, follow=True)
    assert '<html lang="nl">' in response.content.decode()


@pytest.mark.django_db
def test_english_from_the_browser_preference(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_staff_log_in_and_out(client):
    User.objects.create_user("petra", password="een-lang-wachtwoord-42")
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert "Inloggen" in page.content.decode()

    wrong = client.post(reverse("login"), {"username": "petra", "password": "fout"})
    assert wrong.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in wrong.content.decode()

    response = client.post(
        reverse("login"), {"username": "petra", "password": "een-lang-wachtwoord-42"}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"].is_authenticated

    response = client.post(reverse("logout"))
    assert response.status_code == 200
    assert "U bent uitgelogd" in response.content.decode()
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_role_groups_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/inloggen/"])
def test_pages_load_nothing_from_outside_and_their_assets_are_served(client, settings, url):
    html = client.get(url).content.decode()
    absolute = ABSOLUTE.findall(html)
    assert absolute  # the canonical link and the share image name the site itself
    assert all(address.startswith(settings.SITE_URL + "/") for address in absolute), absolute
    assets = LOCAL_ASSET.findall(html)
    assert any("bootstrap" in asset for asset in assets)
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert b"".join(response.streaming_content)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/initiatieven/", "/idee/"])
def test_every_public_page_links_to_the_neighbourhoods_in_its_header(client, url):
    header = client.get(url).content.decode().split("</header>")[0]
    assert '<a class="site-nav-link" href="/wijken/">Wijken</a>' in header
