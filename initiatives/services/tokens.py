"""The signed, single-use links of a sign-up: confirming it and withdrawing it."""


import datetime
import hashlib
import secrets

from django.conf import settings
from django.core import signing

from initiatives.models import (
    SignUp,
)

CONFIRM_SALT = "initiatives.signup.confirm"
WITHDRAW_SALT = "initiatives.signup.withdraw"


class TokenError(Exception):
    """A link that cannot be used: forged, expired, used or unknown. `reason` says which;
    `kind` the kind of sign-up, where the link belongs to a known one."""

    def __init__(self, reason: str, *, kind: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.kind = kind


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def confirm_token() -> str:
    # Signed (a forged link is refused before any query) and timestamped (expiry);
    # the random part makes it unguessable; only its hash is stored.
    return signing.dumps(secrets.token_urlsafe(24), salt=CONFIRM_SALT)


def withdraw_token(signup: SignUp) -> str:
    # No expiry: a resident may withdraw at any time, from any of our e-mails.
    return signing.dumps(signup.pk, salt=WITHDRAW_SALT)


def signup_for_withdraw_token(token: str) -> SignUp:
    try:
        pk = signing.loads(token, salt=WITHDRAW_SALT)
    except signing.BadSignature:
        raise TokenError("invalid") from None
    signup = SignUp.objects.select_related("initiative", "activity", "neighbourhood").filter(
        pk=pk).first()
    if signup is None:
        raise TokenError("invalid")
    return signup


def check_confirm_token(token: str) -> str:
    try:
        signing.loads(token, salt=CONFIRM_SALT,
                      max_age=datetime.timedelta(days=settings.SIGNUP_CONFIRMATION_DAYS))
    except signing.SignatureExpired:
        raise TokenError("expired") from None
    except signing.BadSignature:
        raise TokenError("invalid") from None
    return hash_token(token)


def signup_for_confirm_token(token: str) -> SignUp:
    """The sign-up a confirmation link belongs to, for showing; raises TokenError."""
    signup = SignUp.objects.select_related("initiative", "activity", "neighbourhood").filter(
        token_hash=check_confirm_token(token)
    ).first()
    if signup is None:
        raise TokenError("invalid")
    if signup.withdrawn_at:
        raise TokenError("withdrawn", kind=signup.kind)
    if signup.confirmed_at:
        raise TokenError("used", kind=signup.kind)
    return signup


