"""Who may see and change what: the one place that answers it.

Each app registers, for each of its models, a rule that narrows a queryset to
the rows a user may see (and, where it differs, may change). Pages, lists,
counts, CSV exports and the admin all ask through `visible()` / `changeable()`,
so a rule written here holds everywhere at once.

A model without a rule is closed: only a superuser sees its rows. Rules are
registered in each app's `access.py`, imported by its AppConfig.ready().

This module is on the lowest floor, so it knows only processes and
neighbourhoods; the rules of higher apps build on `managed_processes()` and
`managed_neighbourhoods()`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, Model, OuterRef, QuerySet
from django.http import Http404

Rule = Callable[[object, QuerySet], QuerySet]


@dataclass(frozen=True)
class _Rules:
    see: Rule
    change: Rule | None


_RULES: dict[type[Model], _Rules] = {}


def register(model: type[Model], *, see: Rule, change: Rule | None = None) -> None:
    """Give `model` its rule: `see(user, queryset)` narrows to visible rows.

    `change` narrows further to the rows the user may change; without it, what a
    user may see (with the model's change permission) they may change.
    """
    _RULES[model] = _Rules(see=see, change=change)


def _is_staff_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def visible(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` this user may see (no rows for anonymous users)."""
    if not _is_staff_user(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    rules = _RULES.get(queryset.model)
    if rules is None:
        return queryset.none()
    return rules.see(user, queryset)


def changeable(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` this user may change."""
    queryset = visible(user, queryset)
    rules = _RULES.get(queryset.model)
    if user.is_superuser or rules is None or rules.change is None:
        return queryset
    return rules.change(user, queryset)


def may_view(user, obj: Model) -> bool:
    return visible(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def may_change(user, obj: Model) -> bool:
    return changeable(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def get_visible_or_404(user, queryset: QuerySet, **lookup):
    """The one object, if this user may see it; a 404 otherwise, never a 403.

    A 404 does not tell a curious user that the object exists.
    """
    try:
        return visible(user, queryset).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


# ---- The rules of this app, and the building blocks for the others ----------


def managed_processes(user) -> QuerySet:
    """The WEI processes this user manages (any status)."""
    from wei.models import Process

    if not _is_staff_user(user):
        return Process.objects.none()
    if user.is_superuser:
        return Process.objects.all()
    return Process.objects.filter(managers=user)


def managed_neighbourhoods(user) -> QuerySet:
    """The neighbourhoods where this user manages (or managed) a process."""
    from wei.models import Neighbourhood, Process

    if not _is_staff_user(user):
        return Neighbourhood.objects.none()
    if user.is_superuser:
        return Neighbourhood.objects.all()
    return Neighbourhood.objects.filter(
        Exists(Process.objects.filter(managers=user, neighbourhood=OuterRef("pk")))
    )


def in_managed_neighbourhood(path: str) -> Rule:
    """A rule: rows whose `path` (a neighbourhood lookup) is one the user manages."""

    def rule(user, queryset):
        return queryset.filter(**{f"{path}__in": managed_neighbourhoods(user).values("pk")})

    return rule


def in_managed_process(path: str) -> Rule:
    """A rule: rows whose `path` (a process lookup) is a process the user manages."""

    def rule(user, queryset):
        return queryset.filter(**{f"{path}__in": managed_processes(user).values("pk")})

    return rule


def everything(user, queryset):
    return queryset


def nothing(user, queryset):
    return queryset.none()


def register_rules():
    from wei import models

    register(models.Neighbourhood, see=in_managed_neighbourhood("pk"))
    register(models.Process, see=in_managed_process("pk"))
    register(models.PhaseTransition, see=in_managed_process("process"))
    register(models.Activity, see=in_managed_process("process"))
    # The phase texts and criteria are the method, the same for everybody.
    # only a superuser changes them.
    register(models.PhaseDescription, see=everything, change=nothing)
    register(models.PhaseCriterion, see=everything, change=nothing)
