"""The privacy export and erasure from a person's page: a page that says what the
export holds and for whom, the JSON file, and a readable version to print.

They call exactly what the admin's buttons call (participants.privacy_admin), so that
the back office and the admin give the same answer, and a change to who sees what of
the export is made in one place: `export` and `erase` below.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from dashboard.forms.confirm import Consequence
from dashboard.forms.people import EraseForm
from dashboard.permissions import WorkspaceMixin
from dashboard.readable_export import SECTIONS, readable_export
from dashboard.views.common import REFUSED
from dashboard.views.people import _person, person_url
from initiatives.models import Membership
from participants.forms import participant_label
from participants.models import Attendance, Consent, FlowEvent
from participants.privacy import (
    out_of_sight,
    participant_erase,
    participant_export,
    scope_of,
)
from wei import access


def export(*, participant, user) -> dict:
    """What `user` may see of the person (everything for a superuser); the file says which."""
    return participant_export(participant=participant, user=user)


def erase(*, participant, user):
    return participant_erase(participant=participant, by=user)


class ExportPageView(WorkspaceMixin, View):
    """Before downloading: what the export holds and what not, whether this user's is
    complete, and who makes the complete one; then the file or the readable version."""

    permission_required = "participants.view_participant"

    def get(self, request, pk):
        # Queries: the person; whether part of them lies out of sight (two exports, a
        # fixed number of queries each). None for a superuser, whose export is complete.
        participant = _person(request, pk)
        complete = scope_of(request.user) is None
        return render(request, "dashboard/people/privacy_export.html", {
            "person": participant, "label": participant_label(participant),
            "complete": complete,
            "partly": not complete and out_of_sight(participant, request.user),
            # The copies of e-mails are in a complete export only (participants.privacy).
            "contents": [str(title) for (app, _part), title in SECTIONS.items()
                         if complete or app != "mail"],
        })


class ReadableExportView(WorkspaceMixin, View):
    """The same data as the JSON file, as a page in Dutch to print and hand over."""

    permission_required = "participants.view_participant"

    def get(self, request, pk):
        participant = _person(request, pk)
        # In the site's first language whatever the staff member reads: the resident's copy.
        with translation.override(settings.LANGUAGE_CODE):
            return render(request, "dashboard/people/export_readable.html", {
                "person": participant, "label": participant_label(participant),
                **readable_export(participant=participant, user=request.user),
            })


def erase_consequences(participant, user) -> list[Consequence]:
    """What an erasure removes, what it ends today and what stays counted without the
    name: of the rows `user` may see, which are the rows it erases. Five queries."""
    def seen(queryset):
        return access.visible(user, queryset.filter(participant=participant))

    consents = seen(Consent.objects.all()).count()
    stays = [event.process.title for event in seen(FlowEvent.objects.active())
             .select_related("process").order_by("process__title")]
    memberships = seen(Membership.objects.all()).count()
    ending = seen(Membership.objects.filter(ended_on__isnull=True)).count()
    events, attended = seen(FlowEvent.objects.all()).count(), seen(Attendance.objects.all()).count()
    ended = [_("Taking part in: %(process)s") % {"process": title} for title in stays]
    if ending:
        ended.append(ngettext("%(count)s membership of an initiative",
                              "%(count)s memberships of initiatives", ending) % {"count": ending})
    return [c for c in (
        Consequence(_("Erased for good:"), [
            _("name, e-mail address, phone number, postcode, contribution and notes"),
            ngettext("%(count)s consent", "%(count)s consents", consents) % {"count": consents},
            _("sign-ups, and the copies of e-mails to or about the person")]),
        Consequence(_("Ended today, with the reason unknown:"), ended) if ended else None,
        Consequence(_("Stays in the figures, without the name:"), [
            ngettext("%(count)s inflow, throughflow or outflow", "%(count)s inflows, "
                     "throughflows and outflows", events) % {"count": events},
            ngettext("%(count)s attendance", "%(count)s attendances", attended)
            % {"count": attended},
            ngettext("%(count)s membership", "%(count)s memberships", memberships)
            % {"count": memberships}]),
    ) if c is not None]


class ExportView(WorkspaceMixin, View):
    """Everything stored about the person, as a JSON file (the person's own request)."""

    permission_required = "participants.view_participant"

    def get(self, request, pk):
        participant = _person(request, pk)
        data = export(participant=participant, user=request.user)
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8")
        # The file name carries the number, never the name.
        response["Content-Disposition"] = (
            f'attachment; filename="participant-{participant.pk}.json"')
        return response


class EraseView(WorkspaceMixin, View):
    """Erase the personal data on request, after a confirmation."""

    permission_required = "participants.change_participant"

    def get(self, request, pk):
        participant = _person(request, pk, change=True)
        if participant.erased_at is not None:
            return redirect(person_url(participant))
        return self.page(participant, EraseForm(
            consequences=erase_consequences(participant, request.user)))

    def post(self, request, pk):
        participant = _person(request, pk, change=True)
        if participant.erased_at is not None:
            return redirect(person_url(participant))
        form = EraseForm(request.POST,
                         consequences=erase_consequences(participant, request.user))
        if not form.is_valid():
            return self.page(participant, form, status=REFUSED)
        participant = erase(participant=participant, user=request.user)
        if participant.erased_at is None:
            messages.warning(request, _(
                "What you may see of this participant has been erased. The person also "
                "takes part where you do not work, so their name and that part stay; "
                "a superuser erases everything."))
        else:
            messages.success(request, _("The personal data of this participant have been erased."))
        return redirect(person_url(participant))

    def page(self, participant, form, status=200):
        return render(self.request, "dashboard/people/erase.html", {
            "person": participant, "label": participant_label(participant), "form": form,
            "partly": out_of_sight(participant, self.request.user),
        }, status=status)
