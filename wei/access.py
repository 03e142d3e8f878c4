"""Who may see and change what: the one place that answers it.

Each app registers, for each of its models, a rule that narrows a queryset to
the rows a user may see (and, where it differs, may change). Pages, lists,
counts, CSV exports and the admin (`wei.scoped_admin.ScopedAdmin`) all ask through
`visible()` / `changeable()`, so a rule written here holds everywhere at once.

A model without a rule is closed: only a superuser sees its rows. Rules are
registered in each app's `access.py`, imported by its AppConfig.ready(). A
higher app may `widen()` a lower app's rule with a way in that only it knows
(the people of a route its facilitator works on), so no floor imports upward.

This module is on the lowest floor, so it knows only processes and
neighbourhoods; the rules of higher apps build on `managed_processes()` and
`managed_neighbourhoods()`.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.db.models.sql.datastructures import Join
from django.http import Http404

from wei import models
from wei.models import Neighbourhood, Process

Rule = Callable[[object, QuerySet], QuerySet]


@dataclass(frozen=True)
class _Rules:
    see: Rule
    change: Rule | None


_RULES: dict[type[Model], _Rules] = {}
_WIDER: defaultdict[type[Model], list[Rule]] = defaultdict(list)


def register(model: type[Model], *, see: Rule, change: Rule | None = None) -> None:
    """Give `model` its rule: `see(user, queryset)` narrows to visible rows.

    `change` narrows further to the rows the user may change; without it, what a
    user may see (with the model's change permission) they may change.
    """
    _RULES[model] = _Rules(see=see, change=change)


def widen(model: type[Model], *, see: Rule) -> None:
    """Open more rows of `model` to view: a user sees what any of its rules lets through.

    For a higher app's relation to a lower app's model; what may be changed stays
    as the model's own rule says (with the model's change permission).
    """
    _WIDER[model].append(see)


def _is_staff_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def visible(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` this user may see (no rows for anonymous users)."""
    if not _is_staff_user(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    model = queryset.model
    rules = _RULES.get(model)
    ways_in = ([rules.see] if rules else []) + _WIDER.get(model, [])
    if not ways_in:
        return queryset.none()
    if len(ways_in) == 1:
        return ways_in[0](user, queryset)
    narrowed = [rule(user, queryset) for rule in ways_in]
    if not any(_joins_added(rows, queryset) for rows in narrowed):
        # Rules that test the rows themselves (through subqueries) are joined with OR
        # in place: one pass over the table, and the list's index still serves its
        # first page. A set of keys per rule would be built in full for every page.
        combined = narrowed[0]
        for rows in narrowed[1:]:
            combined |= rows
        return combined
    # Each rule as a subquery of keys, so rules that join differently never duplicate rows.
    every_row = model._default_manager.all()
    condition = Q()
    for rule in ways_in:
        condition |= Q(pk__in=rule(user, every_row).values("pk"))
    return queryset.filter(condition)


def _joins_added(narrowed: QuerySet, queryset: QuerySet) -> bool:
    """Whether a rule joined another table to `queryset` (and so might repeat rows)."""
    before, query = set(queryset.query.alias_map), narrowed.query
    # A join Django set up and then trimmed (a lookup on the foreign key's own
    # column) stays in the map, unused.
    return any(
        isinstance(table, Join) and query.alias_refcount[alias]
        for alias, table in query.alias_map.items()
        if alias not in before
    )


def changeable(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` this user may change."""
    queryset = visible(user, queryset)
    rules = _RULES.get(queryset.model)
    if user.is_superuser or rules is None or rules.change is None:
        return queryset
    return rules.change(user, queryset)


def may_view(user, obj: Model) -> bool:
    if _is_staff_user(user) and user.is_superuser:
        return True  # no query: asked several times on every admin page
    return visible(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def may_change(user, obj: Model) -> bool:
    if _is_staff_user(user) and user.is_superuser:
        return True
    return changeable(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def get_visible_or_404(user, queryset: QuerySet, **lookup):
    """The one object, if this user may see it; a 404 otherwise, never a 403.

    A 404 does not tell a curious user that the object exists.
    """
    try:
        return visible(user, queryset).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def get_changeable_or_404(user, queryset: QuerySet, **lookup):
    """The one object, if this user may change it; a 404 otherwise (as above)."""
    try:
        return changeable(user, queryset).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def holds_role(user, role: str) -> Exists:
    """A condition for a rule: the user is in the role's group (wei.roles).

    An expression, not a boolean, so a rule that depends on a role is still one query.
    """
    return Exists(user.groups.filter(name=role))


# ---- The rules of this app, and the building blocks for the others ----------


def managed_processes(user) -> QuerySet:
    """The WEI processes this user manages (any status)."""
    if not _is_staff_user(user):
        return Process.objects.none()
    if user.is_superuser:
        return Process.objects.all()
    return Process.objects.filter(managers=user)


def managed_neighbourhoods(user) -> QuerySet:
    """The neighbourhoods where this user manages (or managed) a process."""
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


def colleagues(user, queryset):
    """Staff accounts: oneself and those who manage a process with you."""
    return queryset.filter(
        Q(pk=user.pk)
        | Q(pk__in=Process.managers.through.objects.filter(
            process__in=managed_processes(user).values("pk")).values("user"))
    )


# Rows every neighbourhood shares (organisations, themes): which rows of which models
# use them, and where those lie. Each app names the uses it knows (`used_in`), so a
# lower app's shared model learns of a higher app's uses without importing it.
_USES: defaultdict[type[Model], list[tuple[type[Model], str, str]]] = defaultdict(list)


def used_in(model: type[Model], by: type[Model], *, via: str, neighbourhood: str) -> None:
    """Rows of `by` use rows of the shared `model` through `via` (a foreign key or
    many-to-many field of `by`), and lie in the neighbourhood at the lookup `neighbourhood`."""
    _USES[model].append((by, via, neighbourhood))


def changed_by_managers_of_every_use(user, queryset):
    """A rule for shared rows: changeable by a process manager only when every
    neighbourhood that uses the row is one they manage (a superuser changes all); a
    renamed organisation or theme is renamed for everyone who sees it."""
    managed = managed_neighbourhoods(user).values("pk")
    condition = Exists(managed)
    for by, via, path in _USES[queryset.model]:
        elsewhere = (by._default_manager.filter(**{via: OuterRef("pk")})
                     .exclude(**{f"{path}__isnull": True}).exclude(**{f"{path}__in": managed}))
        condition &= ~Exists(elsewhere)
    return queryset.filter(condition)


def everything(user, queryset):
    return queryset


def nothing(user, queryset):
    return queryset.none()


def register_rules():
    # Staff accounts appear as choices (a process's managers, a route's facilitator):
    # each user sees their colleagues; only a superuser changes accounts.
    register(get_user_model(), see=colleagues, change=nothing)
    register(models.Neighbourhood, see=in_managed_neighbourhood("pk"))
    register(models.Process, see=in_managed_process("pk"))
    register(models.PhaseTransition, see=in_managed_process("process"))
    register(models.Activity, see=in_managed_process("process"))
    # The phase texts and criteria are the method, the same for everybody.
    # only a superuser changes them.
    register(models.PhaseDescription, see=everything, change=nothing)
    register(models.PhaseCriterion, see=everything, change=nothing)
