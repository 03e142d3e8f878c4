"""The plan's steps that ask for a confirmation first: accepting it and sending it. The
page lists what each does (dashboard.views.routes.plan); the services refuse without it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboard.forms.confirm import ConfirmMixin


class PlanAcceptForm(ConfirmMixin, forms.Form):
    confirm_label = _("Yes: accept the plan, having read the warnings")
    confirm_required = False


class PlanSendForm(ConfirmMixin, forms.Form):
    confirm_label = _("Yes: send the plan to the people listed")
    confirm_required = False
