"""Activities: plan or record one, correct what it says, and the activity's page where
the manager ticks off who came and adds new people on the spot, in one form (one submit records the
attendance and the inflow it causes)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from dashboard.forms.activities import (
    MAX_NEW_ROWS,
    SEARCH_LIMIT,
    ActivityDetailsForm,
    ActivityForm,
    AttendanceForm,
    new_person_forms,
    row_count,
)
from dashboard.journey import correction_note
from dashboard.permissions import WorkspaceMixin
from dashboard.views.common import REFUSED, accept_posted, add_refusal, render_form_page
from dashboard.views.processes import startable_processes
from initiatives import selectors as initiative_selectors
from initiatives.models import SignUp
from participants import services as people_services
from participants.models import Attendance, Participant
from participants.services import NewPersonRefused
from participants.steps import attendance_steps
from wei import access, services
from wei.models import Activity
from wei.steps import RECORD_PERMISSIONS, activity_steps


def activity_url(activity) -> str:
    return reverse("dashboard:activity", args=[activity.pk])


class ActivityCreateView(WorkspaceMixin, View):
    permission_required = "wei.add_activity"

    def form(self, data=None):
        processes = startable_processes(self.request.user)
        initial = {}
        chosen = self.request.GET.get("proces")
        if chosen and chosen.isdigit():
            initial["process"] = int(chosen)
        return ActivityForm(data, processes=processes, initial=initial, prefix="activiteit")

    def get(self, request):
        return self.page(self.form())

    def post(self, request):
        form = self.form(request.POST)

        def create():
            data = form.cleaned_data
            return services.activity_create(
                process=data["process"], kind=data["kind"], title=data["title"],
                date=data["date"], phase=data["phase"], location=data["location"],
                description=data["description"], start_time=data["start_time"],
                end_time=data["end_time"], is_public=data["is_public"],
                takes_sign_ups=data["takes_sign_ups"])

        return accept_posted(request, form, create, success=_("The activity has been saved."),
                             to=activity_url) or self.page(form)

    def page(self, form):
        # A bound form is a refused one: REFUSED (render_form_page).
        return render_form_page(
            self.request, form=form, title=_("Plan or record an activity"),
            back=reverse("dashboard:overview"), action=reverse("dashboard:activity_create"),
            submit=_("Save the activity"))


def _activity(request, pk):
    return access.get_visible_or_404(
        request.user, Activity.objects.select_related("process__neighbourhood"), pk=pk)


def _people(request, activity):
    """Whom the form may tick: people of the activity's neighbourhood the user may see."""
    return access.visible(request.user, Participant.objects.filter(
        neighbourhood=activity.process.neighbourhood_id, erased_at__isnull=True))


class ActivityPageView(WorkspaceMixin, View):
    """A page, or a piece of one, about an activity the user may see."""

    permission_required = "wei.view_activity"


