"""The e-mails of the public sign-up, each in plain text and HTML, in the resident's
language, from templates in templates/initiatives/mail/.

Sending goes through django.core.mail, which settings route into
django-post-office's queue: a database row written in the caller's transaction,
delivered after commit by `manage.py send_queued_mail`.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from initiatives import hooks
from initiatives.models import Membership, MembershipRole, SignUp


def _one_line(text: str) -> str:
    # A subject is a header: no line breaks, whatever anyone typed.
    return " ".join(str(text).split())[:200]


def _send(*, to: list[str], template: str, context: dict, language: str) -> None:
    if not to:
        return
    with translation.override(language):
        subject = _one_line(render_to_string(f"initiatives/mail/{template}_subject.txt", context))
        text = render_to_string(f"initiatives/mail/{template}.txt", context)
        html = render_to_string(f"initiatives/mail/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=to,
                                     from_email=settings.DEFAULT_FROM_EMAIL)
    message.attach_alternative(html, "text/html")
    message.send()


def _links(signup: SignUp, base_url: str, *, confirm_token: str = "", withdraw_token: str = ""):
    links = {}
    if confirm_token:
        links["confirm_url"] = base_url + reverse("initiatives:confirm", args=[confirm_token])
    if withdraw_token:
        links["withdraw_url"] = base_url + reverse("initiatives:withdraw", args=[withdraw_token])
    return links


def send_confirmation_request(signup: SignUp, *, base_url: str, confirm_token: str,
                              withdraw_token: str) -> None:
    context = {
        "signup": signup, "days": settings.SIGNUP_CONFIRMATION_DAYS,
        **_links(signup, base_url, confirm_token=confirm_token, withdraw_token=withdraw_token),
    }
    _send(to=[signup.email], template="confirm_request", context=context,
          language=signup.language)


def send_confirmed(signup: SignUp, *, base_url: str, withdraw_token: str) -> None:
    context = {"signup": signup, **_links(signup, base_url, withdraw_token=withdraw_token)}
    _send(to=[signup.email], template="confirmed", context=context, language=signup.language)


def send_withdrawn(signup: SignUp, *, base_url: str) -> None:
    _send(to=[signup.email], template="withdrawn", context={"signup": signup},
          language=signup.language)


def send_activity_moved(signup: SignUp, *, before: dict, base_url: str,
                        withdraw_token: str) -> None:
    """To a resident who said "Ik kom": the activity is on another day, time or place."""
    context = {"signup": signup, "activity": signup.activity, "before": before,
               **_links(signup, base_url, withdraw_token=withdraw_token)}
    _send(to=[signup.email], template="activity_moved", context=context,
          language=signup.language)


def _staff_addresses(signup: SignUp) -> list[str]:
    """The initiative's leads and the process managers, each address once."""
    initiative = signup.initiative or signup.created_initiative
    addresses = []
    if initiative is not None:
        addresses += Membership.objects.filter(
            initiative=initiative, role=MembershipRole.LEAD, ended_on__isnull=True,
        ).exclude(participant=signup.participant).exclude(participant__email="").values_list(
            "participant__email", flat=True
        )
        process = initiative.process
    else:
        process = signup.inflow.process if signup.inflow_id else None
    if process is not None:
        addresses += process.managers.exclude(email="").values_list("email", flat=True)
    return sorted(set(addresses))


def send_staff_notification(signup: SignUp, *, base_url: str) -> None:
    context = {
        "signup": signup, "initiative": signup.initiative or signup.created_initiative,
        "admin_url": base_url + reverse("admin:initiatives_signup_change", args=[signup.pk]),
    }
    # One message each, so nobody sees the others' addresses; staff read in the
    # site's first language.
    for address in _staff_addresses(signup):
        _send(to=[address], template="staff_notification", context=context,
              language=settings.LANGUAGE_CODE)


def send_idea_declined(signup: SignUp, *, message: str, withdraw_token: str) -> None:
    """The proposer hears, in their own language, that their idea is not taken up and why.

    Sent from the back office, not from the resident's request: its link uses SITE_URL."""
    context = {"signup": signup, "message": message,
               **_links(signup, settings.SITE_URL, withdraw_token=withdraw_token)}
    _send(to=[signup.email], template="idea_declined", context=context,
          language=signup.language)


def _managers_of(signup: SignUp) -> list[str]:
    """The process managers of the process the sign-up belongs to, each address once."""
    initiative = signup.initiative or signup.created_initiative
    if initiative is not None:
        process = initiative.process
    elif signup.inflow_id:
        process = signup.inflow.process
    else:
        return []
    return sorted(set(process.managers.exclude(email="").values_list("email", flat=True)))


def send_withdrawal_notice(signup: SignUp) -> None:
    """The process managers hear that a resident withdrew what they had confirmed."""
    context = {"signup": signup, "initiative": signup.initiative or signup.created_initiative}
    for address in _managers_of(signup):
        _send(to=[address], template="withdrawal_notice", context=context,
              language=settings.LANGUAGE_CODE)


def send_question_notice(signup: SignUp, *, followup, base_url: str) -> None:
    """The process managers hear of a confirmed question to an initiative, to pass it on
    to its leads (the same addressees as a withdrawal)."""
    context = {
        "signup": signup, "initiative": signup.initiative,
        "followup_url": base_url + hooks.followup_path(followup),
    }
    for address in _managers_of(signup):
        _send(to=[address], template="question_notice", context=context,
              language=settings.LANGUAGE_CODE)
