"""Sharing and finding the public pages: each page's title and description, its
canonical address and share image (OpenGraph, Twitter card), sitemap.xml and robots.txt
that keep personal links and staff pages out, the favicon and the web manifest."""

import json
import re
import struct
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.urls import reverse

from initiatives import services
from initiatives.models import SignUpKind
from nieuweroute import services as routes
from tests.initiatives.factories import InitiativeFactory, NeighbourhoodFactory
from tests.nieuweroute.factories import ConversationFactory, ParticipantFactory, RouteFactory

pytestmark = pytest.mark.django_db

# Paths that are personal (a token in the link) or for staff only.
PRIVATE = ("/bevestigen/", "/afmelden/", "/uitnodiging/", "/dashboard/", "/beheer/",
           "/nieuwe-route/", "/inloggen/", "/uitloggen/", "/account/", "/i18n/")
ABSOLUTE = re.compile(r"""(?:src|href|action|content)=["']((?:https?:)?//[^"']*)""", re.I)
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


class Head(HTMLParser):
    """The <head> of a page: its title, its meta tags by name or property, its links by rel."""

    def __init__(self, html):
        super().__init__()
        self.meta, self.links, self.title, self._in_title = {}, {}, "", False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (key := attrs.get("property") or attrs.get("name")):
            self.meta[key] = attrs.get("content")
        elif tag == "link":
            self.links.setdefault(attrs["rel"], []).append(attrs)
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def link(self, rel):
        return self.links.get(rel, [{}])[0].get("href")


def head_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return Head(response.content.decode())


def png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", content[16:24])


def served(client, url) -> bytes:
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def initiative():
    return InitiativeFactory(title="Buurtkeuken", description="Samen koken op woensdag.\n\n"
                             "Iedereen is welkom in het buurthuis.")


def test_an_initiative_page_tells_other_sites_its_own_title_and_description(
        client, settings, initiative):
    url = reverse("initiatives:detail", args=[initiative.slug])
    head = head_of(client, url)
    assert head.title == "Buurtkeuken · Wijkkompas"
    description = "Samen koken op woensdag. Iedereen is welkom in het buurthuis."
    assert head.meta["description"] == description
    assert head.link("canonical") == settings.SITE_URL + url
    assert head.meta["og:url"] == settings.SITE_URL + url
    assert head.meta["og:title"] == head.meta["twitter:title"] == "Buurtkeuken"
    assert head.meta["og:description"] == head.meta["twitter:description"] == description
    assert head.meta["og:site_name"] == "Wijkkompas" and head.meta["og:locale"] == "nl_NL"
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["og:image:alt"] and head.meta["twitter:image:alt"]


def test_the_share_image_is_an_absolute_address_on_the_site_and_is_served(
        client, settings, initiative):
    head = head_of(client, reverse("initiatives:detail", args=[initiative.slug]))
    image = head.meta["og:image"]
    assert image == head.meta["twitter:image"]
    assert image.startswith(settings.SITE_URL + "/static/")
    assert png_size(served(client, image)) == (1200, 630)
    assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "630")


def test_each_public_page_has_a_description_of_its_own(client, initiative):
    urls = [reverse("home"), reverse("initiatives:list"), reverse("initiatives:idea"),
            reverse("initiatives:detail", args=[initiative.slug]),
            reverse("initiatives:signup", args=[initiative.slug]),
            reverse("initiatives:neighbourhood", args=[initiative.neighbourhood.slug]),
            reverse("participants:privacy"), reverse("participants:accessibility")]
    heads = [head_of(client, url) for url in urls]
    descriptions = [head.meta["description"] for head in heads]
    titles = [head.title for head in heads]
    assert len(set(descriptions)) == len(urls), descriptions
    assert len(set(titles)) == len(urls), titles
    assert all(20 < len(text) <= 210 for text in descriptions), descriptions
    assert "Buurtkeuken" in heads[4].meta["description"]  # the sign-up form names it


def test_a_later_page_of_the_list_is_its_own_canonical_address_and_a_filter_is_not(
        client, settings):
    InitiativeFactory.create_batch(21)
    base = settings.SITE_URL + reverse("initiatives:list")
    assert head_of(client, reverse("initiatives:list")).link("canonical") == base
    second = head_of(client, reverse("initiatives:list") + "?pagina=2")
    assert second.link("canonical") == base + "?pagina=2" == second.meta["og:url"]
    filtered = head_of(client, reverse("initiatives:list") + "?q=moestuin&pagina=2")
    assert filtered.link("canonical") == base