class ActivityDetailView(ActivityPageView):
    """Who came, and the form to tick off more (known people, and new ones)."""

    def get(self, request, pk):
        # Queries (besides session, user and permissions): the activity with process and
        # neighbourhood; whether it may be changed; who came, with their neighbourhood.
        # A search (?q=) adds one query for the people found. Fixed in the data.
        activity = _activity(request, pk)
        form = AttendanceForm(request.GET or None, people=_people(request, activity))
        return self.page(activity, form, new_person_forms(
            rows=row_count(request.GET), channel=people_services.inflow_channel_for(activity)))

    def post(self, request, pk):
        activity = _activity(request, pk)
        may_change = access.may_change(request.user, activity)
        if not self.may_record(activity, may_change):
            return self.handle_no_permission()
        people = _people(request, activity)
        form = AttendanceForm(request.POST, people=people)
        channel = people_services.inflow_channel_for(activity)
        rows = new_person_forms(request.POST, rows=row_count(request.POST), channel=channel)
        action = request.POST.get("actie")
        if action in ("zoeken", "rij"):
            # Without JavaScript: search, or one more row, keeping all that was typed.
            if action == "rij":
                rows = new_person_forms(request.POST, rows=min(len(rows) + 1, MAX_NEW_ROWS),
                                        channel=channel)
            for row in rows:
                row._errors = {}  # shown as typed, not refused: nobody pressed save yet
            return self.page(activity, form, rows, may_change=may_change)
        rows_valid = [row.is_valid() for row in rows]  # every row, so every error shows
        filled = [row for row in rows if row.has_changed()]
        if form.is_valid() and all(rows_valid) and not (form.cleaned_data["present"] or filled):
            form.add_error(None, _("Tick the people who came, or add a new person, before "
                                   "saving."))
        elif form.is_valid() and all(rows_valid):
            try:
                recorded = people_services.activity_attendance_record(
                    activity=activity, participants=form.cleaned_data["present"],
                    new_people=[row.register_kwargs() for row in filled], by=request.user,
                    submission=form.cleaned_data["submission"])
            except NewPersonRefused as error:
                add_refusal(filled[error.index], error)
            except ValidationError as error:
                add_refusal(form, error)
            else:
                messages.success(request, self.summary(recorded))
                return redirect(activity_url(activity))
        return self.page(activity, form, rows, status=REFUSED, may_change=may_change)

    def may_record(self, activity, may_change):
        """Whether this user may record attendance here at all (the activity's day is
        the step's own rule, which the service asks)."""
        return self.request.user.has_perms(RECORD_PERMISSIONS) and may_change

    @staticmethod
    def summary(recorded):
        parts = [ngettext("%(count)d person recorded as present",
                          "%(count)d people recorded as present",
                          len(recorded.attended)) % {"count": len(recorded.attended)}]
        if recorded.registered:
            parts.append(ngettext("%(count)d of them new", "%(count)d of them new",
                                  len(recorded.registered)) % {"count": len(recorded.registered)})
        if recorded.inflows:
            parts.append(ngettext("%(count)d inflow recorded", "%(count)d inflows recorded",
                                  len(recorded.inflows)) % {"count": len(recorded.inflows)})
        return ", ".join(parts) + "."

    def page(self, activity, form, rows, *, status=200, may_change=None):
        user = self.request.user
        # Who came, and (struck through, with who withdrew it and why) who was recorded
        # by mistake: one query. Only the current rows count.
        recorded = list(
            access.visible(user, Attendance.history.filter(activity=activity))
            .select_related("participant__neighbourhood", "withdrawn_by")
            .order_by("participant__name", "participant_id", "id"))
        present = [attendance for attendance in recorded if attendance.withdrawn_at is None]
        if may_change is None and user.has_perm("participants.add_attendance"):
            may_change = access.may_change(user, activity)  # asked once for every row
        for attendance in present:
            attendance.withdraw = attendance_steps(
                attendance, user=user, may_change=bool(may_change))["withdraw"]
        # The people who confirmed "Ik kom" (one query): listed, and ticked in an unsent
        # form, so after the meeting the manager unticks who stayed away and saves.
        expected = list({
            signup.participant_id: signup.participant for signup in
            initiative_selectors.coming(access.visible(
                self.request.user, SignUp.objects.filter(activity=activity)))
            .filter(participant__erased_at__isnull=True)
            .select_related("participant__neighbourhood")
            .order_by("participant__name", "participant_id")
        }.values())
        present_ids = {attendance.participant_id for attendance in present}
        ticked = form.ticked() if form.is_bound else [
            person for person in expected
            if person.neighbourhood_id == activity.process.neighbourhood_id]
        ticked = [person for person in ticked if person.pk not in present_ids]
        candidates = [person for person in form.candidates(ticked)
                      if person.pk not in present_ids]
        # What the activity can do now, and which of it this user may do (the row rule
        # asked once).
        state = activity_steps(activity)
        steps = activity_steps(activity, user=self.request.user, may_change=may_change)
        return render(self.request, "dashboard/activities/detail.html", {
            "activity": activity,
            "process": activity.process,
            "present": present,
            "withdrawn": [(attendance, correction_note(attendance, set()))
                          for attendance in recorded if attendance.withdrawn_at is not None],
            "expected": expected,
            "form": form,
            "ticked": ticked,
            "candidates": candidates[:SEARCH_LIMIT],
            "more_found": len(candidates) > SEARCH_LIMIT,
            "searched": bool(form.search_text()),
            "rows": rows,
            "next_row": len(rows),
            "max_rows": MAX_NEW_ROWS,
            "steps": steps,
            "record": steps["record_attendance"],
            "page_steps": list(steps.values()) + [attendance.withdraw
                                                  for attendance in present],
            "happened": state["record_attendance"].is_open,
        }, status=status)


