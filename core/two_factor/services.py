"""Enrolling, checking and resetting an account's second factor.

A password alone never binds an authenticator: the first app of an account (a new
one, or one whose devices were reset) is enrolled through a one-time link that a
superuser issues (admin action on the accounts, or `reset_two_factor`) and that
expires after TWO_FACTOR_ENROLMENT_HOURS. The owner is e-mailed whenever an app is
added or removed.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import EnrolmentLink

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "app"
BACKUP_DEVICE_NAME = "backup"

WRONG_CODE = _("This code is not right. Check the time on your phone and try the newest code.")


def normalise_code(value: str) -> str:
    """'123 456' -> '123456'; backup codes are lower case whatever was typed."""
    return "".join(value.split()).lower()


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# --- enrolment links ------------------------------------------------------------------------

def _hash(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


@transaction.atomic
def issue_enrolment_link(*, user, by=None, base_url: str = "") -> str:
    """A new one-time enrolment link for `user`; earlier unused ones stop working.

    Returns the link itself, which is shown once and stored nowhere (only its hash).
    """
    EnrolmentLink.objects.filter(user=user, used_at__isnull=True).delete()
    token = secrets.token_urlsafe(24)
    now = timezone.now()
    EnrolmentLink.objects.create(
        user=user, token_hash=_hash(token), issued_by=by, issued_at=now,
        expires_at=now + datetime.timedelta(hours=settings.TWO_FACTOR_ENROLMENT_HOURS),
    )
    base = (base_url or settings.SITE_URL).rstrip("/")
    return base + reverse("two_factor:enrol", args=[token])


def enrolment_link(*, user, token: str = "", pk=None):
    """The unused, unexpired enrolment link of `user` with this token (or primary key)."""
    links = EnrolmentLink.objects.filter(user=user, used_at__isnull=True,
                                         expires_at__gt=timezone.now())
    if token:
        return links.filter(token_hash=_hash(token)).first()
    if pk is not None:
        return links.filter(pk=pk).first()
    return None


def _notify(user, template: str) -> None:
    """Tell the owner of the account, in the site's language, what happened to it."""
    if not user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {"user": user, "when": timezone.localtime(), "site_url": settings.SITE_URL}
        subject = " ".join(render_to_string(f"two_factor/mail/{template}_subject.txt",
                                            context).split())
        body = render_to_string(f"two_factor/mail/{template}.txt", context)
    EmailMessage(subject=subject, body=body, to=[user.email]).send()


def notify_removed(sender, instance, **kwargs):
    """post_delete of an app device: by `reset`, in the admin, or with its account."""
    if instance.confirmed:
        user = get_user_model()._default_manager.filter(pk=instance.user_id).first()
        if user is not None:
            _notify(user, "device_removed")


def enrolment_device(*, user) -> TOTPDevice:
    """The account's unconfirmed app device, made on the first visit to the set-up page.

    The same secret is shown until it is confirmed, so reloading the page does not
    invalidate a QR code that was already scanned.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


ENROLMENT_EXPIRED = _("Your enrolment link has expired or was used. Ask a superuser for a "
                      "new one.")


@transaction.atomic
def confirm_enrolment(*, user, token: str, link) -> tuple[TOTPDevice, list[str]]:
    """Confirm the app with its first code, through the account's enrolment link (used up
    here); returns the device and new backup codes, and tells the owner by e-mail."""
    link = EnrolmentLink.objects.select_for_update().filter(
        pk=getattr(link, "pk", None), user=user, used_at__isnull=True,
        expires_at__gt=timezone.now()).first()
    if link is None:
        raise ValidationError(ENROLMENT_EXPIRED, code="no_enrolment_link")
    device = (TOTPDevice.objects.select_for_update()
              .filter(user=user, confirmed=False).order_by("pk").first())
    if device is None or not device.verify_token(normalise_code(token)):
        raise ValidationError(WRONG_CODE, code="wrong_code")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    _notify(user, "device_added")
    return device, replace_backup_codes(user=user)


@transaction.atomic
def replace_backup_codes(*, user) -> list[str]:
    """A fresh set of single-use backup codes; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(*, user, token: str):
    """The device that accepts this code (app or backup code), or None.

    Each device throttles its own failures (django-otp doubles the wait after each
    wrong code), on top of the login lockout the caller records.
    """
    token = normalise_code(token)
    # Six digits go to the app, anything else to the backup codes, so a backup code
    # never counts as a wrong app code (which would slow the next one down).
    model = TOTPDevice if len(token) == 6 and token.isdigit() else StaticDevice
    if not token or len(token) > 16:
        return None
    with transaction.atomic():
        for device in model.objects.devices_for_user(user).select_for_update():
            if device.verify_token(token):
                return device
    return None


@transaction.atomic
def reset(*, user) -> int:
    """Remove every second factor of an account: it enrols again at its next login."""
    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    return removed
