"""The admin site: the same login as the rest of the product, with its second step.

Every app registers its admin on `django.contrib.admin.site`, which is an instance
of this class (see config.apps.AdminConfig), so there is no second way in.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse


class AdminSite(admin.AdminSite):
    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not settings.TWO_FACTOR_REQUIRED or request.user.is_verified()

    def login(self, request, extra_context=None):
        # Never the admin's own password-only form: send everyone to /inloggen/.
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(next_url, reverse("login"))
