"""Reset an account's two-factor login, e.g. after a lost phone.

    python manage.py reset_two_factor <username>

Removes the account's authenticator app and backup codes and ends its sessions,
and prints a one-time enrolment link (TWO_FACTOR_ENROLMENT_HOURS): with it, and the
password, the account sets up a new app. Hand the link over yourself (in person or by
phone), not by e-mail. Check the person's identity before running this: it is the way
around the second factor. For a new account, it prints the first link.
"""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.two_factor import services


class Command(BaseCommand):
    help = "Remove an account's two-factor devices so that it enrols again at its next login."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No account with the username {username!r}.") from None
        removed = services.reset(user=user)
        ended = _end_sessions(user)
        AxesProxyHandler.reset_attempts(username=user.get_username())
        link = services.issue_enrolment_link(user=user)
        self.stdout.write(self.style.SUCCESS(
            f"Removed {removed} device(s) of {user.get_username()} and ended {ended} session(s); "
            "the account sets up two-factor login again at its next login."
        ))
        self.stdout.write(
            f"One-time enrolment link (valid for {settings.TWO_FACTOR_ENROLMENT_HOURS} hours; "
            f"hand it over in person): {link}")


def _end_sessions(user) -> int:
    # Sessions are opaque rows: decode each live one to find this user's.
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended
