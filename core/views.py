"""The site's own pages that read no domain: a status page, robots.txt, the web app
manifest and the favicon."""

import json

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from core.sitemaps import robots_disallowed


class StatusView(TemplateView):
    """A plain page that reads nothing from the database: for uptime monitors, and the
    yardstick that the benchmark (bench/) measures every other page against."""

    template_name = "status.html"


@require_safe
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Disallow: {prefix}" for prefix in robots_disallowed()]
    lines += ["", f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=60 * 60 * 24, private=True)  # in the visitor's language
def webmanifest(request):
    """The web app manifest, in the visitor's language, with the icons from static/."""
    manifest = {
        "name": _("Wijkkompas"),
        "short_name": _("Wijkkompas"),
        "description": _("Find the initiatives of residents in your neighbourhood, join in, "
                         "or propose your own idea."),
        "lang": get_language(),
        "start_url": reverse("home"),
        "scope": reverse("home"),
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#0b4f6c",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return HttpResponse(json.dumps(manifest, ensure_ascii=False, indent=2),
                        content_type="application/manifest+json; charset=utf-8")


@require_safe
def favicon(request):
    # Browsers and crawlers that ask the root for it, whatever the page says.
    return HttpResponseRedirect(static("favicon.ico"))
