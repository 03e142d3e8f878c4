"""Demo initiatives: every form and phase, with members (through the flow services),
reflections and money flows. Idempotent: everything is found by a natural key
(slug, e-mail, name) before it is made, so it runs alone or after wei/participants."""

import datetime
from decimal import Decimal

from django.utils import timezone

from initiatives.models import (
    Initiative,
    InitiativeForm,
    InitiativePhase,
    Membership,
    MembershipRole,
    MoneyFlow,
    Reflection,
    Theme,
)
from initiatives.services import membership_start
from participants.models import Organisation, OrganisationKind, Participant
from wei.models import Neighbourhood, ProcessStatus
from wei.services import process_start

NEIGHBOURHOODS = [
    ("haveltermade", "Haveltermade"),
    ("oosterboer", "Oosterboer"),
    ("nieuwveense-landen", "Nieuwveense Landen"),
]
# slug, title, neighbourhood, form, phase, themes, description
INITIATIVES = [
    ("buurtmoestuin-haveltermade", "Buurtmoestuin Haveltermade", "haveltermade",
     InitiativeForm.LASTING, InitiativePhase.DEVELOPMENT, ["groen", "sociaal-isolement"],
     "Buren kweken samen groente op het veld achter de school en delen de oogst."),
    ("speeltuin-opknappen", "De speeltuin knappen we zelf op", "haveltermade",
     InitiativeForm.ONE_OFF, InitiativePhase.EMERGENCE, ["speeltuin"],
     "Eén zaterdag schuren, schilderen en nieuwe zandbakken maken."),
    ("kookestafette", "Kookestafette Oosterboer", "oosterboer",
     InitiativeForm.RELAY, InitiativePhase.EMERGENCE, ["sociaal-isolement", "armoede"],
     "Elke week kookt een ander huishouden voor wie wil aanschuiven."),
    ("repair-cafe-oosterboer", "Repair café Oosterboer", "oosterboer",
     InitiativeForm.BUSINESS, InitiativePhase.AUTONOMY, ["armoede"],
     "Vrijwilligers en een klein buurtbedrijf repareren fietsen en apparaten."),
    ("huiskamer-nieuwveen", "Huiskamer van Nieuwveen", "nieuwveense-landen",
     InitiativeForm.LASTING, InitiativePhase.IDEA, ["plek-om-samen-te-komen"],
     "Een plek om samen te komen, in een leegstaande winkel."),
    ("veilig-naar-school", "Veilig naar school", "nieuwveense-landen",
     InitiativeForm.ONE_OFF, InitiativePhase.DEVELOPMENT, ["veiligheid"],
     "Ouders lopen in hesjes mee op de drukke kruising."),
]
MEMBERS = [
    ("Fatima El Amrani", "fatima.demo@example.nl"),
    ("Henk Mulder", "henk.demo@example.nl"),
    ("Sanne Bakker", "sanne.demo@example.nl"),
    ("Joost Visser", "joost.demo@example.nl"),
]


def _neighbourhoods():
    result = {}
    for slug, name in NEIGHBOURHOODS:
        neighbourhood, _ = Neighbourhood.objects.get_or_create(
            slug=slug, defaults={"name": name, "municipality": "Meppel"}
        )
        process = neighbourhood.processes.filter(status=ProcessStatus.ACTIVE).first()
        if process is None:
            process = process_start(
                neighbourhood=neighbourhood, title=f"Wijkontwikkeling {neighbourhood.name}",
                started_on=datetime.date(2025, 1, 6),
            )
        result[slug] = process
    return result


def _participants():
    return [
        Participant.objects.get_or_create(email=email, defaults={"name": name})[0]
        for name, email in MEMBERS
    ]


