"""The admin site: the same login as the rest of the product, with its second step.

Every app registers its admin on `django.contrib.admin.site`, which is an instance
of this class (see config.apps.AdminConfig), so there is no second way in.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.urls import path, reverse

from wei import access
from wei.choices import choice_label


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """The autocomplete's results named as the pickers name them (wei.choices.CHOICE_LABELS):
    'Yara Bos (7941 AB, Oosterboer)', not just 'Yara Bos'."""

    def get_queryset(self):
        queryset = super().get_queryset()
        labelled = choice_label(self.model_admin.model)
        return queryset.select_related(*labelled[1]) if labelled else queryset

    def serialize_result(self, obj, to_field_name):
        labelled = choice_label(type(obj))
        result = super().serialize_result(obj, to_field_name)
        if labelled:
            result["text"] = labelled[0](obj)
        return result


class AdminSite(admin.AdminSite):
    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not settings.TWO_FACTOR_REQUIRED or request.user.is_verified()

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def login(self, request, extra_context=None):
        # Never the admin's own password-only form: send everyone to /inloggen/.
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(next_url, reverse("login"))

    def get_urls(self):
        # "View on site" (/r/<content type>/<id>/) goes through wei.access like every
        # other admin page: a row out of sight answers as one that does not exist.
        return [
            path("r/<path:content_type_id>/<path:object_id>/",
                 self.admin_view(self.view_on_site), name="view_on_site")
            if getattr(pattern, "name", None) == "view_on_site" else pattern
            for pattern in super().get_urls()
        ]

    def view_on_site(self, request, content_type_id, object_id):
        try:
            model = ContentType.objects.get(pk=content_type_id).model_class()
            obj = model._default_manager.get(pk=object_id) if model else None
        except (ObjectDoesNotExist, ValueError, ValidationError):
            obj = None
        model_admin = self._registry.get(type(obj))
        if (obj is None or model_admin is None
                or not model_admin.has_view_or_change_permission(request, obj)
                or not access.may_view(request.user, obj)):
            raise Http404
        return shortcut(request, content_type_id, object_id)
