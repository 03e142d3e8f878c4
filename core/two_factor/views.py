"""The login in two steps, enrolment and backup codes.

Step one is Django's LoginView at /inloggen/ (name `login`): an account without a
device is logged in as before; an account with one is remembered in the session
as "pending" and asked for its code. Wrong codes count as failed logins for the
lockout (django-axes), just like wrong passwords.
"""

import time
from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from core.two_factor import services
from core.two_factor.forms import CodeForm, LoginForm

PENDING = "two_factor_pending"
PENDING_SECONDS = 5 * 60
# The enrolment link this session opened (its primary key): it allows the set-up page.
ENROLMENT = "two_factor_enrolment"


def _safe_next(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return candidate
    return default


class LoginView(auth_views.LoginView):
    """Step one: the password."""

    form_class = LoginForm

    def get_default_redirect_url(self):
        # Asked before the login itself (the second step comes later), so by the account
        # that passed the password, not request.user.
        return landing_page(getattr(self, "_logging_in", self.request.user))

    def form_valid(self, form):
        user = self._logging_in = form.get_user()
        next_url = self.get_success_url()
        if services.has_device(user):
            # Not logged in yet: the session only remembers who passed step one.
            self.request.session[PENDING] = {
                "user": user.pk, "backend": user.backend, "next": next_url,
                "at": int(time.time()),
            }
            return redirect("two_factor:token")
        super().form_valid(form)
        if settings.TWO_FACTOR_REQUIRED and not _is_enrolment_link(next_url):
            return redirect(f"{reverse('two_factor:setup')}?{urlencode({'next': next_url})}")
        return redirect(next_url)


def landing_page(user) -> str:
    """Where a login without a `next` address lands. That depends on the staff roles, which
    this floor does not know: the settings name the function that does (LOGIN_LANDING_PAGE,
    wei.navigation.landing_page); without one, LOGIN_REDIRECT_URL."""
    dotted = getattr(settings, "LOGIN_LANDING_PAGE", None)
    return import_string(dotted)(user) if dotted else resolve_url(settings.LOGIN_REDIRECT_URL)


def _is_enrolment_link(url: str) -> bool:
    try:
        return resolve(url.split("?")[0]).view_name == "two_factor:enrol"
    except Resolver404:
        return False


def _pending_login(request):
    """The account that passed step one in this session, if it did so recently."""
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    if time.time() - pending.get("at", 0) > PENDING_SECONDS:
        del request.session[PENDING]
        messages.info(request, _("That took too long. Please log in again."))
        return None
    if pending.get("backend") not in settings.AUTHENTICATION_BACKENDS:
        return None
    user = get_user_model()._default_manager.filter(pk=pending.get("user"), is_active=True).first()
    return (user, pending) if user else None


def _record_failure(request, user):
    # Counted by django-axes like a wrong password; it marks the request when the
    # account is now locked, and its middleware then answers with the lockout page.
    user_login_failed.send(sender=__name__, request=request,
                           credentials={"username": user.get_username()})


@never_cache
@sensitive_post_parameters("otp_token")
def token(request):
    """Step two: the code from the app, or a backup code."""
    found = _pending_login(request)
    if found is None:
        return redirect("login")
    user, pending = found
    credentials = {"username": user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        del request.session[PENDING]
        return get_lockout_response(request, credentials=credentials)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify(user=user, token=form.cleaned_data["otp_token"])
        if device is not None:
            del request.session[PENDING]
            auth_login(request, user, backend=pending["backend"])
            django_otp.login(request, device)
            return redirect(pending["next"])
        _record_failure(request, user)
        form.add_error("otp_token", services.WRONG_CODE)
    return render(request, "two_factor/token.html", {"form": form})


def _qr_code(device) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    # Generated here from our own URL, no user input: safe to put in the page as is.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308


def _grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
@sensitive_post_parameters("otp_token")
def setup(request):
    """Set up the app (first time), confirm this session (device exists), or show the state."""
    user = request.user
    next_url = _safe_next(request, reverse("two_factor:setup"))
    form = CodeForm(request.POST or None)
    if services.has_device(user):
        if user.is_verified():
            return render(request, "two_factor/manage.html",
                          {"backup_codes_left": services.backup_codes_left(user)})
        # Logged in with a password before the app was set up elsewhere: confirm now.
        if request.method == "POST" and form.is_valid():
            device = services.verify(user=user, token=form.cleaned_data["otp_token"])
            if device is not None:
                django_otp.login(request, device)
                return redirect(next_url)
            _record_failure(request, user)
            form.add_error("otp_token", services.WRONG_CODE)
        return render(request, "two_factor/token.html", {"form": form, "next": next_url})

    # A first app only through an enrolment link a superuser issued: never by password alone.
    link = services.enrolment_link(user=user, pk=request.session.get(ENROLMENT))
    if link is None:
        return render(request, "two_factor/enrolment_needed.html",
                      {"required": settings.TWO_FACTOR_REQUIRED})
    device = services.enrolment_device(user=user)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.confirm_enrolment(
                user=user, token=form.cleaned_data["otp_token"], link=link)
        except ValidationError as error:
            form.add_error("otp_token", error)
        else:
            request.session.pop(ENROLMENT, None)
            django_otp.login(request, device)
            return render(request, "two_factor/backup_codes.html",
                          {"codes": codes, "next": next_url, "enrolled": True})
    return render(request, "two_factor/setup.html", {
        "form": form, "next": next_url, "qr_code": _qr_code(device),
        "secret": _grouped(b32encode(device.bin_key).decode()),
        "required": settings.TWO_FACTOR_REQUIRED,
    })


@never_cache
def enrol(request, token):
    """The one-time link a superuser issued: after the password, it opens the set-up page."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    link = services.enrolment_link(user=request.user, token=token)
    if link is None or services.has_device(request.user):
        return render(request, "two_factor/enrolment_link_problem.html", status=400)
    request.session[ENROLMENT] = link.pk
    return redirect("two_factor:setup")


@never_cache
@require_POST
@login_required
def backup_codes(request):
    """A new set of backup codes, shown once; only from a verified session."""
    if not (services.has_device(request.user) and request.user.is_verified()):
        return redirect("two_factor:setup")
    codes = services.replace_backup_codes(user=request.user)
    return render(request, "two_factor/backup_codes.html",
                  {"codes": codes, "next": reverse("two_factor:setup")})


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: a page in Dutch, HTTP 429."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
