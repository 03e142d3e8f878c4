"""The account of a period (verantwoording): the figures and stories of dashboard.report."""

from django.views.generic import TemplateView

from dashboard import report
from dashboard.forms.report import ReportForm
from dashboard.permissions import WorkspaceMixin
from wei import access
from wei.models import Neighbourhood

# The process manager's account: the figures of the processes, the people and the money.
REPORT_PERMISSIONS = ("wei.view_process", "participants.view_flowevent",
                      "initiatives.view_moneyflow")


class ReportView(WorkspaceMixin, TemplateView):
    template_name = "dashboard/report/report.html"
    permission_required = REPORT_PERMISSIONS

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = ReportForm(self.request.GET or {"periode": "kwartaal"},
                          neighbourhoods=access.visible(user, Neighbourhood.objects.all()))
        data = None
        if form.is_valid():
            data = report.build(user, period=form.cleaned_data["period"],
                                neighbourhood=form.cleaned_data["wijk"])
        return super().get_context_data(form=form, report=data, **kwargs)
