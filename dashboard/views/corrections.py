"""Correcting what was recorded: one page per row, reached from where the row is shown.

A row is corrected (a replacement beside it) or withdrawn (recorded by mistake), always
with the reason; the domain says which of the two is open (its `<row>_steps`), the page
offers only that, and the service refuses by the same rule. Each kind of correctable row
is a small subclass of CorrectionView naming its row, its form and its two services."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from dashboard.forms.corrections import FlowEventCorrectionForm, WithdrawForm
from dashboard.permissions import WorkspaceMixin
from dashboard.views.common import REFUSED, apply_service, render_form_page
from dashboard.views.people import person_url
from participants import corrections as flow_corrections
from participants.models import FlowEvent
from participants.steps import flow_event_steps
from wei import access

WITHDRAW = "withdraw"


class CorrectionView(WorkspaceMixin, View):
    """GET: the row as recorded, its correction form and, when open, the withdrawal.
    POST with `action=withdraw`: withdraw it; otherwise: correct it."""

    form_class = None
    template = "dashboard/corrections/form.html"
    corrected = gettext_lazy("The correction has been recorded; the original stays in the "
                             "history.")
    withdrawn = gettext_lazy("The record has been withdrawn; it stays in the history.")

    def get_row(self, request, pk):
        raise NotImplementedError

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
            _result, ok = apply_service(form, call)
            if ok:
                messages.success(request, str(self.withdrawn if withdrawing
                                              else self.corrected))
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

    def get_row(self, request, pk):
        # Corrected rows too: a correction sent twice answers that it was recorded.
        return access.get_changeable_or_404(
            request.user, FlowEvent.history.select_related(
                "participant", "process__neighbourhood"), pk=pk)

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
