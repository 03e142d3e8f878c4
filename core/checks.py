"""Deployment checks of our own, run by `manage.py check --deploy`."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host


@register(Tags.security, deploy=True)
def two_factor_required(app_configs, **kwargs):
    if settings.TWO_FACTOR_REQUIRED:
        return []
    return [Warning(
        "TWO_FACTOR_REQUIRED is off: staff can log in with a password alone.",
        hint="Leave TWO_FACTOR_REQUIRED unset (it follows DEBUG) or set it to true.",
        id="wijkkompas.W001",
    )]


@register(Tags.security, deploy=True)
def content_security_policy(app_configs, **kwargs):
    directives = settings.CONTENT_SECURITY_POLICY.get("DIRECTIVES", {})
    loose = [name for name in ("script-src", "style-src", "default-src")
             if "'unsafe-inline'" in directives.get(name, ())]
    if not loose:
        return []
    return [Warning(
        f"The Content-Security-Policy allows inline code in {', '.join(loose)}.",
        hint="Move the script or style into a static file instead.",
        id="wijkkompas.W002",
    )]


@register(Tags.security, deploy=True)
def site_url(app_configs, **kwargs):
    # Links in e-mail, canonical links, the share image and sitemap.xml all name SITE_URL.
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme == "https" and parts.hostname and validate_host(
        parts.netloc, settings.ALLOWED_HOSTS
    ):
        return []
    return [Warning(
        f"SITE_URL ({settings.SITE_URL}) is not an https address of this site's ALLOWED_HOSTS.",
        hint="Set SITE_URL to the public address residents open, such as "
             "https://wijk.example.org: links in e-mails, canonical links, the share image "
             "and sitemap.xml name it.",
        id="wijkkompas.W003",
    )]
