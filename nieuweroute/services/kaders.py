"""The kaders of a route: numbered per steering organisation, drafted as concept, then
fixed; a fixed kader no longer changes."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nieuweroute.models import (
    Kader,
    KaderChange,
    KaderChangeKind,
    KaderStatus,
    KaderSubPoint,
    Route,
)
from nieuweroute.services.common import LETTERS
from nieuweroute.steps import kader_steps
from participants.models import Organisation


def _sub_point_lines(sub_points: Sequence[str]) -> list[str]:
    lines = [line.strip() for line in sub_points if line and line.strip()]
    if len(lines) > len(LETTERS):
        raise ValidationError(_("A kader has at most 26 sub-points."), code="too_many")
    return lines


def _history(kader: Kader, kind: str, by, at: datetime.datetime) -> None:
    KaderChange.objects.create(
        kader=kader, kind=kind, number=kader.number, text=kader.text,
        explanation=kader.explanation,
        sub_points="\n".join(
            f"{point.letter}) {point.text}" for point in kader.sub_points.all()
        ),
        changed_at=at, changed_by=by,
    )


def check_kader_number_free(route: Route, number: int, kader: Kader | None = None) -> None:
    taken = Kader.objects.filter(route=route, number=number)
    if kader is not None:
        taken = taken.exclude(pk=kader.pk)
    if taken.exists():
        raise ValidationError(
            {"number": _("This route already has a kader number %(number)s.")
             % {"number": number}},
            code="duplicate_number",
        )


def _save_kader(kader: Kader) -> None:
    try:
        with transaction.atomic():
            kader.save()
    except IntegrityError:
        # Someone took the number at the same moment.
        raise ValidationError(
            {"number": _("This route already has a kader number %(number)s.")
             % {"number": kader.number}},
            code="duplicate_number",
        ) from None


def check_sets_kaders(route: Route, organisation: Organisation) -> None:
    if not route.steering_organisations.filter(pk=organisation.pk).exists():
        raise ValidationError(
            {"organisation": _("%(organisation)s does not set kaders for this route.")
             % {"organisation": organisation.name}},
            code="not_steering",
        )


def _replace_sub_points(kader: Kader, lines: list[str]) -> None:
    kader.sub_points.all().delete()
    KaderSubPoint.objects.bulk_create(
        KaderSubPoint(kader=kader, letter=LETTERS[i], text=line) for i, line in enumerate(lines)
    )


@transaction.atomic
def kader_add(*, route: Route, number: int, organisation: Organisation, text: str,
              explanation: str = "", sub_points: Sequence[str] = (), by=None,
              now: datetime.datetime | None = None) -> Kader:
    check_sets_kaders(route, organisation)
    lines = _sub_point_lines(sub_points)
    check_kader_number_free(route, number)
    kader = Kader(route=route, number=number, organisation=organisation, text=text.strip(),
                  explanation=explanation.strip())
    kader.full_clean(validate_constraints=False)
    _save_kader(kader)
    _replace_sub_points(kader, lines)
    _history(kader, KaderChangeKind.CREATED, by, now or timezone.now())
    return kader


def _locked_kader(kader: Kader) -> Kader:
    return Kader.objects.select_for_update().get(pk=kader.pk)


@transaction.atomic
def kader_update(*, kader: Kader, number: int, text: str, explanation: str = "",
                 sub_points: Sequence[str] = (), by=None,
                 now: datetime.datetime | None = None) -> Kader:
    """Edit or renumber a concept kader."""
    kader = _locked_kader(kader)
    kader_steps(kader).require("edit")
    lines = _sub_point_lines(sub_points)
    check_kader_number_free(kader.route, number, kader)
    kader.number, kader.text, kader.explanation = number, text.strip(), explanation.strip()
    kader.full_clean(validate_constraints=False)
    _save_kader(kader)
    _replace_sub_points(kader, lines)
    _history(kader, KaderChangeKind.EDITED, by, now or timezone.now())
    return kader


@transaction.atomic
def kader_fix(*, kader: Kader, by=None, now: datetime.datetime | None = None) -> Kader:
    kader = _locked_kader(kader)
    kader_steps(kader).require("fix")
    kader.status = KaderStatus.FIXED
    kader.fixed_at = now or timezone.now()
    kader.fixed_by = by
    kader.save(update_fields=["status", "fixed_at", "fixed_by"])
    _history(kader, KaderChangeKind.FIXED, by, kader.fixed_at)
    return kader


