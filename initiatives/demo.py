"""Demo initiatives: every form and phase, with members (through the flow services),
reflections and money flows. Idempotent: everything is found by a natural key
(slug, e-mail, name) before it is made, so it runs alone or after wei/participants."""

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from initiatives import services
from initiatives.models import (
    Initiative,
    InitiativeForm,
    InitiativePhase,
    InitiativePhaseChange,
    InitiativeStatus,
    Membership,
    MembershipRole,
    MoneyFlow,
    Reflection,
    SignUp,
    SignUpKind,
    Theme,
)
from initiatives.services import (
    membership_start,
    signup_confirm,
    signup_submit,
    signup_withdraw,
    withdraw_token,
)
from participants.models import (
    FlowEvent,
    FlowKind,
    Organisation,
    OrganisationKind,
    Participant,
)
from wei.models import Neighbourhood, Process, ProcessStatus
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
BATCH = 2000


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
        if phase > InitiativePhase.IDEA:
            # How it reached its phase: the last step, a few weeks ago.
            InitiativePhaseChange.objects.get_or_create(
                initiative=initiative, to_phase=phase, defaults={
                    "from_phase": phase - 1,
                    "occurred_on": timezone.localdate() - datetime.timedelta(days=20 + 9 * index),
                    "rationale": "De groep komt vast samen en heeft de taken verdeeld.",
                })
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
    _signups()
    if scale > 1:
        _bulk(scale, list(themes.values()))
    out.write(f"Initiatives: {Initiative.objects.count()}")


# name, e-mail, kind, initiative slug or neighbourhood slug, idea title, withdrawn
SIGNUPS = [
    ("Noor Hendriks", "noor.demo@example.nl", SignUpKind.JOIN, "buurtmoestuin-haveltermade",
     "", False),
    ("Bram de Jong", "bram.demo@example.nl", SignUpKind.KEEP_INFORMED, "oosterboer", "", False),
    ("Lotte Smit", "lotte.demo@example.nl", SignUpKind.IDEA, "haveltermade",
     "Een pluktuin achter de school", False),
    ("Ahmed Yilmaz", "ahmed.demo@example.nl", SignUpKind.IDEA, "oosterboer",
     "Buurtbioscoop in het wijkcentrum", False),
    ("Mila Janssen", "mila.demo@example.nl", SignUpKind.JOIN, "kookestafette", "", True),
]


def _signups() -> None:
    """Website sign-ups as residents make them (the services, confirmed by the link in
    their e-mail): work waiting in the follow-up inbox, an idea to review, a withdrawal."""
    for name, email, kind, where, idea_title, withdrawn in SIGNUPS:
        if SignUp.objects.filter(email=email).exists():
            continue
        initiative = Initiative.objects.filter(slug=where).first()
        neighbourhood = (initiative.neighbourhood if initiative
                         else Neighbourhood.objects.filter(slug=where).first())
        if neighbourhood is None:
            continue
        signup = signup_submit(
            kind=kind, neighbourhood=neighbourhood, initiative=initiative, name=name,
            email=email, language="nl", base_url=settings.SITE_URL, idea_title=idea_title,
            message="Ik help graag mee." if kind != SignUpKind.IDEA
            else "Ik denk dat veel buren hier blij van worden.",
        )
        # The link from the e-mail, as the resident would click it: a token of our own,
        # whose hash the sign-up keeps, in place of the one mailed.
        token = services.confirm_token()
        SignUp.objects.filter(pk=signup.pk).update(token_hash=services.hash_token(token))
        signup = signup_confirm(token=token, base_url=settings.SITE_URL)
        if withdrawn:
            signup_withdraw(token=withdraw_token(signup), base_url=settings.SITE_URL)


