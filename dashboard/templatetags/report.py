"""Showing a report's plain data (dashboard.report): codes as labels, ISO dates as dates,
amounts as euros, in the language of whoever reads it."""

import datetime
from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

from dashboard import charts
from dashboard.report import FEWER_THAN, FEWEST_SHOWN
from initiatives.models import InitiativeForm, InitiativePhase, InitiativeStatus
from nieuweroute.models import Stage
from participants.models import FlowKind, InflowChannel, OutflowReason
from wei.models import ActivityKind, Phase, ProcessStatus, TransitionKind

register = template.Library()

CHOICES = {
    "flow_kind": FlowKind, "channel": InflowChannel, "reason": OutflowReason, "phase": Phase,
    "process_status": ProcessStatus, "transition": TransitionKind, "activity": ActivityKind,
    "initiative_phase": InitiativePhase, "initiative_form": InitiativeForm,
    "initiative_status": InitiativeStatus, "stage": Stage,
}


@register.filter
def label(code, kind: str):
    """The label of `code` among the choices named `kind` (the code itself if unknown)."""
    choices = CHOICES[kind]
    try:
        return choices(code).label
    except ValueError:
        return code


@register.filter
def iso_date(value):
    return datetime.date.fromisoformat(value) if value else None


@register.filter
def euro(value) -> str:
    return "€ " + number_format(Decimal(value), 2, force_grouping=True)


@register.filter
def change(now: int, before: int) -> str:
    """'+3', '−2' or '0': the difference with the previous period."""
    difference = now - before
    return f"+{difference}" if difference > 0 else ("0" if not difference else f"−{-difference}")


@register.filter
def bars(rows, kind: str) -> charts.BarChart:
    """A bar chart of a report table's rows of this period: {code, now[, outcome]} with
    the code labelled from the choices named `kind`; "money" rows are {source, total}."""
    if kind == "money":
        return charts.bar_chart([(row["source"], float(Decimal(row["total"]))) for row in rows],
                                label_width=200, plot_width=260)
    return charts.bar_chart(
        [(str(label(row["code"], kind)).capitalize(), row["now"], row.get("outcome", False))
         for row in rows], label_width=200, plot_width=260)


@register.filter
def public_count(value) -> str:
    """A count of the residents' version: the number, or "fewer than 5"."""
    if value == FEWER_THAN:
        return gettext("fewer than %(n)s") % {"n": FEWEST_SHOWN}
    return number_format(value, force_grouping=True)
