"""Demo neighbourhoods in Meppel and their WEI processes, each in another phase.

Dates are relative to today, so the demo always shows the last 18 months. The
processes are built through the services, exactly as a process manager would.
"""

import datetime

from django.contrib.auth.models import Group, User
from django.utils import timezone

from wei.models import ActivityKind, Neighbourhood, Phase, PhaseCriterion
from wei.roles import PROCESS_MANAGER
from wei.services import (
    activity_create,
    process_advance_phase,
    process_start,
    process_stop,
)

DEMO_USERNAME = "procesmanager"
DEMO_PASSWORD = "wijkkompas-demo"
MUNICIPALITIES = ["Meppel", "Zwolle", "Assen", "Hoogeveen", "Steenwijk"]

# slug: (name, description, months ago it started, phase it reached, months between phases)
NEIGHBOURHOODS = {
    "haveltermade": (
        "Haveltermade",
        "Naoorlogse wijk met veel sociale huur en een sterke buurtvereniging.",
        30,
        Phase.DEVELOPMENT,
        8,
    ),
    "oosterboer": (
        "Oosterboer",
        "Wijk met veel jonge gezinnen, een brede school en weinig ontmoetingsplekken.",
        20,
        Phase.EMERGENCE,
        9,
    ),
    "nieuwveense-landen": (
        "Nieuwveense Landen",
        "Nieuwbouwwijk aan de rand van Meppel.",
        6,
        Phase.INFORMATION,
        0,
    ),
    "berggierslanden": (
        "Berggierslanden",
        "Wijk waar bewoners een wijkcoöperatie hebben opgericht.",
        42,
        Phase.AUTONOMY,
        9,
    ),
}


def months_ago(months: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=round(months * 30.4))


def demo_process_manager() -> User:
    user, created = User.objects.get_or_create(
        username=DEMO_USERNAME,
        defaults={
            "first_name": "Petra",
            "last_name": "de Vries",
            "is_staff": True,
            "email": "procesmanager@example.org",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=PROCESS_MANAGER))
    return user


def _build_process(neighbourhood, *, started, phase, step_months, manager):
    process = process_start(
        neighbourhood=neighbourhood,
        title=f"Bewonersgestuurde wijkontwikkeling {neighbourhood.name}",
        started_on=months_ago(started),
        managers=[manager],
    )
    for number, to_phase in enumerate(range(Phase.EMERGENCE, phase + 1), start=1):
        process_advance_phase(
            process=process,
            to_phase=to_phase,
            occurred_on=months_ago(started - number * step_months),
            rationale="Criteria besproken met bewoners en partners; genoeg draagvlak.",
            criteria=PhaseCriterion.objects.filter(phase=to_phase - 1),
            by=manager,
        )
    _plan_activities(process)
    return process


def _plan_activities(process):
    kinds = [
        (ActivityKind.INFORMATION_MEETING, "Informatieavond in het buurthuis", Phase.INFORMATION),
        (ActivityKind.VERSNELLINGSKAMER, "Versnellingskamer: van droom naar doen", Phase.EMERGENCE),
        (ActivityKind.TRAINING, "Training projectmatig creëren", Phase.EMERGENCE),
        (ActivityKind.COACHING, "Coaching van de trekkers", Phase.DEVELOPMENT),
        (ActivityKind.REFLECTION, "Reflectiemoment Action Learning", Phase.DEVELOPMENT),
        (ActivityKind.COMMUNITY_MEETING, "Wijkcommunity-avond", Phase.AUTONOMY),
    ]
    available = [k for k in kinds if k[2] <= process.phase]
    # Information evenings and community meetings are open to every resident.
    public = {ActivityKind.INFORMATION_MEETING, ActivityKind.COMMUNITY_MEETING}
    evening = {"start_time": datetime.time(19, 30), "end_time": datetime.time(21, 30)}
    today = timezone.localdate()
    for month in range(0, 18, 2):
        kind, title, phase = available[month % len(available)]
        day = today - datetime.timedelta(days=month * 30 + 3)
        if day < process.started_on:
            break
        activity_create(
            process=process,
            kind=kind,
            title=title,
            date=day,
            phase=phase,
            location=f"Buurthuis {process.neighbourhood.name}",
            is_public=kind in public,
            **(evening if kind in public else {}),
        )
    # Something to look forward to on the dashboard.
    kind, title, phase = available[-1]
    activity_create(
        process=process,
        kind=kind,
        title=title,
        date=today + datetime.timedelta(days=12),
        phase=phase,
        location=f"Buurthuis {process.neighbourhood.name}",
        is_public=kind in public,
        **(evening if kind in public else {}),
    )
    if kind != ActivityKind.INFORMATION_MEETING:
        # Residents may flow in at any phase: there is always a next information evening.
        activity_create(
            process=process,
            kind=ActivityKind.INFORMATION_MEETING,
            title="Informatieavond in het buurthuis",
            date=today + datetime.timedelta(days=19),
            phase=process.phase,
            location=f"Buurthuis {process.neighbourhood.name}",
            description="Hoor wat er in de wijk gebeurt en waar je kunt meedoen.",
            is_public=True,
            **evening,
        )


def seed(*, scale: int, out) -> None:
    manager = demo_process_manager()
    out.write(f"Demo login (process manager): {DEMO_USERNAME} / {DEMO_PASSWORD}")
    for slug, (name, description, started, phase, step) in NEIGHBOURHOODS.items():
        neighbourhood, _ = Neighbourhood.objects.get_or_create(
            slug=slug, defaults={"name": name, "municipality": "Meppel", "description": description}
        )
        if neighbourhood.processes.exists():
            continue
        if slug == "nieuwveense-landen":
            # An earlier attempt stopped in the information phase, as the model demands
            # when no resident comes forward; a new process started since.
            first = process_start(
                neighbourhood=neighbourhood,
                title="Eerste wijkproces Nieuwveense Landen",
                started_on=months_ago(17),
                managers=[manager],
            )
            process_stop(
                process=first,
                occurred_on=months_ago(13),
                by=manager,
                reason="Geen intrinsiek gemotiveerde bewoners na drie informatieavonden.",
                confirmed=True,
            )
        _build_process(
            neighbourhood, started=started, phase=phase, step_months=step, manager=manager
        )
    # Benchmarks: more neighbourhoods, each with a process somewhere on the track.
    for number in range(1, scale // 6 + 1 if scale > 1 else 1):
        neighbourhood, created = Neighbourhood.objects.get_or_create(
            slug=f"wijk-{number}",
            defaults={"name": f"Wijk {number}", "municipality": MUNICIPALITIES[number % 5]},
        )
        if created or not neighbourhood.processes.exists():
            _build_process(
                neighbourhood,
                started=24,
                phase=Phase(number % 4 + 1),
                step_months=5,
                manager=manager,
            )
