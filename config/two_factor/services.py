"""Enrolling, checking and resetting an account's second factor."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "app"
BACKUP_DEVICE_NAME = "backup"

WRONG_CODE = _("This code is not right. Check the time on your phone and try the newest code.")


def normalise_code(value: str) -> str:
    """'123 456' -> '123456'; backup codes are lower case whatever was typed."""
    return "".join(value.split()).lower()


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolment_device(*, user) -> TOTPDevice:
    """The account's unconfirmed app device, made on the first visit to the set-up page.

    The same secret is shown until it is confirmed, so reloading the page does not
    invalidate a QR code that was already scanned.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


@transaction.atomic
def confirm_enrolment(*, user, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the app with its first code; returns the device and new backup codes."""
    device = (TOTPDevice.objects.select_for_update()
              .filter(user=user, confirmed=False).order_by("pk").first())
    if device is None or not device.verify_token(normalise_code(token)):
        raise ValidationError(WRONG_CODE, code="wrong_code")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
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
