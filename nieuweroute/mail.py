"""The e-mails of a route: the invitation (with its calendar file) and the plan.

Each message is plain text plus HTML from templates, in the recipient's language.
Called by the services inside their transaction: the queue (core.mail) stores the message
and its calendar file with what they report; the site's mail settings decide how it travels.
"""

import datetime
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from nieuweroute import ics


def _absolute(path: str, base_url: str = "") -> str:
    # The view passes the address the site was reached at; SITE_URL serves other callers.
    base = base_url or settings.SITE_URL
    return base.rstrip("/") + path


def meeting_moments(route) -> tuple[datetime.datetime, datetime.datetime]:
    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(route.meeting_date, route.meeting_start, tzinfo=zone)
    if route.meeting_end:
        end = datetime.datetime.combine(route.meeting_date, route.meeting_end, tzinfo=zone)
    else:
        end = start + datetime.timedelta(hours=3)
    return start, end


def _message(*, template: str, context: dict, to: str, language: str) -> EmailMultiAlternatives:
    with translation.override(language):
        subject = " ".join(
            render_to_string(f"nieuweroute/email/{template}_subject.txt", context).split()
        )
        text = render_to_string(f"nieuweroute/email/{template}.txt", context)
        html = render_to_string(f"nieuweroute/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    return message


def _organizer(route) -> tuple[str, str]:
    # Replies from a calendar go to the facilitator; the links in the mail are the answer.
    facilitator = route.facilitator
    name = facilitator.get_full_name() or facilitator.get_username()
    return (facilitator.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1], name)


def _calendar(invitation, *, method: str, summary_route=None):
    route = summary_route or invitation.route
    start, end = meeting_moments(route)
    with translation.override(invitation.language):
        summary = translation.gettext("Decision meeting: %(title)s") % {"title": route.title}
    text = ics.event(
        uid=f"route-{route.pk}-invitation-{invitation.pk}@wijkkompas",
        start=start, end=end, summary=summary, location=route.meeting_place,
        description=route.kwestie, method=method, sequence=route.meeting_sequence,
        organizer=_organizer(route), attendee=(invitation.email, invitation.participant.name),
    )
    return ics.mime_part(text, method=method, filename="uitnodiging.ics")


def invitation_message(invitation, token: str, base_url: str = "", *,
                       moved: bool = False) -> EmailMultiAlternatives:
    """The invitation, or (`moved`) its update after the meeting moved: an iTIP REQUEST."""
    route = invitation.route
    def link(*args):
        name = "invitation_answer_choice" if len(args) > 1 else "invitation_answer"
        return _absolute(reverse(f"nieuweroute:{name}", args=args), base_url)

    context = {
        "route": route,
        "participant": invitation.participant,
        "moved": moved,
        "yes_url": link(token, "ja"),
        "no_url": link(token, "nee"),
        "answer_url": link(token),
    }
    message = _message(template="invitation", context=context, to=invitation.email,
                       language=invitation.language)
    message.attach(_calendar(invitation, method=ics.REQUEST))
    return message


def send_invitation(invitation, token: str, base_url: str = "", *, moved: bool = False) -> None:
    invitation_message(invitation, token, base_url, moved=moved).send()


def cancellation_message(invitation, cancelled_route) -> EmailMultiAlternatives:
    """The meeting is called off: an iTIP CANCEL of the invitation's event. `cancelled_route`
    still holds the meeting as it was (the route itself no longer has one)."""
    context = {"route": cancelled_route, "participant": invitation.participant,
               "meeting_date": cancelled_route.meeting_date}
    message = _message(template="meeting_cancelled", context=context, to=invitation.email,
                       language=invitation.language)
    message.attach(_calendar(invitation, method=ics.CANCEL, summary_route=cancelled_route))
    return message


def send_cancellation(invitation, cancelled_route) -> None:
    cancellation_message(invitation, cancelled_route).send()


def plan_messages(plan, sendings, languages: dict[int, str]) -> list[EmailMultiAlternatives]:
    items = list(plan.items.select_related("who_participant", "who_organisation"))
    messages = []
    for sending in sendings:
        context = {"route": plan.route, "plan": plan, "items": items,
                   "participant": sending.participant}
        messages.append(_message(template="plan", context=context, to=sending.email,
                                 language=languages.get(sending.participant_id,
                                                        settings.LANGUAGE_CODE)))
    return messages


def send_plan(plan, sendings, languages: dict[int, str]) -> None:
    for message in plan_messages(plan, sendings, languages):
        message.send()
