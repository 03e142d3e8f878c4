"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


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
