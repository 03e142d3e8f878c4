from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

# What an account may open before its second step: logging in and out, the
# two-factor pages themselves, and the language switch.
OPEN_VIEWS = {"login", "logout", "set_language"}
OPEN_NAMESPACE = "two_factor"


class TwoFactorRequiredMiddleware:
    """With TWO_FACTOR_REQUIRED, a password alone opens nothing: every page (the
    dashboard, the admin, De Nieuwe Route) sends a logged-in account without a
    verified second factor to the set-up page first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.TWO_FACTOR_REQUIRED:
            return None
        match = request.resolver_match
        if match.view_name in OPEN_VIEWS or OPEN_NAMESPACE in match.namespaces:
            return None
        user = request.user
        if user.is_authenticated and not user.is_verified():
            return redirect_to_login(request.get_full_path(), reverse("two_factor:setup"))
        return None
