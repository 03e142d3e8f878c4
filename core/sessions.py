"""The inactivity timeout of a logged-in session.

The session lives SESSION_COOKIE_AGE seconds (SESSION_IDLE_MINUTES) after it was
last saved. Saving it on every request would cost a write on every page, so the
middleware saves it again only when the last save is more than a minute old: a
session then ends between SESSION_IDLE_MINUTES - 1 and SESSION_IDLE_MINUTES after
the last page that was opened.
"""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

LAST_ACTIVITY = "last_activity"
REFRESH_AFTER_SECONDS = 60


@receiver(user_logged_in, dispatch_uid="core.sessions.mark_activity")
def mark_activity(sender, request, user, **kwargs):
    # Logging in saves the session anyway; note the moment so the next page need not.
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY] = int(time.time())


class SessionIdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            now = int(time.time())
            if now - session.get(LAST_ACTIVITY, 0) >= REFRESH_AFTER_SECONDS:
                # Modifying the session makes SessionMiddleware save it with a new expiry.
                session[LAST_ACTIVITY] = now
        return response
