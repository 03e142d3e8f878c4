"""The account of a period (verantwoording): the figures and stories of dashboard.report,
saved as versions that are frozen, and two versions side by side."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from dashboard import report, report_files, services
from dashboard.forms.report import ReportForm
from dashboard.models import ReportVersion
from dashboard.permissions import WorkspaceMixin
from dashboard.views.common import REFUSED, apply_service
from wei import access
from wei.models import Neighbourhood

# The process manager's account: the figures of the processes, the people and the money.
REPORT_PERMISSIONS = ("wei.view_process", "participants.view_flowevent",
                      "initiatives.view_moneyflow")
RECENT_VERSIONS = 10
FIGURE_LABELS = {
    "inflow": _("Inflow"), "throughflow": _("Throughflow"), "outflow": _("Outflow"),
    "outcomes": _("Outflow to paid work, own business or education"),
    "activities": _("Activities held"), "people": _("People who came"),
    "new_people": _("People who came for the first time"),
    "initiatives": _("Citizen initiatives"),
    "grew": _("Initiatives that grew a phase"), "reflections": _("Reflections included"),
    "money": _("Money flows, total"),
}


class SaveForm(forms.Form):
    learned = forms.CharField(
        label=_("What we learned"), required=False, max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Your own account of the period: saved with the report."))
    reflecties = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args, reflection_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reflecties"].choices = [(pk, pk) for pk in reflection_ids]


def _reflection_ids(data) -> list[int]:
    return [r["id"] for i in data["initiatives"]["list"] for r in i["reflections"]]


class ReportView(WorkspaceMixin, TemplateView):
    template_name = "dashboard/report/report.html"
    permission_required = REPORT_PERMISSIONS

    def get_context_data(self, save_form=None, **kwargs):
        user = self.request.user
        form = ReportForm(self.request.GET or {"periode": "kwartaal"},
                          neighbourhoods=access.visible(user, Neighbourhood.objects.all()))
        data = None
        if form.is_valid():
            data = report.build(user, period=form.cleaned_data["period"],
                                neighbourhood=form.cleaned_data["wijk"])
        self.form, self.data = form, data
        left_out = []
        if save_form is not None and save_form.is_bound and data:
            chosen = set(save_form.data.getlist("reflecties"))
            left_out = [pk for pk in _reflection_ids(data) if str(pk) not in chosen]
        versions = access.visible(user, ReportVersion.objects.select_related("neighbourhood"))
        return super().get_context_data(
            form=form, report=data, save_form=save_form or SaveForm(),
            may_save=user.has_perm("dashboard.add_reportversion"),
            choosing=user.has_perm("dashboard.add_reportversion"), left_out=left_out,
            versions=list(versions[:RECENT_VERSIONS]), **kwargs)

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("dashboard.add_reportversion"):
            return self.handle_no_permission()
        context = self.get_context_data(save_form=SaveForm(request.POST))
        if self.data is None:
            return self.render_to_response(context, status=REFUSED)
        save_form = SaveForm(request.POST, reflection_ids=_reflection_ids(self.data))
        context["save_form"] = save_form
        if save_form.is_valid():
            version, ok = apply_service(save_form, lambda: services.report_version_save(
                user=request.user, period=self.form.cleaned_data["period"],
                neighbourhood=self.form.cleaned_data["wijk"],
                learned=save_form.cleaned_data["learned"],
                reflections=save_form.cleaned_data["reflecties"]))
            if ok:
                return HttpResponseRedirect(version.get_absolute_url())
        return self.render_to_response(context, status=REFUSED)


class VersionView(WorkspaceMixin, TemplateView):
    """A saved version, shown from its snapshot alone."""

    template_name = "dashboard/report/version.html"
    permission_required = ("dashboard.view_reportversion",)

    def get_context_data(self, **kwargs):
        user = self.request.user
        visible = access.visible(user, ReportVersion.objects.select_related(
            "neighbourhood", "made_by"))
        version = access.get_visible_or_404(user, visible, pk=self.kwargs["pk"])
        others = list(visible.exclude(pk=version.pk)[:RECENT_VERSIONS * 5])
        return super().get_context_data(
            version=version, report=version.snapshot, others=others,
            may_publish=user.has_perm("dashboard.add_reportversion"), **kwargs)


class VersionFileView(WorkspaceMixin, View):
    """A saved version as a file to hand over (dashboard.report_files); the same access
    as the version page."""

    permission_required = VersionView.permission_required
    content_type = extension = ""

    def make(self, version) -> bytes:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        version = access.get_visible_or_404(
            request.user, ReportVersion.objects.select_related("neighbourhood", "made_by"),
            pk=self.kwargs["pk"])
        response = HttpResponse(self.make(version), content_type=self.content_type)
        name = report_files.filename(version, self.extension)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class VersionPdfView(VersionFileView):
    content_type, extension = "application/pdf", "pdf"

    def make(self, version):
        return report_files.pdf(version)


class VersionXlsxView(VersionFileView):
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"

    def make(self, version):
        return report_files.xlsx(version)


class CompareView(WorkspaceMixin, TemplateView):
    """Two saved versions side by side: the main figures of each."""

    template_name = "dashboard/report/compare.html"
    permission_required = ("dashboard.view_reportversion",)

    def get_context_data(self, **kwargs):
        user = self.request.user
        visible = ReportVersion.objects.select_related("neighbourhood")
        first = access.get_visible_or_404(user, visible, pk=self.kwargs["pk"])
        try:
            other_pk = int(self.request.GET.get("met", ""))
        except ValueError:
            other_pk = 0
        second = access.get_visible_or_404(user, visible, pk=other_pk)
        earlier, later = sorted([first, second], key=lambda v: (v.period_start, v.made_at))
        return super().get_context_data(
            earlier=earlier, later=later,
            corrections=report.corrections_between(user, earlier, later),
            rows=[(FIGURE_LABELS[name], a, b, name == "money")
                  for name, a, b in report.main_figures(earlier.snapshot, later.snapshot)],
            **kwargs)


def _version_to_publish(request, pk):
    return access.get_visible_or_404(request.user, ReportVersion.objects.select_related(
        "neighbourhood"), pk=pk)


class PublishView(WorkspaceMixin, TemplateView):
    """Publishing a version for residents: first what becomes public, then the button."""

    template_name = "dashboard/report/publish.html"
    permission_required = ("dashboard.add_reportversion",)

    def get_context_data(self, **kwargs):
        version = _version_to_publish(self.request, self.kwargs["pk"])
        slug = report.period_slug(report.Period(version.period_start, version.period_end))
        return super().get_context_data(version=version, slug=slug,
                                        fewest=report.FEWEST_SHOWN, **kwargs)

    def post(self, request, pk):
        version = _version_to_publish(request, pk)
        try:
            services.report_version_publish(user=request.user, version=version)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The report is now public for residents."))
        return HttpResponseRedirect(version.get_absolute_url())


class WithdrawView(WorkspaceMixin, View):
    permission_required = ("dashboard.add_reportversion",)

    def post(self, request, pk):
        version = _version_to_publish(request, pk)
        try:
            services.report_version_withdraw(user=request.user, version=version)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The report is no longer public."))
        return HttpResponseRedirect(version.get_absolute_url())
