"""The e-mails of a route: the invitation (with its calendar file) and the plan.

Each message is plain text plus HTML from templates, in the recipient's language.
Called by the services inside their transaction: the queue (config.mail) stores the message
and its calendar file with what they report; the site's mail settings decide how it travels.
"""

import datetime

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


def invitation_message(invitation, token: str, base_url: str = "") -> EmailMultiAlternatives:
    route = invitation.route
    def link(*args):
        name = "invitation_answer_choice" if len(args) > 1 else "invitation_answer"
        return _absolute(reverse(f"nieuweroute:{name}", args=args), base_url)

    context = {
        "route": route,
        "participant": invitation.participant,
        "yes_url": link(token, "ja"),
        "no_url": link(token, "nee"),
        "answer_url": link(token),
    }
    message = _message(template="invitation", context=context, to=invitation.email,
                       language=invitation.language)
    start, end = meeting_moments(route)
    with translation.override(invitation.language):
        summary = translation.gettext("Decision meeting: %(title)s") % {"title": route.title}
    calendar = ics.event(
        uid=f"route-{route.pk}-invitation-{invitation.pk}@wijkkompas",
        start=start, end=end, summary=summary, location=route.meeting_place,
        description=route.kwestie,
    )
    message.attach("uitnodiging.ics", calendar, "text/calendar; method=PUBLISH")
    return message


def send_invitation(invitation, token: str, base_url: str = "") -> None:
    invitation_message(invitation, token, base_url).send()


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