class ActivityPublishView(WorkspaceMixin, View):
    """Show an activity to residents on the public pages, or take it off them."""

    permission_required = "wei.change_activity"

    def post(self, request, pk):
        activity = access.get_changeable_or_404(
            request.user, Activity.objects.select_related("process__neighbourhood"), pk=pk)
        show = request.POST.get("is_public") == "true"
        step = activity_steps(activity, user=request.user, may_change=True)[
            "publish" if show else "hide"]
        if not step.is_open:
            messages.error(request, step.reason)
            return redirect(activity_url(activity))
        try:
            services.activity_set_public(activity=activity, is_public=show)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            text = (_("%(title)s is now shown to residents, with a calendar file.") if show
                    else _("%(title)s is no longer shown to residents."))
            messages.success(request, text % {"title": activity.title})
        return redirect(activity_url(activity))


class AttendanceSearchView(ActivityPageView):
    """The list to tick people in, for a search as one types (htmx): the people ticked
    so far stay ticked at the top, the people found follow."""

    def get(self, request, pk):
        activity = _activity(request, pk)
        form = AttendanceForm(request.GET, people=_people(request, activity))
        ticked = form.ticked()
        present_ids = set(Attendance.objects.filter(activity=activity, participant__in=[
            p.pk for p in ticked]).values_list("participant_id", flat=True)) if ticked else set()
        candidates = form.candidates(ticked)
        return render(request, "dashboard/activities/_people_to_tick.html", {
            "activity": activity, "form": form,
            "ticked": [p for p in ticked if p.pk not in present_ids],
            "candidates": candidates[:SEARCH_LIMIT], "more_found": len(candidates) > SEARCH_LIMIT,
            "searched": bool(form.search_text()),
        })


class NewPersonRowView(ActivityPageView):
    """One more empty row for a new person (htmx), and the button for the next."""

    def get(self, request, pk):
        activity = _activity(request, pk)
        index = row_count(request.GET, default=0)
        if index >= MAX_NEW_ROWS:
            index = MAX_NEW_ROWS - 1
        row = new_person_forms(
            rows=index + 1, channel=people_services.inflow_channel_for(activity))[index]
        # The keyboard goes on in the new row (htmx focuses it once it is in the page).
        row.fields["name"].widget.attrs["autofocus"] = True
        return render(request, "dashboard/activities/_new_person_row.html", {
            "activity": activity, "row": row, "index": index, "next_row": index + 1,
            "max_rows": MAX_NEW_ROWS, "oob": True,
        })


class ActivityEditView(WorkspaceMixin, View):
    """Correct or complete what an activity says (its step `edit`): title, day, times,
    place, description, public, 'Ik kom'. A refusal shows the form again as typed."""

    permission_required = "wei.change_activity"

    def activity(self):
        return access.get_changeable_or_404(
            self.request.user, Activity.objects.select_related("process__neighbourhood"),
            pk=self.kwargs["pk"])

    def get(self, request, pk):
        activity = self.activity()
        return self.page(activity, ActivityDetailsForm(initial={
            name: getattr(activity, name) for name in ActivityDetailsForm.base_fields}))

    def post(self, request, pk):
        activity = self.activity()
        form = ActivityDetailsForm(request.POST)
        return accept_posted(
            request, form, lambda: services.activity_update(
                activity=activity, by=request.user, **form.cleaned_data),
            success=_("The activity has been saved."), to=activity_url,
        ) or self.page(activity, form)

    def page(self, activity, form):
        # The row rule was asked by activity(): only the permission is left to weigh.
        edit = activity_steps(activity, user=self.request.user, may_change=True)["edit"]
        return render_form_page(
            self.request, form=form,
            title=_("Edit %(title)s") % {"title": activity.title},
            back=activity_url(activity),
            action=reverse("dashboard:activity_edit", args=[activity.pk]),
            submit=_("Save the changes"),
            intro=_("Residents who said \"Ik kom\" get an e-mail when the day, the times or the "
                    "place change."),
            context={"step": edit, "page_steps": [edit], "parent": {
                "url": activity_url(activity), "label": activity.title}})
