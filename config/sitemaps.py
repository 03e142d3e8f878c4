"""What search engines may find: the base of every section of sitemap.xml (addresses on
SITE_URL, the same public address that the pages' canonical links name, see
config.templatetags.site_meta), and the paths that robots.txt keeps them from."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


def _first_segment(url: str) -> str:
    return "/" + url.strip("/").split("/")[0] + "/"


def private_prefixes() -> list[str]:
    """The paths that search engines must leave alone: personal links (confirm, withdraw,
    an invitation, enrolling a second factor) and the staff's pages. Taken from the URL
    configuration, so a changed ADMIN_URL is followed."""
    urls = [
        reverse("initiatives:confirm", args=["x"]),
        reverse("initiatives:withdraw", args=["x"]),
        reverse("nieuweroute:invitation_answer", args=["x"]),
        reverse("nieuweroute:route_list"),
        reverse("dashboard:overview"),
        reverse("admin:index"),
        reverse("login"),
        reverse("logout"),
        reverse("two_factor:setup"),
        reverse("set_language"),
    ]
    return sorted({_first_segment(url) for url in urls})


class SiteSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PagesSitemap(SiteSitemap):
    """Pages without a row behind them, by URL name."""

    names: tuple[str, ...] = ()

    def items(self):
        return list(self.names)

    def location(self, item):
        return reverse(item)


class HomeSitemap(PagesSitemap):
    names = ("home",)
    priority = 1.0
