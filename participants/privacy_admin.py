"""The privacy actions on a participant's admin page: export everything as JSON, and
erase the personal data on request (after a confirmation page).

Who may: a user who may see the participant (wei.access) and holds the admin's view
permission may export; erasing needs the change permission and a participant the user
may change. Anyone else gets a 404 for a participant they may not see, a 403 otherwise.
What they get is scoped like everything else (participants.privacy): a superuser's
export holds all there is about the person, in every neighbourhood, with the e-mails
sent to them (it answers the person's own request to see their data); anyone else's
holds only the rows they may see, and says so. A superuser's erasure erases
everything; anyone else's only the rows in their sight, which is everything only when
nothing of the person lies outside it.
"""

import json

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from participants.privacy import participant_erase, participant_export
from wei import access


class ParticipantPrivacyAdminMixin:
    """Adds /<id>/export/ and /<id>/erase/ to the participant admin, and the buttons."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/export/", view(self.export_view), name=f"{name}_export"),
            path("<path:object_id>/erase/", view(self.erase_view), name=f"{name}_erase"),
            *super().get_urls(),
        ]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "erased_at"]

    def _participant_or_404(self, request, object_id):
        try:
            return access.get_visible_or_404(
                request.user, self.model._default_manager.all(), pk=unquote(object_id)
            )
        except (ValueError, ValidationError):
            raise Http404 from None

    def export_view(self, request, object_id):
        participant = self._participant_or_404(request, object_id)
        if not self.has_view_permission(request, participant):
            raise PermissionDenied
        data = participant_export(participant=participant, user=request.user)
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        # The file name carries the number, never the name.
        response["Content-Disposition"] = (
            f'attachment; filename="participant-{participant.pk}.json"'
        )
        return response

    def erase_view(self, request, object_id):
        participant = self._participant_or_404(request, object_id)
        if not (self.has_change_permission(request, participant)
                and access.may_change(request.user, participant)):
            raise PermissionDenied
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[participant.pk], current_app=self.admin_site.name,
        )
        if request.method == "POST" and participant.erased_at is None:
            participant = participant_erase(participant=participant, by=request.user)
            if participant.erased_at is None:
                self.log_change(request, participant,
                                _("Erased the personal data in sight on request."))
                self.message_user(request, _(
                    "What you may see of this participant has been erased. The person also "
                    "takes part where you do not work, so their name and that part stay; "
                    "a superuser erases everything."), messages.WARNING)
                return HttpResponseRedirect(change_url)
            self.log_change(request, participant, _("Erased the personal data on request."))
            self.message_user(
                request, _("The personal data of this participant have been erased."),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url)
        if participant.erased_at is not None:
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Erase personal data"),
            "opts": self.opts,
            "object": participant,
            "change_url": change_url,
        }
        return TemplateResponse(
            request, "admin/participants/participant/erase_confirmation.html", context
        )
