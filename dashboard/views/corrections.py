"""Correcting what was recorded: one page per row, reached from where the row is shown.

A row is corrected (a replacement beside it) or withdrawn (recorded by mistake), always
with the reason; the domain says which of the two is open (its `<row>_steps`), the page
offers only that, and the service refuses by the same rule. Each kind of correctable row
is a small subclass of CorrectionView naming its row, its form and its two services."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from dashboard.forms.corrections import (
    CorrectionForm,
    FlowEventCorrectionForm,
    TransitionCorrectionForm,
    WithdrawForm,
)
from dashboard.permissions import WorkspaceMixin
from dashboard.views.activities import activity_url
from dashboard.views.common import REFUSED, apply_service, render_form_page
from dashboard.views.people import person_url
from dashboard.views.processes import process_url
from participants import corrections as flow_corrections
from participants.models import Attendance, FlowEvent
from participants.steps import attendance_steps, flow_event_steps
from wei import access
from wei import corrections as transition_corrections
from wei.models import Phase, PhaseTransition, ProcessStatus
from wei.steps import restored_state, transition_steps

WITHDRAW = "withdraw"


class CorrectionView(WorkspaceMixin, View):
    """GET: the row as recorded, its correction form and, when open, the withdrawal.
    POST with `action=withdraw`: withdraw it; otherwise: correct it."""

    form_class = None
    template = "dashboard/corrections/form.html"
    corrected = gettext_lazy("The correction has been recorded; the original stays in the "
                             "history.")
    withdrawn = gettext_lazy("The record has been withdrawn; it stays in the history.")

    model = None  # a core.corrections.Correctable
    related: tuple = ()  # what the page reads of the row, selected along

    def rows(self):
        return self.model.history.select_related(*self.related)

    def get_row(self, request, pk):
        # Corrected rows too: a correction sent twice answers that it was recorded.
        return access.get_changeable_or_404(request.user, self.rows(), pk=pk)

    def row_steps(self, row, user):
        raise NotImplementedError

    def describe(self, row) -> str:
        return str(row)

    def notes(self, row) -> list[tuple[str, str, str]]:
        """What else the page says about correcting this row: (sentence, link text,
        address) each, the link left out when its address is empty."""
        return []

    def correct(self, row, data, user):
        raise NotImplementedError

    def withdraw(self, row, why, user):
        raise NotImplementedError

    def back_url(self, row) -> str:
        raise NotImplementedError

    def withdrawn_message(self, row, result) -> str:
        return str(self.withdrawn)

    def get(self, request, pk):
        row = self.get_row(request, pk)
        steps = self.row_steps(row, request.user)
        return self.page(request, row, steps, self.form_class(row=row),
                         WithdrawForm(prefix=WITHDRAW))

    def post(self, request, pk):
        row = self.get_row(request, pk)
        steps = self.row_steps(row, request.user)
        withdrawing = request.POST.get("action") == WITHDRAW
        step = steps["withdraw" if withdrawing else "correct"]
        if not step.is_open:
            messages.error(request, step.reason)
            return redirect(self.back_url(row))
        if withdrawing:
            form, other = WithdrawForm(request.POST, prefix=WITHDRAW), self.form_class(row=row)
            call = lambda: self.withdraw(row, form.cleaned_data["why"], request.user)  # noqa: E731
        else:
            form, other = self.form_class(request.POST, row=row), WithdrawForm(prefix=WITHDRAW)
            call = lambda: self.correct(row, form.cleaned_data, request.user)  # noqa: E731
        if form.is_valid():
            result, ok = apply_service(form, call)
            if ok:
                messages.success(request, self.withdrawn_message(row, result) if withdrawing
                                 else str(self.corrected))
                return redirect(self.back_url(row))
        forms = (other, form) if withdrawing else (form, other)
        return self.page(request, row, steps, *forms, status=REFUSED)

    def page(self, request, row, steps, form, withdraw_form, status=None):
        return render_form_page(
            request, form=form, title=_("Correct a record"), back=self.back_url(row),
            action=request.path, submit=_("Save the correction"), status=status,
            template=self.template, context={
                "row": row, "described": self.describe(row), "withdraw_form": withdraw_form,
                "notes": self.notes(row),
                "steps": steps, "page_steps": list(steps.values()),
                "withdraw_action": WITHDRAW})


class FlowEventCorrectView(CorrectionView):
    permission_required = "participants.add_flowevent"
    form_class = FlowEventCorrectionForm

    model = FlowEvent
    related = ("participant", "process__neighbourhood")

    def row_steps(self, row, user):
        return flow_event_steps(row, user=user)

    def describe(self, row):
        return _("%(what)s of %(name)s in %(process)s – %(neighbourhood)s") % {
            "what": str(row), "name": row.participant.name, "process": row.process.title,
            "neighbourhood": row.process.neighbourhood.name}

    def correct(self, row, data, user):
        return flow_corrections.flow_event_correct(event=row, by=user, **data)

    def withdraw(self, row, why, user):
        return flow_corrections.flow_event_withdraw(event=row, why=why, by=user)

    def back_url(self, row):
        return person_url(row.participant, "tijdlijn")


class AttendanceCorrectView(CorrectionView):
    """An attendance is withdrawn only (the person was not there). The inflow recorded
    with it stays a record of its own: the page says so and links to its correction,
    since only the manager knows whether the person flowed in all the same."""

    permission_required = "participants.add_attendance"
    form_class = CorrectionForm

    model = Attendance
    related = ("participant", "activity__process__neighbourhood")

    def row_steps(self, row, user):
        return attendance_steps(row, user=user)

    def describe(self, row):
        activity = row.activity
        return _("%(name)s came to %(activity)s on %(date)s (%(process)s – %(neighbourhood)s)"
                 ) % {"name": row.participant.name, "activity": activity.title,
                      "date": date_format(activity.date, "j F Y"),
                      "process": activity.process.title,
                      "neighbourhood": activity.process.neighbourhood.name}

    def notes(self, row):
        inflow = flow_corrections.attendance_inflow(row)
        if inflow is None or row.withdrawn_at is not None:
            return []
        return [(_("%(name)s also has an inflow into %(process)s on that day, which "
                   "recording this attendance may have opened. Withdrawing the attendance "
                   "leaves the inflow as it is; if it is wrong too, correct or withdraw it "
                   "on its own.") % {"name": row.participant.name,
                                     "process": row.activity.process.title},
                 _("Correct the inflow"),
                 reverse("dashboard:flow_event_correct", args=[inflow.pk]))]

    def withdrawn_message(self, row, result):
        if result is None:
            return _("The attendance has been withdrawn; it stays in the history.")
        return _("The attendance has been withdrawn; it stays in the history. The inflow of "
                 "%(name)s on that day stays: correct it on their page if it is wrong too."
                 ) % {"name": row.participant.name}

    def withdraw(self, row, why, user):
        return flow_corrections.attendance_withdraw(attendance=row, why=why, by=user)

    def back_url(self, row):
        return activity_url(row.activity) + "#present-heading"


class TransitionCorrectView(CorrectionView):
    permission_required = "wei.change_process"
    form_class = TransitionCorrectionForm

    model = PhaseTransition
    related = ("process__neighbourhood",)

    def row_steps(self, row, user):
        return transition_steps(row, user=user)

    def describe(self, row):
        return _("%(what)s: %(from)s → %(to)s, in %(process)s – %(neighbourhood)s") % {
            "what": str(row), "from": row.get_from_phase_display(),
            "to": row.get_to_phase_display(), "process": row.process.title,
            "neighbourhood": row.process.neighbourhood.name}

    def notes(self, row):
        if not transition_steps(row)["withdraw"].is_open:
            return []  # the page says why it cannot be withdrawn instead
        phase, status = restored_state(row)
        return [(_("Withdrawing it puts the process back where it stood before: the %(phase)s"
                   ", %(status)s.") % {"phase": Phase(phase).label.lower(),
                                       "status": ProcessStatus(status).label}, "", "")]

    def correct(self, row, data, user):
        return transition_corrections.transition_correct(transition=row, by=user, **data)

    def withdraw(self, row, why, user):
        return transition_corrections.transition_withdraw(transition=row, why=why, by=user)

    def back_url(self, row):
        return process_url(row.process) + "#history-heading"