def test_a_title_with_markup_is_text_in_every_tag(client):
    initiative = InitiativeFactory(title='Koffie & "thee" <b>', description="")
    html = client.get(reverse("initiatives:detail", args=[initiative.slug])).content.decode()
    assert "<b>" not in html.split("</head>")[0]
    head = Head(html)
    assert head.meta["og:title"] == 'Koffie & "thee" <b>'
    assert head.title == 'Koffie & "thee" <b> · Wijkkompas'
    assert initiative.neighbourhood.name in head.meta["description"]


def test_the_english_page_tells_its_language(client, initiative):
    head = head_of(client.__class__(HTTP_ACCEPT_LANGUAGE="en"),
                   reverse("initiatives:detail", args=[initiative.slug]))
    assert head.meta["og:locale"] == "en_GB"


def test_a_personal_link_is_never_the_canonical_address_and_is_not_indexed(client, initiative):
    services.signup_submit(kind=SignUpKind.JOIN, initiative=initiative,
                           neighbourhood=initiative.neighbourhood, name="Anja",
                           email="anja@example.nl", language="nl", base_url="http://testserver")
    signup = initiative.signups.get()
    route = RouteFactory()
    conversation = ConversationFactory(route=route, participant=ParticipantFactory(name="Jan"))
    routes.invitation_send(route=route, participant=conversation.participant,
                           base_url="http://testserver")
    invitation = re.findall(r"/nieuwe-route/uitnodiging/[^/\s]+/", mail.outbox[-1].body)[0]
    for url in (reverse("initiatives:withdraw", args=[services.withdraw_token(signup)]),
                reverse("initiatives:confirm", args=["not-a-token"]), invitation,
                reverse("login")):
        response = client.get(url)
        assert response.status_code in (200, 400), url
        head = Head(response.content.decode())
        assert "canonical" not in head.links and "og:url" not in head.meta, url
        assert head.meta["robots"] == "noindex, nofollow"
        assert head.meta["og:image"]  # the rest of the head is there


def sitemap_urls(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]


def test_the_sitemap_lists_every_public_page_and_no_personal_or_staff_page(
        client, settings, initiative):
    hidden = InitiativeFactory(title="Nog geheim", is_public=False)
    NeighbourhoodFactory(name="Lege buurt", slug="lege-buurt")
    urls = sitemap_urls(client)
    paths = [urlsplit(url).path for url in urls]
    assert len(paths) == len(set(paths))
    for url in urls:
        assert url.startswith(settings.SITE_URL + "/"), url
        assert not any(private in url for private in PRIVATE), url
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url  # as a visitor
        # Nothing on the page names another site: what it loads, links to or tells others.
        for address in ABSOLUTE.findall(response.content.decode()):
            assert address.startswith(settings.SITE_URL + "/"), (url, address)
    for name, args in [("home", []), ("initiatives:list", []), ("initiatives:idea", []),
                       ("initiatives:detail", [initiative.slug]),
                       ("initiatives:signup", [initiative.slug]),
                       ("initiatives:neighbourhood", [initiative.neighbourhood.slug]),
                       ("initiatives:neighbourhood", ["lege-buurt"]),
                       ("participants:privacy", []), ("participants:accessibility", [])]:
        assert reverse(name, args=args) in paths, name
    assert not any(hidden.slug in path for path in paths)


