"""What search engines may find: the base of every section of sitemap.xml (addresses on
SITE_URL, the same public address that the pages' canonical links name, see
core.templatetags.site_meta), and the paths that robots.txt keeps them from."""

import contextlib
import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import NoReverseMatch, get_urlconf, reverse

DEFAULT_ADMIN_URL = "beheer/"


def _first_segment(url: str) -> str:
    return "/" + url.strip("/").split("/")[0] + "/"


@functools.lru_cache
def _private_prefixes(urlconf: str) -> tuple[str, ...]:
    names = [("initiatives:confirm", ["x"]), ("initiatives:withdraw", ["x"]),
             ("nieuweroute:invitation_answer", ["x"]), ("nieuweroute:route_list", []),
             ("dashboard:overview", []), ("admin:index", []), ("login", []), ("logout", []),
             ("two_factor:setup", []), ("set_language", [])]
    prefixes = set()
    for name, args in names:
        with contextlib.suppress(NoReverseMatch):  # a URL configuration without that app
            prefixes.add(_first_segment(reverse(name, args=args, urlconf=urlconf)))
    return tuple(sorted(prefixes))


def private_prefixes() -> tuple[str, ...]:
    """The paths that search engines must leave alone: personal links (confirm, withdraw,
    an invitation, enrolling a second factor) and the staff's pages. Taken from the URL
    configuration, so a changed ADMIN_URL is followed."""
    return _private_prefixes(get_urlconf() or settings.ROOT_URLCONF)


def is_private(path: str) -> bool:
    return path.startswith(private_prefixes())


def robots_disallowed() -> list[str]:
    """What robots.txt names: the private paths, but the admin's only at its default
    address; a site that moved it (ADMIN_URL) does not want it published. Its pages
    say noindex in a header all the same (core.headers.RobotsTagMiddleware)."""
    admin = _first_segment(reverse("admin:index"))
    return [prefix for prefix in private_prefixes()
            if prefix != admin or settings.ADMIN_URL == DEFAULT_ADMIN_URL]


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
