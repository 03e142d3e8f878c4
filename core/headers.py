from django.conf import settings

from core.sitemaps import is_private


class PermissionsPolicyMiddleware:
    """Switch off the browser features no page of ours uses (PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RobotsTagMiddleware:
    """Personal links and staff pages, the admin included (whose pages are not ours to
    give a meta tag), tell search engines not to index them, in a header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request.path):
            response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response
