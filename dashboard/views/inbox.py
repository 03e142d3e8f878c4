"""The follow-up inbox: confirmed sign-ups, "keep me informed" requests, proposed ideas
and withdrawals, each new until someone has contacted the resident or finished it."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_filters.views import FilterView

from dashboard.filters import FollowUpFilter
from dashboard.forms.inbox import (
    FollowUpQuickStatusForm,
    FollowUpStatusForm,
    IdeaDeclineForm,
    IdeaPublishForm,
)
from dashboard.permissions import DashboardAccessMixin
from dashboard.views.common import REFUSED, accept_posted
from initiatives import services
from initiatives.models import FollowUp, SignUpKind
from initiatives.steps import followup_steps, followups_steps
from wei import access


def followups():
    """What a row of the inbox shows, in one query."""
    return FollowUp.objects.select_related(
        "signup__neighbourhood", "signup__initiative", "signup__created_initiative",
        "handled_by",
    )


class InboxView(DashboardAccessMixin, PermissionRequiredMixin, FilterView):
    permission_required = "initiatives.view_followup"
    template_name = "dashboard/inbox/list.html"
    filterset_class = FollowUpFilter
    paginate_by = 50
    page_kwarg = "pagina"

    def get_queryset(self):
        return access.visible(self.request.user, followups()).order_by("-created_at", "-id")

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = list(context["page_obj"].object_list)
        steps = followups_steps(items, user=self.request.user)
        context["rows"] = [
            (item, FollowUpQuickStatusForm(prefix=f"f{item.pk}", initial={"status": item.status},
                                           steps=steps[item.pk]), steps[item.pk])
            for item in items
        ]
        context["page_steps"] = [step for item in items for step in steps[item.pk].values()]
        return context


class FollowUpMixin(DashboardAccessMixin, PermissionRequiredMixin):
    """One item of the inbox the user may see (a 404 otherwise), and its page."""

    permission_required = "initiatives.view_followup"
    template_name = "dashboard/inbox/detail.html"

    def item(self, *, change=False):
        get = access.get_changeable_or_404 if change else access.get_visible_or_404
        return get(self.request.user, followups(), pk=self.kwargs["pk"])

    def steps(self, item):
        if not hasattr(self, "_steps"):
            self._steps = followup_steps(item, user=self.request.user)
        return self._steps

    def page(self, item, *, status=200, **forms):
        initiative = item.signup.initiative or item.signup.created_initiative
        steps = self.steps(item)
        context = {
            "item": item, "signup": item.signup, "initiative": initiative,
            "asks_question": item.signup.kind == SignUpKind.QUESTION,
            "steps": steps, "page_steps": list(steps.values()),
            "status_form": FollowUpStatusForm(initial={"status": item.status, "note": item.note},
                                              steps=steps),
        }
        if steps["publish"].is_open or steps["decline"].is_open:
            context["publish_form"] = IdeaPublishForm(initial={
                "title": initiative.title, "description": initiative.description,
                "form": initiative.form, "aims_people": initiative.aims_people,
                "aims_planet": initiative.aims_planet, "aims_profit": initiative.aims_profit,
            })
            context["decline_form"] = IdeaDeclineForm()
        context.update(forms)
        return self.render_to_response(self.get_context_data(**context), status=status)


class FollowUpView(FollowUpMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        return self.page(self.item())


class FollowUpWriteView(FollowUpMixin, TemplateView):
    """A POST that changes the item: the form, the service, then back (or the page
    again with the refusal, answering REFUSED)."""

    form_class = None
    context_name = ""
    success = ""

    def get_permission_required(self):
        return ["initiatives.view_followup", "initiatives.change_followup",
                *self.extra_permissions]

    extra_permissions: tuple = ()

    def get(self, request, *args, **kwargs):
        return redirect("dashboard:followup_detail", pk=self.item().pk)

    def post(self, request, *args, **kwargs):
        item = self.item(change=True)
        form = self.make_form(request.POST, steps=self.steps(item))
        return accept_posted(
            request, form, lambda: self.call(item, form.cleaned_data),
            success=lambda _result: self.success, to=lambda _result: self.next_url(item),
        ) or self.invalid(item, form)

    def make_form(self, data, *, steps):
        return self.form_class(data)

    def invalid(self, item, form):
        return self.page(item, status=REFUSED, **{self.context_name: form})

    def next_url(self, item):
        return reverse("dashboard:followup_detail", args=[item.pk])

    def call(self, item, data):
        raise NotImplementedError


class FollowUpStatusView(FollowUpWriteView):
    form_class = FollowUpStatusForm
    context_name = "status_form"

    def make_form(self, data, *, steps):
        # From the inbox's own row (a prefix, no note) or from the item's page.
        prefix = self.request.POST.get("prefix", "")
        if prefix == f"f{self.kwargs['pk']}":
            return FollowUpQuickStatusForm(data, prefix=prefix, steps=steps)
        return FollowUpStatusForm(data, steps=steps)

    def call(self, item, data):
        item = services.followup_set_status(followup=item, status=data["status"],
                                            note=data.get("note"), by=self.request.user)
        self.success = _("Saved: the follow-up of %(name)s is now “%(status)s”.") % {
            "name": item.signup.name, "status": item.get_status_display()}

    def invalid(self, item, form):
        if isinstance(form, FollowUpQuickStatusForm):
            # Refused from a row of the inbox: the item's own page says why, with what
            # was chosen.
            full = FollowUpStatusForm({"status": form.data.get(f"{form.prefix}-status", ""),
                                       "note": item.note}, steps=self.steps(item))
            full.is_valid()
            for field, errors in form.errors.items():
                if field not in full.errors:
                    full.add_error(field if field in full.fields else None, errors)
            form = full
        return self.page(item, status=REFUSED, status_form=form)

    def next_url(self, item):
        back = self.request.POST.get("next", "")
        if back and url_has_allowed_host_and_scheme(
                back, allowed_hosts={self.request.get_host()},
                require_https=self.request.is_secure()):
            return back
        return super().next_url(item)


class IdeaPublishView(FollowUpWriteView):
    form_class = IdeaPublishForm
    context_name = "publish_form"
    extra_permissions = ("initiatives.change_initiative",)

    def call(self, item, data):
        initiative = services.idea_publish(followup=item, by=self.request.user, **data)
        self.success = _("%(title)s is published as an initiative.") % {
            "title": initiative.title}
        self.initiative = initiative

    def next_url(self, item):
        return reverse("dashboard:initiative", args=[self.initiative.pk])


class IdeaDeclineView(FollowUpWriteView):
    form_class = IdeaDeclineForm
    context_name = "decline_form"
    extra_permissions = ("initiatives.change_initiative",)

    def call(self, item, data):
        services.idea_decline(followup=item, message=data["message"], by=self.request.user)
        self.success = _("The idea is declined; %(name)s gets your message by e-mail.") % {
            "name": item.signup.name}
