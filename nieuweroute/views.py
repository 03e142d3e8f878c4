"""The route's public page: where an invited participant answers yes or no, through the
link in their invitation. The staff pages of a route are the back office's
(dashboard.views.routes)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from nieuweroute import services

ANSWERS = {"ja": True, "nee": False}


def _link_problem(request, error):
    return render(request, "nieuweroute/invitation_problem.html",
                  {"reason": error.reason, "invitation": error.invitation},
                  status=404 if error.reason == "forged" else 410)


def invitation_answer(request, token, answer=None):
    """GET shows the question (mail scanners follow links; they must not answer). POST answers."""
    if answer is not None and answer not in ANSWERS:
        return _link_problem(request, services.InvitationLinkError("forged"))
    try:
        if request.method == "POST":
            choice = request.POST.get("answer")
            if choice not in ANSWERS:
                invitation = services.invitation_for_token(token)
                return render(request, "nieuweroute/invitation_answer.html", {
                    "invitation": invitation, "route": invitation.route, "answer": answer,
                    "error": _("Choose yes or no.")}, status=400)
            invitation = services.invitation_respond(token=token, attending=ANSWERS[choice])
            return render(request, "nieuweroute/invitation_thanks.html",
                          {"invitation": invitation, "route": invitation.route})
        invitation = services.invitation_for_token(token)
    except services.InvitationLinkError as error:
        return _link_problem(request, error)
    return render(request, "nieuweroute/invitation_answer.html",
                  {"invitation": invitation, "route": invitation.route, "answer": answer})
