"""Tags for the <head> of base.html: the page's title and description once, for the
<title>, the description and the sharing (OpenGraph, Twitter-card) tags alike, and
absolute URLs on SITE_URL.

Absolute URLs come from SITE_URL, never from the request's Host header, so a shared
link and a canonical URL always name the site's public address; and so that the 500
page, rendered without a request or the database, can carry them too.
"""

import html

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import strip_tags

from core.sitemaps import is_private

register = template.Library()


class CaptureNode(template.Node):
    def __init__(self, nodelist, varname):
        self.nodelist = nodelist
        self.varname = varname

    def render(self, context):
        # Plain text: tags dropped, entities read, whitespace collapsed. It is escaped
        # once more where it is printed, in an element or an attribute.
        text = html.unescape(strip_tags(self.nodelist.render(context)))
        context[self.varname] = " ".join(text.split())
        return ""


@register.tag
def capture(parser, token):
    """`{% capture name %}…{% endcapture %}`: the text of what is inside, as `name`.

    The {% block %}s inside stay blocks that a child template fills, so one block can be
    printed in several places."""
    try:
        _tag, varname = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("{% capture %} takes one variable name.") from None
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, varname)


def _on_site(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + "/" + url.lstrip("/")


@register.simple_tag
def site_url(path: str = "/") -> str:
    """The absolute URL of a path on the site: `{% site_url '/privacy/' %}`."""
    return _on_site(path)


@register.simple_tag
def absolute_static(path: str) -> str:
    """The absolute URL of a static file, for tags that other sites read (og:image)."""
    return _on_site(static(path))


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's address on SITE_URL, without its query string. Empty without a
    request (the 500 page) and on a personal link or a staff page: such a page has no
    address to share, and base.html asks search engines not to index it."""
    request = context.get("request")
    if request is None or is_private(request.path):
        return ""
    return _on_site(request.path)
