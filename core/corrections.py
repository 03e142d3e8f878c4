"""Records that can be corrected without rewriting history.

A history row (a flow event, an attendance, a phase transition, …) is never changed
or deleted once recorded. A correction withdraws it, with who, when and why, and for a
correction proper records its replacement beside it (`corrects` points back). The
withdrawn row stays, for the timeline and for anyone who asks why a figure changed,
but counts nowhere: a correctable model's default manager (`objects`) holds only its
current rows, so every count, list, export and report reads the corrected history
without asking. `history` holds every row, withdrawn ones included.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.steps import Steps, closed_step

WHY_MAX = 2000


class CurrentManager(models.Manager):
    """The rows that count: a withdrawn row is history, not data."""

    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Correctable(models.Model):
    """A history row that can be withdrawn or replaced by a correction.

    A concrete model declares `objects = CurrentManager()` (or a subclass made with
    `CurrentManager.from_queryset(...)`) first, so it is the default manager and
    related managers, admin lists and counts see current rows only, and `history =
    models.Manager()` beside it. Its unique constraints hold for current rows
    (`condition=Q(withdrawn_at__isnull=True)`), so a replacement can take its
    original's place.
    """

    withdrawn_at = models.DateTimeField(gettext_lazy("withdrawn at"), null=True, blank=True,
                                        editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False, verbose_name=gettext_lazy("withdrawn by"))
    withdrawal_reason = models.TextField(gettext_lazy("reason for the correction"),
                                         blank=True, max_length=WHY_MAX, editable=False)
    corrects = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="correction",
        editable=False, verbose_name=gettext_lazy("corrects"))

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


def clean_why(why: str) -> str:
    """The reason for a correction: required, so history says why it changed."""
    why = " ".join((why or "").split())
    if not why:
        raise ValidationError({"why": ValidationError(_("Say why this is corrected."),
                                                      code="why")})
    if len(why) > WHY_MAX:
        raise ValidationError({"why": ValidationError(
            _("Keep the reason under %(max)s characters.") % {"max": WHY_MAX}, code="why")})
    return why


def already_corrected() -> str:
    return _("This record has already been corrected or withdrawn; see the history.")


def corrected_steps(names, *, subject: str = "") -> Steps:
    """The steps of a row that was corrected or withdrawn: none is open any more."""
    return Steps(closed_step(name, already_corrected(), shown=False, subject=subject)
                 for name in names)


def lock_current(model, pk):
    """The row, locked, if it is still current; refused (in words) once corrected, so a
    correction submitted twice is recorded once."""
    row = model.history.select_for_update().filter(pk=pk).first()
    if row is None or row.withdrawn_at is not None:
        raise ValidationError(already_corrected(), code="already_corrected")
    return row


def withdraw(row, *, why: str, by) -> None:
    """Mark a locked, current row withdrawn (the caller checked it may be)."""
    row.withdrawn_at = timezone.now()
    row.withdrawn_by = by
    row.withdrawal_reason = clean_why(why)
    row.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])


def replace(row, replacement, *, why: str, by) -> None:
    """Withdraw `row` and save `replacement` (an unsaved copy with the corrected values)
    in its place, pointing back at it."""
    withdraw(row, why=why, by=by)
    replacement.pk = None
    replacement._state.adding = True
    replacement.withdrawn_at = None
    replacement.withdrawn_by = None
    replacement.withdrawal_reason = ""
    replacement.corrects = row
    replacement.save()


def repoint(row, replacement) -> None:
    """Every row that refers to `row` (a stay's later events, a membership's or a
    sign-up's inflow) refers to its replacement from now on, whichever app it is in:
    what it refers to is the record, now corrected. (The replacement's `corrects`, a
    one-to-one, keeps pointing back.)"""
    for relation in type(row)._meta.get_fields(include_hidden=True):
        if relation.is_relation and relation.auto_created and relation.one_to_many:
            name = relation.field.name
            relation.related_model._base_manager.filter(**{name: row}).update(
                **{name: replacement})