def seed(*, scale: int, out) -> None:
    processes = _neighbourhoods()
    people = _participants()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    fund, _ = Organisation.objects.get_or_create(
        name="Gemeente Meppel", defaults={"kind": OrganisationKind.MUNICIPALITY}
    )
    corporation, _ = Organisation.objects.get_or_create(
        name="Woonconcept", defaults={"kind": OrganisationKind.HOUSING_CORPORATION}
    )
    year = timezone.localdate().year
    for index, (slug, title, where, form, phase, theme_slugs, description) in enumerate(
        INITIATIVES
    ):
        process = processes[where]
        initiative, created = Initiative.objects.get_or_create(slug=slug, defaults={
            "title": title, "neighbourhood": process.neighbourhood, "process": process,
            "form": form, "phase": phase, "description": description,
            "cooperative_member": phase == InitiativePhase.AUTONOMY,
            "is_public": phase != InitiativePhase.IDEA,
            "aims_people": "Buren leren elkaar kennen en helpen elkaar.",
            "aims_planet": "Minder afval, meer groen." if "groen" in theme_slugs else "",
            "aims_profit": "Een kleine vergoeding voor de vrijwilligers."
            if form == InitiativeForm.BUSINESS else "",
            "economic_role": "producing" if form == InitiativeForm.BUSINESS else "",
            "economic_goods": "reparaties" if form == InitiativeForm.BUSINESS else "",
            "needs_training": index % 2 == 0, "needs_coaching": index % 3 == 0,
            "needs_space": index % 2 == 1, "needs_money": True,
        })
        if created:
            initiative.themes.add(*[themes[t] for t in theme_slugs if t in themes])
        for role, person in ((MembershipRole.LEAD, people[index % len(people)]),
                             (MembershipRole.MEMBER, people[(index + 1) % len(people)])):
            if not Membership.objects.filter(participant=person, initiative=initiative,
                                             ended_on__isnull=True).exists():
                membership_start(participant=person, initiative=initiative, role=role,
                                 channel="information_meeting")
        Reflection.objects.get_or_create(
            initiative=initiative, date=datetime.date(year - 1, 11, 1), defaults={
                "what_we_did": "We hielden een eerste bijeenkomst in het buurthuis.",
                "what_went_well": "Er kwamen meer buren dan we dachten.",
                "what_we_learned": "Persoonlijk uitnodigen werkt beter dan een flyer.",
                "what_we_need_next": "Iemand die ons helpt met de begroting.",
                "is_public": True,
            },
        )
        MoneyFlow.objects.get_or_create(
            source=fund, neighbourhood=process.neighbourhood, initiative=initiative,
            purpose="Startbudget", defaults={
                "amount": Decimal("750.00") + 250 * index,
                "period_start": datetime.date(year, 1, 1),
                "period_end": datetime.date(year, 12, 31),
            },
        )
    for process in processes.values():
        MoneyFlow.objects.get_or_create(
            source=corporation, neighbourhood=process.neighbourhood, initiative=None,
            purpose="Leefbaarheidsbudget", defaults={
                "amount": Decimal("5000.00"), "period_start": datetime.date(year, 1, 1),
                "period_end": datetime.date(year, 12, 31),
            },
        )
    if scale > 1:
        _bulk(scale, list(processes.values()), list(themes.values()))
    out.write(f"Initiatives: {Initiative.objects.count()}")


def _bulk(scale: int, processes, themes) -> None:
    """20 initiatives per unit of scale, written in bulk (no members: those need the
    flow services one by one)."""
    wanted = [f"demo-initiatief-{n}" for n in range(20 * scale)]
    existing = set(Initiative.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    forms, phases = list(InitiativeForm), list(InitiativePhase)
    new = [
        Initiative(
            slug=slug, title=f"Initiatief {n + 1}", process=processes[n % len(processes)],
            neighbourhood=processes[n % len(processes)].neighbourhood,
            form=forms[n % len(forms)], phase=phases[n % len(phases)],
            cooperative_member=phases[n % len(phases)] == InitiativePhase.AUTONOMY,
            description="Een initiatief van bewoners.", is_public=n % 5 != 0,
        )
        for n, slug in enumerate(wanted) if slug not in existing
    ]
    created = Initiative.objects.bulk_create(new, batch_size=500)
    if themes and created:
        ids = {i.slug: i.pk for i in Initiative.objects.filter(slug__in=[c.slug for c in created])}
        through = Initiative.themes.through
        through.objects.bulk_create(
            [through(initiative_id=ids[c.slug], theme_id=themes[n % len(themes)].pk)
             for n, c in enumerate(created)],
            batch_size=1000,
        )
