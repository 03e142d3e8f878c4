"""Initiatives' share of a person's data, for export, erasure and retention
(the conventions are in participants.privacy).

- Export: their memberships and every sign-up that is theirs: linked to them, or made
  with their e-mail address and never confirmed.
- Erasure: active memberships end today (an outflow when it was the last thing keeping
  them in the process); the memberships stay, anonymous, as part of each initiative's
  history, and the reasons given for correcting them (which may name the person) are
  erased, withdrawn memberships' included. Their sign-ups, which are nothing but what
  they typed, are deleted.
- Retention: a sign-up that was never confirmed is deleted after
  RETENTION_UNCONFIRMED_SIGNUP_DAYS (at least the SIGNUP_CONFIRMATION_DAYS its link holds).
"""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from initiatives.models import Membership, SignUp
from initiatives.services import membership_end
from participants.models import OutflowReason, Participant
from participants.privacy import in_scope, model_fields


def _signups(participant):
    mine = Q(participant=participant)
    if participant.email:
        mine |= Q(email__iexact=participant.email)
    return SignUp.objects.filter(mine)


def export_personal_data(participant, *, scope=None) -> dict:
    memberships = (
        in_scope(scope, Membership.objects.filter(participant=participant))
        .select_related("initiative").order_by("started_on", "pk")
    )
    signups = (
        in_scope(scope, _signups(participant))
        .select_related("initiative", "neighbourhood", "created_initiative")
        .order_by("created_at", "pk")
    )
    return {
        "memberships": [
            model_fields(membership, ["initiative", "role", "started_on", "ended_on"])
            for membership in memberships
        ],
        "sign_ups": [
            model_fields(signup, [
                "kind", "initiative", "neighbourhood", "name", "email", "phone", "postcode",
                "contribution", "message", "idea_title", "created_initiative",
                "privacy_version", "language", "created_at", "confirmed_at", "withdrawn_at",
            ])
            for signup in signups
        ],
    }


def erase_personal_data(*, participant, today: datetime.date, by=None, scope=None) -> None:
    for membership in in_scope(scope, Membership.objects.filter(
            participant=participant, ended_on__isnull=True)):
        membership_end(membership=membership, ended_on=today, reason=OutflowReason.UNKNOWN,
                       by=by)
    in_scope(scope, Membership.history.filter(participant=participant)).exclude(
        withdrawal_reason="").update(withdrawal_reason="")
    SignUp.objects.filter(pk__in=in_scope(scope, _signups(participant)).values("pk")).delete()


def recently_active(since: datetime.date):
    memberships = Membership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=since), participant=OuterRef("pk")
    )
    signups = SignUp.objects.filter(participant=OuterRef("pk"), created_at__date__gte=since)
    return Participant.objects.filter(Exists(memberships) | Exists(signups)).values("pk")


def expire(*, now: datetime.datetime, batch_size: int) -> dict:
    cutoff = now - datetime.timedelta(days=settings.RETENTION_UNCONFIRMED_SIGNUP_DAYS)
    expired = SignUp.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
    removed = 0
    while batch := list(expired.order_by("pk").values_list("pk", flat=True)[:batch_size]):
        removed += SignUp.objects.filter(pk__in=batch).delete()[1].get("initiatives.SignUp", 0)
    return {"unconfirmed sign-ups removed": removed}
