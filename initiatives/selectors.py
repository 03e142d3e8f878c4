"""Reads for the public pages, each a fixed number of queries."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from initiatives.models import (
    Initiative,
    InitiativeForm,
    InitiativePhase,
    InitiativeStatus,
    Reflection,
    SignUp,
    SignUpKind,
)
from wei import selectors as wei_selectors
from wei.models import Activity, Neighbourhood


def public_initiatives():
    return Initiative.objects.public().for_list().order_by("title", "id")


def public_initiative_for_page():
    """The public initiatives as their own page shows them, each with `neighbours_taking_part`:
    the number of its active memberships, counted in the same query (never who).

    Memberships alone: a confirmed sign-up to join is a membership already (the sign-up
    points to it), so counting those too would count a neighbour twice; an unconfirmed one
    is nobody taking part yet, and a withdrawn one has ended its membership. The
    database holds one active membership per person and initiative, so the count is of
    people."""
    return public_initiatives().annotate(neighbours_taking_part=Count(
        "memberships", filter=Q(memberships__ended_on__isnull=True,
                                memberships__withdrawn_at__isnull=True)))


def public_initiative_slugs():
    """The slugs of the public initiatives, for sitemap.xml (one query)."""
    return Initiative.objects.public().order_by("slug").values_list("slug", flat=True)


def latest_public_reflection(initiative: Initiative) -> Reflection | None:
    return initiative.reflections.filter(is_public=True).order_by("-date", "-id").first()


def neighbourhoods():
    return Neighbourhood.objects.all()


def newest_public_initiatives(*, limit: int = 4) -> list[Initiative]:
    """The newest public initiatives (two queries: the rows, their themes). Newest by id,
    which follows the creation order and is read from the primary key's index."""
    return list(Initiative.objects.public().for_list().order_by("-id")[:limit])


def latest_public_stories(neighbourhood: Neighbourhood, *, limit: int = 3) -> list[Reflection]:
    """The newest reflections that a public initiative of the neighbourhood chose to make
    public (one query)."""
    return list(
        Reflection.objects.filter(
            is_public=True,
            initiative__in=Initiative.objects.public().filter(neighbourhood=neighbourhood),
        ).select_related("initiative").order_by("-date", "-id")[:limit]
    )


def coming(signups: QuerySet | None = None) -> QuerySet:
    """The confirmed "Ik kom" sign-ups that are not withdrawn."""
    return (SignUp.objects.all() if signups is None else signups).filter(
        kind=SignUpKind.ATTEND, confirmed_at__isnull=False, withdrawn_at__isnull=True)


def with_coming_count(activities: QuerySet) -> QuerySet:
    """Each activity with `coming`: how many people confirmed they come (a subquery in
    the same query; a person who said so twice counts once)."""
    count = (coming().filter(activity=OuterRef("pk")).order_by().values("activity")
             .annotate(n=Count("participant", distinct=True)).values("n"))
    return activities.annotate(
        coming=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)))


def upcoming_public_activities(*, today: datetime.date, neighbourhood=None,
                               activities: QuerySet | None = None, limit: int = 5):
    """wei's next public activities, each with its count of people coming (one query)."""
    return wei_selectors.upcoming_public_activities(
        today=today, neighbourhood=neighbourhood, limit=limit,
        activities=with_coming_count(Activity.objects.all() if activities is None
                                     else activities))


def activities_taking_sign_ups(today: datetime.date) -> QuerySet:
    """The public activities still ahead that take "Ik kom" sign-ups."""
    return Activity.objects.public().filter(takes_sign_ups=True, date__gte=today)


# ---- Panels for overviews: each takes the rows a user may see ----------------


def initiatives_by_phase_and_form(initiatives: QuerySet) -> list[tuple]:
    """A table: one row per phase, one count per form, and the row total (one query)."""
    counts = {
        (row["phase"], row["form"]): row["n"]
        for row in initiatives.exclude(status=InitiativeStatus.ENDED)
        .values("phase", "form").annotate(n=Count("id")).order_by()
    }
    return [
        (phase, [counts.get((phase.value, form.value), 0) for form in InitiativeForm],
         sum(counts.get((phase.value, form.value), 0) for form in InitiativeForm))
        for phase in InitiativePhase
    ]


def initiatives_needing_support(initiatives: QuerySet, *, limit: int = 10):
    """Active initiatives that ask for support, the longest-waiting first (one query)."""
    return list(
        initiatives.asking_support().filter(status=InitiativeStatus.ACTIVE)
        .select_related("neighbourhood").order_by("created_at", "id")[:limit]
    )


def latest_reflections(reflections: QuerySet, *, limit: int = 5):
    """The newest Action Learning reflections, in their own words (one query)."""
    return list(
        reflections.select_related("initiative__neighbourhood").order_by("-date", "-id")[:limit]
    )


def money_by_source_and_destination(money_flows: QuerySet, *, limit: int = 15) -> list[dict]:
    """Sums per source organisation and destination (an initiative or the neighbourhood).

    One query; the `limit` largest sums first.
    """
    return list(
        money_flows.values(
            "source__name", "neighbourhood__name", "initiative", "initiative__title"
        ).annotate(total=Sum("amount"), n=Count("id")).order_by("-total", "source__name")[:limit]
    )


def money_by_source(money_flows: QuerySet) -> list[tuple[str, object]]:
    """(source organisation, total) for a chart, largest first (one query)."""
    return list(
        money_flows.values_list("source__name").annotate(total=Sum("amount"))
        .order_by("-total", "source__name")
    )
