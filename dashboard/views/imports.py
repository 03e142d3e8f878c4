"""Importing a list of people: upload a CSV or XLSX file with what holds for the whole
list (neighbourhood, channel, consent), choose which column holds what, see every row's
problems, then import the list in one transaction, or nothing."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.submissions import FIELD
from dashboard.forms.imports import MappingForm, UploadForm
from dashboard.permissions import WorkspaceMixin
from dashboard.views.common import REFUSED, add_refusal
from participants import imports, services
from participants.models import InflowChannel, Participant
from participants.privacy import PRIVACY_STATEMENT_VERSION
from wei import access
from wei.models import Neighbourhood

SESSION_KEY = "people_import"
GOOD_ROWS_SHOWN = 100


def people_imported_url() -> str:
    """Where an import lands: the people, the newest first."""
    return reverse("dashboard:participants") + "?sorteer=-aangemeld"


class ImportMixin(WorkspaceMixin):
    permission_required = ("participants.add_participant", "participants.add_consent",
                           "participants.add_flowevent")

    def neighbourhoods(self):
        """Where this user may bring people in: the neighbourhoods they manage."""
        return access.visible(self.request.user, Neighbourhood.objects.all())


class ImportUploadView(ImportMixin, TemplateView):
    template_name = "dashboard/imports/upload.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(
            form=UploadForm(neighbourhoods=self.neighbourhoods())))

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES, neighbourhoods=self.neighbourhoods())
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                table = imports.read_table(upload, filename=upload.name)
            except imports.TableError as error:
                form.add_error("file", str(error))
            else:
                data = form.cleaned_data
                # The list waits in the session (the database, for this login only) until
                # it is imported or the session ends.
                request.session[SESSION_KEY] = {
                    "filename": table.filename[:200], "headers": table.headers,
                    "rows": table.rows, "mapping": imports.guess_mapping(table.headers),
                    "neighbourhood": data["neighbourhood"].pk if data["neighbourhood"] else None,
                    "channel": data["channel"], "occurred_on": data["occurred_on"].isoformat(),
                    "consent_purpose": data["consent_purpose"],
                    "consent_how": data["consent_how"],
                }
                return redirect("dashboard:import_preview")
        return self.render_to_response(self.get_context_data(form=form), status=REFUSED)


class ImportPreviewView(ImportMixin, TemplateView):
    template_name = "dashboard/imports/preview.html"

    def stored(self):
        return self.request.session.get(SESSION_KEY)

    def get(self, request, *args, **kwargs):
        stored = self.stored()
        if not stored:
            return redirect("dashboard:import")
        form = MappingForm(headers=stored["headers"], initial_mapping=stored["mapping"])
        return self.preview(stored, form, stored["mapping"])

    def post(self, request, *args, **kwargs):
        imported = services.participants_import.answered(request.POST.get(FIELD, ""))
        if imported is not None:
            # Sent again (the list is gone from the session): what the first sending did.
            messages.success(request, _("This list has been imported already: %(count)s "
                                        "people.") % {"count": len(imported)})
            return redirect(people_imported_url())
        stored = self.stored()
        if not stored:
            messages.error(request, _("Upload the list again: it is no longer kept."))
            return redirect("dashboard:import")
        form = MappingForm(request.POST, headers=stored["headers"])
        if not form.is_valid():
            return self.preview(stored, form, stored["mapping"], status=REFUSED)
        mapping = form.mapping()
        stored["mapping"] = mapping
        request.session.modified = True
        if request.POST.get("action") != "import":
            return redirect("dashboard:import_preview")
        rows = self.check(stored, mapping)
        good = [row for row in rows if row.ok]
        problems = len(rows) - len(good)
        if problems and not form.cleaned_data["skip_problems"]:
            form.add_error(None, _(
                "Nothing was imported: %(count)s rows have problems. Correct them in the file "
                "and upload it again, or choose to leave them out.") % {"count": problems})
        elif not good:
            form.add_error(None, _("Nothing was imported: no row can be imported."))
        else:
            try:
                imported = self.store(stored, good, form.cleaned_data["submission"])
            except ValidationError as error:
                add_refusal(form, error)
            else:
                del request.session[SESSION_KEY]
                text = _("%(count)s people imported from %(file)s.") % {
                    "count": len(imported), "file": stored["filename"]}
                if problems:
                    text += " " + _("%(count)s rows with problems were left out.") % {
                        "count": problems}
                messages.success(request, text)
                return redirect(people_imported_url())
        return self.preview(stored, form, mapping, rows=rows, status=REFUSED)

    def check(self, stored, mapping):
        neighbourhoods = list(self.neighbourhoods())
        default = next((n for n in neighbourhoods if n.pk == stored["neighbourhood"]), None)
        return imports.check_rows(
            imports.Table(headers=stored["headers"], rows=stored["rows"]), mapping,
            neighbourhoods=neighbourhoods, default_neighbourhood=default,
            people=access.visible(self.request.user, Participant.objects.all()))

    def store(self, stored, good, submission):
        day = datetime.date.fromisoformat(stored["occurred_on"])
        given_at = timezone.now() if day == timezone.localdate() else timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(12)))
        note = _("Imported from %(file)s. Consent: %(how)s") % {
            "file": stored["filename"], "how": stored["consent_how"]}
        return services.participants_import(
            people=[row.register_kwargs() for row in good], channel=stored["channel"],
            occurred_on=day, consent_purpose=stored["consent_purpose"],
            privacy_version=PRIVACY_STATEMENT_VERSION, consent_given_at=given_at,
            note=note[:2000], by=self.request.user, submission=submission)

    def preview(self, stored, form, mapping, rows=None, status=200):
        rows = rows if rows is not None else self.check(stored, mapping)
        bad = [row for row in rows if not row.ok]
        good = [row for row in rows if row.ok]
        channel = dict(InflowChannel.choices).get(stored["channel"], stored["channel"])
        return self.render_to_response(self.get_context_data(
            form=form, stored=stored, bad=bad, good=good[:GOOD_ROWS_SHOWN],
            good_count=len(good), row_count=len(rows), channel=channel,
            occurred_on=datetime.date.fromisoformat(stored["occurred_on"])), status=status)