class Links(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.hrefs = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "a" and (href := dict(attrs).get("href")):
            self.hrefs.append(href)


def test_every_page_a_visitor_can_reach_by_following_links_is_in_the_sitemap(
        client, initiative):
    """A crawl from the home page, as a visitor: every page of the site that a link
    leads to and that answers 200 is in the sitemap (except the personal and staff pages,
    which none of the public pages should lead to but the login)."""
    InitiativeFactory(process=initiative.process)
    listed = {urlsplit(url).path for url in sitemap_urls(client)}
    seen, todo = set(), ["/"]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        if not any(path.startswith(private) for private in PRIVATE):
            assert path in listed, path
        for href in Links(response.content.decode()).hrefs:
            parts = urlsplit(href)
            if not parts.netloc and parts.path.startswith("/") and \
                    not parts.path.startswith("/static/"):
                todo.append(parts.path)
    assert len(seen) >= 8


def test_the_sitemap_costs_the_same_queries_for_more_initiatives(client, queries_for):
    InitiativeFactory()
    few = queries_for(client, "/sitemap.xml")
    for _ in range(4):
        InitiativeFactory()
    assert queries_for(client, "/sitemap.xml") == few


def test_robots_txt_keeps_crawlers_from_personal_links_and_staff_pages(client, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    disallowed = {line.split(": ", 1)[1] for line in lines if line.startswith("Disallow: ")}
    for private in PRIVATE:
        if private != "/uitnodiging/":  # under /nieuwe-route/
            assert private in disallowed, private
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines
    # Nothing the sitemap lists is disallowed.
    for url in sitemap_urls(client):
        assert not any(urlsplit(url).path.startswith(prefix) for prefix in disallowed), url


def test_a_moved_admin_address_is_not_published_in_robots_txt(client, settings):
    settings.ADMIN_URL = "ergens-anders/"  # as if the admin had moved away from /beheer/
    disallowed = client.get("/robots.txt").content.decode()
    assert "/beheer/" not in disallowed and "/dashboard/" in disallowed
    # Its pages still ask not to be indexed, in a header.
    response = client.get(reverse("admin:login"))
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_personal_and_staff_pages_say_noindex_in_a_header_and_public_pages_do_not(
        client, initiative):
    for url in (reverse("initiatives:confirm", args=["niet-geldig"]), reverse("login"),
                reverse("admin:index"), reverse("dashboard:overview")):
        assert client.get(url)["X-Robots-Tag"] == "noindex, nofollow", url
    for url in ("/", reverse("initiatives:detail", args=[initiative.slug]), "/robots.txt"):
        assert "X-Robots-Tag" not in client.get(url), url


def test_favicon_and_manifest_are_linked_and_served(client):
    head = head_of(client, reverse("home"))
    icons = {link.get("type", "image/x-icon"): link["href"] for link in head.links["icon"]}
    svg = served(client, icons["image/svg+xml"]).decode()
    assert svg.startswith("<svg") and "#0b4f6c" in svg
    ico = served(client, icons["image/x-icon"])
    assert ico[:4] == b"\x00\x00\x01\x00"  # an icon file
    assert png_size(served(client, head.link("apple-touch-icon"))) == (180, 180)
    assert head.meta["theme-color"] == "#0b4f6c"
    # Browsers that ask the root for it are sent to the same file.
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == icons["image/x-icon"]

    response = client.get(head.link("manifest"))
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["name"] == "Wijkkompas" and manifest["lang"] == "nl"
    assert manifest["start_url"] == "/" and manifest["theme_color"] == "#0b4f6c"
    sizes = set()
    for icon in manifest["icons"]:
        content = served(client, icon["src"])
        if icon["type"] == "image/png":
            width, height = png_size(content)
            assert icon["sizes"] == f"{width}x{height}"
            sizes.add(width)
    assert {192, 512} <= sizes


def test_the_manifest_speaks_the_visitors_language(client):
    manifest = json.loads(client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="en").content)
    assert manifest["lang"] == "en"
    assert "neighbourhood" in manifest["description"]


def test_the_404_page_carries_the_head_tags_in_dutch(client, settings):
    head = head_of(client, "/bestaat-niet/", status=404)
    assert head.title == "Pagina niet gevonden · Wijkkompas"
    assert head.meta["og:title"] == "Pagina niet gevonden"
    assert head.meta["description"] and head.meta["og:image"].startswith(settings.SITE_URL)
    assert head.meta["robots"] == "noindex, nofollow" and "canonical" not in head.links
    assert head.link("manifest") and head.link("icon")


def test_the_500_page_carries_the_head_tags_without_the_database(client, settings):
    def database_down(execute, sql, params, many, context):
        raise OperationalError("could not connect to server")

    client.raise_request_exception = False
    with connection.execute_wrapper(database_down):
        response = client.get(reverse("initiatives:list"))
    assert response.status_code == 500
    head = Head(response.content.decode())
    assert head.title == "Er ging iets mis · Wijkkompas"
    assert head.meta["og:title"] == "Er ging iets mis"
    assert head.meta["description"].startswith("Vind de initiatieven van bewoners")
    assert head.meta["og:image"] == head.meta["twitter:image"]
    assert head.meta["og:image"].startswith(settings.SITE_URL + "/static/")
    assert head.meta["robots"] == "noindex, nofollow"
    assert head.link("manifest") == "/manifest.webmanifest" and head.link("icon")


def test_no_inline_script_or_style_in_the_head(client, initiative):
    html = client.get(reverse("initiatives:detail", args=[initiative.slug])).content.decode()
    head = html.split("</head>")[0]
    assert "<script" not in head and "<style" not in head and not re.search(r"\sstyle=", head)