def _bulk(scale: int, themes) -> None:
    """20 initiatives per unit of scale, in bulk, spread over every active process, with
    what the dashboard shows of them: members (each joined an existing stay in the flow,
    so the flow rules hold), reflections, money flows, support needed and a status."""
    wanted = [f"demo-initiatief-{n}" for n in range(20 * scale)]
    existing = set(Initiative.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    if len(existing) == len(wanted):
        return
    processes = list(
        Process.objects.filter(status=ProcessStatus.ACTIVE).select_related("neighbourhood")
        .order_by("pk")
    )
    forms, phases = list(InitiativeForm), list(InitiativePhase)
    new = []
    for n, slug in enumerate(wanted):
        if slug in existing:
            continue
        process, phase = processes[n % len(processes)], phases[n % len(phases)]
        status = (InitiativeStatus.ENDED if n % 23 == 0
                  else InitiativeStatus.PAUSED if n % 17 == 0 else InitiativeStatus.ACTIVE)
        new.append(Initiative(
            slug=slug, title=f"Initiatief {n + 1}", process=process,
            neighbourhood=process.neighbourhood, form=forms[n % len(forms)], phase=phase,
            cooperative_member=phase == InitiativePhase.AUTONOMY and n % 2 == 0,
            description="Een initiatief van bewoners.", is_public=n % 5 != 0,
            aims_people="Buren leren elkaar kennen.",
            needs_training=n % 3 == 0, needs_coaching=n % 4 == 0, needs_space=n % 7 == 0,
            needs_money=n % 2 == 0, needs_contacts=n % 5 == 1, status=status,
            status_reason="" if status == InitiativeStatus.ACTIVE
            else "De trekkers hebben even geen tijd.",
        ))
    Initiative.objects.bulk_create(new, batch_size=BATCH)
    created = list(Initiative.objects.filter(slug__in=[i.slug for i in new]).order_by("pk"))
    through = Initiative.themes.through
    through.objects.bulk_create(
        [through(initiative_id=initiative.pk, theme_id=theme.pk)
         for n, initiative in enumerate(created) if themes
         for theme in {themes[n % len(themes)], themes[(n * 7) % len(themes)]}],
        batch_size=BATCH,
    )
    _bulk_members(created)
    _bulk_reflections(created)
    _bulk_money(created)


def _bulk_members(initiatives) -> None:
    """Two to six members each, picked from the stays (inflows) in the initiative's
    process; a stay that has ended ends the membership on the same day."""
    process_ids = {initiative.process_id for initiative in initiatives}
    inflows = {}
    for inflow_id, participant_id, process_id, day in (
        FlowEvent.objects.filter(process__in=process_ids, kind=FlowKind.INFLOW)
        .order_by("pk").values_list("pk", "participant_id", "process_id", "occurred_on")
        .iterator(chunk_size=BATCH)
    ):
        inflows.setdefault(process_id, []).append((inflow_id, participant_id, day))
    if not inflows:
        return
    outflows = dict(
        FlowEvent.objects.filter(process__in=process_ids, kind=FlowKind.OUTFLOW)
        .values_list("inflow_id", "pk")
    )
    outflow_days = dict(
        FlowEvent.objects.filter(process__in=process_ids, kind=FlowKind.OUTFLOW)
        .values_list("pk", "occurred_on")
    )
    roles = [MembershipRole.MEMBER, MembershipRole.MEMBER, MembershipRole.VOLUNTEER,
             MembershipRole.PAID]
    memberships = []
    for initiative in initiatives:
        stays = inflows.get(initiative.process_id, [])
        rng = random.Random(initiative.slug)
        for number, (inflow_id, participant_id, day) in enumerate(
            rng.sample(stays, min(len(stays), rng.randint(2, 6)))
        ):
            outflow_id = outflows.get(inflow_id)
            memberships.append(Membership(
                initiative=initiative, participant_id=participant_id, inflow_id=inflow_id,
                role=MembershipRole.LEAD if number == 0 else rng.choice(roles),
                started_on=day, outflow_id=outflow_id,
                ended_on=outflow_days[outflow_id] if outflow_id else None,
            ))
    Membership.objects.bulk_create(memberships, batch_size=BATCH)


REFLECTIONS = [
    ("We hielden een bijeenkomst in het buurthuis.", "Er kwamen nieuwe buren op af.",
     "Persoonlijk uitnodigen werkt beter dan een flyer.", "Iemand die helpt met de begroting."),
    ("We hebben de eerste klus samen gedaan.", "Iedereen pakte iets op.",
     "Afspraken op papier zetten voorkomt gedoe.", "Een vaste plek om materiaal op te slaan."),
    ("We spraken met de woningcorporatie.", "Ze willen meedenken.",
     "Eerst zelf beginnen, dan pas om geld vragen.", "Een training in subsidie aanvragen."),
]


def _bulk_reflections(initiatives) -> None:
    """Action Learning: up to three reflections in the last 18 months once an initiative
    has left the idea phase, about half of them public."""
    today = timezone.localdate()
    reflections = []
    for n, initiative in enumerate(initiatives):
        if initiative.phase == InitiativePhase.IDEA:
            continue
        for k in range(n % 4):
            did, well, learned, need = REFLECTIONS[(n + k) % len(REFLECTIONS)]
            days_ago = 30 + (n * 13 + k * 97) % 500
            reflections.append(Reflection(
                initiative=initiative, date=today - datetime.timedelta(days=days_ago),
                what_we_did=did, what_went_well=well, what_we_learned=learned,
                what_we_need_next=need, is_public=(n + k) % 2 == 0,
            ))
    Reflection.objects.bulk_create(reflections, batch_size=BATCH)


def _bulk_money(initiatives) -> None:
    """Every other initiative has money from one of the partners, this year or last."""
    sources = list(Organisation.objects.order_by("pk"))
    year = timezone.localdate().year
    flows = [
        MoneyFlow(
            source=sources[n % len(sources)], neighbourhood_id=initiative.neighbourhood_id,
            initiative=initiative, purpose="Bijdrage aan de activiteiten",
            amount=Decimal(250 + (n * 37) % 4750),
            period_start=datetime.date(year - n % 2, 1, 1),
            period_end=datetime.date(year - n % 2, 12, 31),
        )
        for n, initiative in enumerate(initiatives) if n % 2 == 0 and sources
    ]
    MoneyFlow.objects.bulk_create(flows, batch_size=BATCH)
