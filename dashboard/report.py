"""The account of a period: figures and stories side by side, per neighbourhood or for all
the user may see.

`build()` returns plain data (dicts, lists, strings, ISO dates, amounts as strings) so
that the same structure is shown on the live page and frozen as JSON in a saved version
(dashboard.models.ReportVersion): a version renders from its snapshot alone. Codes
(kinds, channels, reasons, phases) are kept as codes and labelled when shown, so a
version reads in the language of whoever opens it.

Every read goes through wei.access; the number of queries does not depend on the data.
"""

import datetime
import re
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum

from core.periods import Period, quarter_number, quarter_of, year_of
from initiatives.models import (
    Initiative,
    InitiativeForm,
    InitiativePhase,
    InitiativePhaseChange,
    MoneyFlow,
    Reflection,
)
from nieuweroute.models import PlanItem, PlanVersion, Route, Verdict
from participants.models import (
    Attendance,
    FlowEvent,
    FlowKind,
    InflowChannel,
    OutflowReason,
)
from wei import access
from wei.models import Activity, PhaseTransition, Process


def _in(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def build(user, *, period: Period, neighbourhood=None) -> dict:
    """The report of `period` for `neighbourhood` (None: every neighbourhood the user sees)."""

    def scoped(queryset, path):
        queryset = access.visible(user, queryset)
        if neighbourhood is not None:
            queryset = queryset.filter(**{path: neighbourhood})
        return queryset

    previous = period.previous()
    return {
        "period": period.as_data(),
        "previous": previous.as_data(),
        "neighbourhood": ({"name": neighbourhood.name, "slug": neighbourhood.slug}
                          if neighbourhood is not None else None),
        "processes": _processes(scoped, period),
        "flows": _flows(scoped(FlowEvent.objects.all(), "process__neighbourhood"),
                        period, previous),
        "activities": _activities(scoped, period),
        "initiatives": _initiatives(scoped, period),
        "routes": _routes(user, scoped(Route.objects.all(), "neighbourhood")),
        "money": _money(scoped(MoneyFlow.objects.all(), "neighbourhood"), period),
    }


def _processes(scoped, period) -> list[dict]:
    """Where each process stands now, and its transitions in the period with their
    rationales (two queries)."""
    processes = scoped(Process.objects.all(), "neighbourhood").filter(
        started_on__lte=period.end).select_related("neighbourhood").prefetch_related(
        Prefetch("transitions", queryset=PhaseTransition.objects.filter(
            _in(period, "occurred_on")).order_by("occurred_on", "created_at", "id"),
            to_attr="moved"))
    return [{
        "title": process.title,
        "neighbourhood": process.neighbourhood.name,
        "phase": process.phase,
        "status": process.status,
        "transitions": [{
            "on": t.occurred_on.isoformat(), "kind": t.kind, "from_phase": t.from_phase,
            "to_phase": t.to_phase, "rationale": t.rationale,
        } for t in process.moved],
    } for process in processes.order_by("neighbourhood__name", "-started_on", "id")]


def _flows(events, period, previous) -> dict:
    """Inflow, throughflow and outflow in the period and the one before, by channel and
    reason, outcomes first (one query: both periods counted side by side)."""
    rows = events.filter(Q(_in(period, "occurred_on")) | Q(_in(previous, "occurred_on"))
                         ).values("kind", "channel", "reason").annotate(
        now=Count("id", filter=_in(period, "occurred_on")),
        before=Count("id", filter=_in(previous, "occurred_on")),
    ).order_by()
    kinds, channels, reasons = Counter(), Counter(), Counter()
    for row in rows:
        for when in ("now", "before"):
            kinds[(row["kind"], when)] += row[when]
            if row["kind"] == FlowKind.INFLOW:
                channels[(row["channel"], when)] += row[when]
            elif row["kind"] == FlowKind.OUTFLOW:
                reasons[(row["reason"], when)] += row[when]
    outcomes = OutflowReason.outcomes()
    reason_order = [r.value for r in outcomes] + [
        r for r in OutflowReason.values if r not in outcomes]
    return {
        "kinds": [{"code": k, "now": kinds[(k, "now")], "before": kinds[(k, "before")]}
                  for k in FlowKind.values],
        "outcomes": {"now": sum(reasons[(r, "now")] for r in outcomes),
                     "before": sum(reasons[(r, "before")] for r in outcomes)},
        "channels": [{"code": c, "now": channels[(c, "now")], "before": channels[(c, "before")]}
                     for c in InflowChannel.values],
        "reasons": [{"code": r, "outcome": r in outcomes, "now": reasons[(r, "now")],
                     "before": reasons[(r, "before")]} for r in reason_order],
    }


def _activities(scoped, period) -> dict:
    """The activities held and who came; new are people who had come to no activity of
    the same process before the period (three queries)."""
    activities = list(scoped(Activity.objects.all(), "process__neighbourhood").filter(
        _in(period, "date")).select_related("process").order_by("date", "title", "id"))
    visits = list(Attendance.objects.filter(activity__in=[a.pk for a in activities])
                  .values_list("activity__process", "activity", "participant"))
    earlier = set(Attendance.objects.filter(
        activity__process__in={process for process, _, _ in visits},
        activity__date__lt=period.start,
        participant__in={person for _, _, person in visits},
    ).values_list("activity__process", "participant").distinct()) if visits else set()
    came = Counter(activity for _, activity, _ in visits)
    people = {(process, person) for process, _, person in visits}
    new = {(process, person) for process, person in people if (process, person) not in earlier}
    return {
        "held": len(activities),
        "visits": len(visits),
        "people": len({person for _, person in people}),
        "new_people": len({person for _, person in new}),
        "list": [{"title": a.title, "date": a.date.isoformat(), "kind": a.kind,
                  "came": came[a.pk]} for a in activities],
    }


def _initiatives(scoped, period) -> dict:
    """The initiatives by phase and form as they stand, each with its phase changes and
    the reflections of the period in full (three queries)."""
    initiatives = list(scoped(Initiative.objects.all(), "neighbourhood").prefetch_related(
        Prefetch("reflections", queryset=Reflection.objects.filter(_in(period, "date")).order_by(
            "date", "id"), to_attr="told"),
        Prefetch("phase_changes", queryset=InitiativePhaseChange.objects.filter(
            _in(period, "occurred_on")).order_by("occurred_on", "created_at", "id"),
            to_attr="moved"),
    ).order_by("title", "id"))
    counts = Counter((i.phase, i.form) for i in initiatives)
    return {
        "by_phase": [{"phase": phase, "forms": [counts[(phase, form)]
                                                for form in InitiativeForm.values],
                      "total": sum(counts[(phase, form)] for form in InitiativeForm.values)}
                     for phase in InitiativePhase.values],
        "forms": list(InitiativeForm.values),
        # Grew: ended the period in a later phase than it began it, by its own changes.
        "grew": sum(1 for i in initiatives
                    if i.moved and i.moved[-1].to_phase > i.moved[0].from_phase),
        "list": [{
            "title": i.title, "phase": i.phase, "form": i.form, "status": i.status,
            "phase_changes": [{
                "on": c.occurred_on.isoformat(), "from_phase": c.from_phase,
                "to_phase": c.to_phase, "rationale": c.rationale,
            } for c in i.moved],
            "reflections": [{
                "id": r.pk, "date": r.date.isoformat(), "what_we_did": r.what_we_did,
                "what_went_well": r.what_went_well, "what_we_learned": r.what_we_learned,
                "what_we_need_next": r.what_we_need_next,
            } for r in i.told],
        } for i in initiatives],
    }


def _routes(user, routes) -> list[dict]:
    """Nieuwe Route processes with their kwestie, stage and the agreements of the latest
    accepted plan (three queries)."""
    accepted = access.visible(user, PlanVersion.objects.filter(verdict=Verdict.ACCEPTED)
                              ).order_by("-number").prefetch_related(Prefetch(
                                  "items", queryset=PlanItem.objects.select_related(
                                      "who_participant", "who_organisation").order_by("id")))
    chosen = routes.with_progress().select_related("neighbourhood").prefetch_related(
        Prefetch("plans", queryset=accepted, to_attr="accepted")).order_by("-created_at", "-id")
    result = []
    for route in chosen:
        plan = route.accepted[0] if route.accepted else None
        result.append({
            "title": route.title,
            "neighbourhood": route.neighbourhood.name if route.neighbourhood else "",
            "kwestie": route.kwestie,
            "stage": route.stage.value,
            "plan": {
                "number": plan.number, "decided_on": plan.decided_on.isoformat(),
                "items": [{"what": item.what, "who": str(item.who),
                           "due_on": item.due_on.isoformat() if item.due_on else ""}
                          for item in plan.items.all()],
            } if plan else None,
        })
    return result


def _money(money_flows, period) -> dict:
    """Every money flow whose period overlaps the report's, by source and destination
    (an initiative or the neighbourhood as a whole), with totals (one query)."""
    rows = list(money_flows.filter(period_start__lte=period.end, period_end__gte=period.start)
                .values("source__name", "neighbourhood__name", "initiative__title")
                .annotate(total=Sum("amount"), n=Count("id"))
                .order_by("source__name", "neighbourhood__name", "initiative__title"))
    by_source = defaultdict(Decimal)
    for row in rows:
        by_source[row["source__name"]] += row["total"]
    return {
        "rows": [{"source": row["source__name"], "neighbourhood": row["neighbourhood__name"],
                  "initiative": row["initiative__title"] or "", "total": _cents(row["total"]),
                  "flows": row["n"]} for row in rows],
        "by_source": [{"source": name, "total": _cents(total)}
                      for name, total in sorted(by_source.items())],
        "total": _cents(sum(by_source.values(), Decimal(0))),
    }


def _cents(amount) -> str:
    # SQLite sums decimals without their places; a snapshot keeps them alike everywhere.
    return str(Decimal(amount).quantize(Decimal("0.01")))


def leave_out(report: dict, reflection_ids) -> dict:
    """The report without the reflections whose ids are given (the manager's choice)."""
    left_out = {int(pk) for pk in reflection_ids}
    for initiative in report["initiatives"]["list"]:
        initiative["reflections"] = [r for r in initiative["reflections"]
                                     if r["id"] not in left_out]
    return report


MAIN_FIGURES = (
    ("inflow", lambda r: _kind(r, FlowKind.INFLOW)),
    ("throughflow", lambda r: _kind(r, FlowKind.THROUGHFLOW)),
    ("outflow", lambda r: _kind(r, FlowKind.OUTFLOW)),
    ("outcomes", lambda r: r["flows"]["outcomes"]["now"]),
    ("activities", lambda r: r["activities"]["held"]),
    ("people", lambda r: r["activities"]["people"]),
    ("new_people", lambda r: r["activities"]["new_people"]),
    ("initiatives", lambda r: len(r["initiatives"]["list"])),
    ("grew", lambda r: r["initiatives"].get("grew", 0)),
    ("reflections", lambda r: sum(len(i["reflections"]) for i in r["initiatives"]["list"])),
    ("money", lambda r: r["money"]["total"]),
)


def _kind(data, kind):
    return next(row["now"] for row in data["flows"]["kinds"] if row["code"] == kind)


def main_figures(earlier: dict, later: dict) -> list[tuple[str, object, object]]:
    """(figure, in the earlier version, in the later one) for two snapshots."""
    return [(name, figure(earlier), figure(later)) for name, figure in MAIN_FIGURES]


# The corrected records a report counts: (model, path to the neighbourhood, the date
# that puts it in a period, or the (start, end) of its own period that overlaps one).
# core.corrections: a correction withdraws the original. Memberships are no figure of
# the report, so a corrected one changes none.
CORRECTED_RECORDS = [
    (FlowEvent, "process__neighbourhood", "occurred_on"),
    (Attendance, "activity__process__neighbourhood", "activity__date"),
    (PhaseTransition, "process__neighbourhood", "occurred_on"),
    (InitiativePhaseChange, "initiative__neighbourhood", "occurred_on"),
    (Reflection, "initiative__neighbourhood", "date"),
    # A money flow counts in every report whose period its own overlaps.
    (MoneyFlow, "neighbourhood", ("period_start", "period_end")),
]


def corrections_between(user, first, second) -> int:
    """How many records the two saved versions count were corrected or withdrawn
    between the moments they were saved: a difference in their figures may be one of
    these, not new work. A version itself never changes (its snapshot is frozen)."""
    since, until = sorted([first.made_at, second.made_at])
    periods = [Period(version.period_start, version.period_end) for version in (first, second)]
    total = 0
    for model, place, day in CORRECTED_RECORDS:
        rows = access.visible(user, model.history.filter(
            withdrawn_at__gt=since, withdrawn_at__lte=until))
        neighbourhoods = {version.neighbourhood_id for version in (first, second)}
        if None not in neighbourhoods:
            rows = rows.filter(**{f"{place}__in": neighbourhoods})
        in_a_period = Q()
        for period in periods:
            in_a_period |= _in(period, day) if isinstance(day, str) else Q(**{
                f"{day[0]}__lte": period.end, f"{day[1]}__gte": period.start})
        total += rows.filter(in_a_period).count()
    return total


# ---- The residents' version -------------------------------------------------------

# A number of people or events is shown only from this many on: fewer could point at
# someone a neighbour knows. Zero stays zero.
FEWEST_SHOWN = 5
FEWER_THAN = "<5"


def shown(count: int):
    """`count` as residents may read it: the number, or FEWER_THAN for 1 to 4."""
    return count if count == 0 or count >= FEWEST_SHOWN else FEWER_THAN


def period_slug(period: Period) -> str:
    """The period in a public address: '2026-k3' (a quarter), '2026' (a year), or
    '2026-07-01-2026-09-15'."""
    if period == quarter_of(period.start):
        return f"{period.start.year}-k{quarter_number(period.start)}"
    if period == year_of(period.start):
        return str(period.start.year)
    return f"{period.start.isoformat()}-{period.end.isoformat()}"


_SLUG = re.compile(r"^(\d{4})(?:-k([1-4]))?$|^(\d{4}-\d{2}-\d{2})-(\d{4}-\d{2}-\d{2})$")


def period_from_slug(slug: str) -> Period | None:
    """The period of a public address, or None if the slug names none."""
    match = _SLUG.match(slug or "")
    if not match:
        return None
    year, quarter, start, end = match.groups()
    try:
        if start:
            period = Period(datetime.date.fromisoformat(start), datetime.date.fromisoformat(end))
        elif quarter:
            period = quarter_of(datetime.date(int(year), int(quarter) * 3, 1))
        else:
            period = year_of(datetime.date(int(year), 1, 1))
    except ValueError:
        return None
    if period.end < period.start or period_slug(period) != slug:
        return None
    return period


def public(*, period: Period, neighbourhood, learned: str = "", reflections=None) -> dict:
    """What residents may read of the period in `neighbourhood`, read from the database
    (not from a staff snapshot) so that only public rows are used: counts under
    FEWEST_SHOWN hidden, reflections only the public ones of public initiatives (and,
    given `reflections`, only those ids), and no name, address or free staff text about
    a person: no participants, no staff, no plan item's "who", no transition rationale
    (nine queries, whatever the data)."""
    here = {"neighbourhood": neighbourhood}
    flows = _flows(FlowEvent.objects.filter(process__neighbourhood=neighbourhood),
                   period, period.previous())
    activities = _activities(lambda queryset, path: queryset.filter(**{path: neighbourhood}),
                             period)
    processes = Process.objects.filter(**here, started_on__lte=period.end).prefetch_related(
        Prefetch("transitions", queryset=PhaseTransition.objects.filter(
            _in(period, "occurred_on")).order_by("occurred_on", "created_at", "id"),
            to_attr="moved"))
    told = Reflection.objects.filter(_in(period, "date"), is_public=True).order_by("date", "id")
    if reflections is not None:
        told = told.filter(pk__in=list(reflections))
    initiatives = list(Initiative.objects.public().filter(**here).prefetch_related(
        Prefetch("reflections", queryset=told, to_attr="told")).order_by("title", "id"))
    by_phase = Counter(i.phase for i in initiatives)
    accepted = PlanVersion.objects.filter(verdict=Verdict.ACCEPTED).order_by(
        "-number").prefetch_related(Prefetch("items", queryset=PlanItem.objects.order_by("id")))
    routes = Route.objects.filter(**here).with_progress().prefetch_related(
        Prefetch("plans", queryset=accepted, to_attr="accepted")).order_by("-created_at", "-id")
    money = _money(MoneyFlow.objects.filter(**here), period)
    return {
        "period": period.as_data(),
        "neighbourhood": {"name": neighbourhood.name, "slug": neighbourhood.slug,
                          "municipality": neighbourhood.municipality},
        "processes": [{
            "title": p.title, "phase": p.phase, "status": p.status,
            "steps": [{"on": t.occurred_on.isoformat(), "kind": t.kind,
                       "from_phase": t.from_phase, "to_phase": t.to_phase} for t in p.moved],
        } for p in processes.order_by("-started_on", "id")],
        "flows": {
            "kinds": [{"code": row["code"], "now": shown(row["now"])}
                      for row in flows["kinds"]],
            "outcomes": shown(flows["outcomes"]["now"]),
            "channels": [{"code": row["code"], "now": shown(row["now"])}
                         for row in flows["channels"] if row["now"]],
            "reasons": [{"code": row["code"], "outcome": row["outcome"],
                         "now": shown(row["now"])} for row in flows["reasons"] if row["now"]],
        },
        "activities": {"held": shown(activities["held"]), "people": shown(activities["people"]),
                       "new_people": shown(activities["new_people"])},
        "initiatives": {
            # Public initiatives are named on the site already: counted exactly.
            "by_phase": [{"phase": phase, "total": by_phase[phase]}
                         for phase in InitiativePhase.values],
            "list": [{
                "title": i.title, "slug": i.slug, "phase": i.phase, "form": i.form,
                "reflections": [{
                    "date": r.date.isoformat(), "what_we_did": r.what_we_did,
                    "what_went_well": r.what_went_well, "what_we_learned": r.what_we_learned,
                    "what_we_need_next": r.what_we_need_next,
                } for r in i.told],
            } for i in initiatives],
        },
        "routes": [{
            "title": route.title, "kwestie": route.kwestie, "stage": route.stage.value,
            "agreements": [item.what for item in route.accepted[0].items.all()]
            if route.accepted else [],
        } for route in routes],
        "money": {"by_source": money["by_source"], "total": money["total"]},
        "learned": learned,
    }
