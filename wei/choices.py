"""How the pickers name rows: kept apart from wei.admin, which registers on the admin
site, so that the site itself (config.admin_site) can read it without a circle."""

from collections.abc import Callable

from django.db import models

# How a picker names the rows of a model whose name alone does not tell them apart
# (people of the same name, four evenings of the same title): a label function and the
# relations it reads. Each app registers its own models (`label_choices`); every
# ScopedAdmin select, filter box and autocomplete (config.admin_site) uses it.
CHOICE_LABELS: dict[type[models.Model], tuple[Callable, tuple[str, ...]]] = {}


def label_choices(model, *, label: Callable, related: tuple[str, ...] = ()) -> None:
    CHOICE_LABELS[model] = (label, tuple(related))


def choice_label(model):
    """The label function and the relations it reads, or None for plain `str`."""
    return CHOICE_LABELS.get(model)
