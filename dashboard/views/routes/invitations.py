"""Inviting to the decision meeting, sending an invitation again, and recording who
attended."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.submissions import FIELD
from dashboard.views.routes.common import StepFormView
from dashboard.views.routes.routes import RouteDetailView
from nieuweroute import selectors, services
from nieuweroute.forms import InviteForm
from nieuweroute.models import Invitation
from nieuweroute.steps import meeting_steps

ATTENDED = {"yes": True, "no": False}


class InviteView(StepFormView):
    permission_required = "nieuweroute.add_invitation"
    title = gettext_lazy("Invite to the decision meeting")
    success = gettext_lazy("The invitations have been sent.")

    def step(self):
        return meeting_steps(self.route, user=self.request.user, may_change=True)["invite"]

    def get_form(self, data=None):
        return InviteForm(data, participants=selectors.uninvited_spoken_to(self.route))

    def post(self, request, *args, **kwargs):
        # Sent again, those invited are no longer choices: answer with the first round.
        if services.invitations_send.answered(request.POST.get(FIELD, "")) is not None:
            self.load()
            messages.success(request, str(self.success))
            return redirect(self.success_url(None))
        return super().post(request, *args, **kwargs)

    def call(self, d):
        return services.invitations_send(route=self.route, participants=d["participants"],
                                         base_url=self.request.build_absolute_uri("/"),
                                         submission=d["submission"])


class InvitationStepView(RouteDetailView):
    """A step of one invitation, posted from the route page."""

    permission_required = "nieuweroute.change_invitation"

    def get(self, request, pk, invitation_pk):
        return super().http_method_not_allowed(request)

    def invitation(self, route):
        return get_object_or_404(Invitation.objects.filter(route=route)
                                 .select_related("route", "participant"),
                                 pk=self.kwargs["invitation_pk"])


class InvitationResendView(InvitationStepView):
    def post(self, request, pk, invitation_pk):
        route = self.get_route()
        invitation = self.invitation(route)
        try:
            services.invitation_resend(invitation=invitation,
                                       base_url=request.build_absolute_uri("/"))
        except ValidationError as error:
            return self.refused(error)
        messages.success(request, _("The invitation has been sent again to %(name)s.")
                         % {"name": invitation.participant.name})
        return redirect(route)


class AttendanceView(InvitationStepView):
    def post(self, request, pk, invitation_pk):
        route = self.get_route()
        invitation = self.invitation(route)
        attended = request.POST.get("attended")
        try:
            if attended not in ATTENDED:
                raise ValidationError(_("Choose whether the participant attended."))
            services.invitation_record_attendance(invitation=invitation,
                                                  attended=ATTENDED[attended])
        except ValidationError as error:
            return self.refused(error)
        messages.success(request, _("Attendance has been recorded."))
        return redirect(route)
