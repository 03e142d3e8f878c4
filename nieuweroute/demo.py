"""The Meppel route "Samen voor de uitvoering van WDW" (Wijk en Dorpsgericht Werken), from
first conversation to sent plan, recorded through the services with its own 2023 dates.

The people are invented (addresses at example.org); the kwestie and the kaders are the
seed's. Idempotent: the route is looked up by its title, people by e-mail, organisations
by name. With --scale N, N simple routes are added in bulk for benchmarks.
"""

import datetime

from django.contrib.auth.models import Group, User
from django.utils import timezone

from nieuweroute import services
from nieuweroute.models import Kader, KaderStatus, Route
from participants.models import Organisation, OrganisationKind, Participant
from participants.services import participant_create
from wei.models import Process, ProcessStatus
from wei.roles import FACILITATOR, STEERING_MEMBER

TITLE = "Samen voor de uitvoering van WDW"
DEMO_PASSWORD = "wijkkompas-demo"
FACILITATOR_USERNAME = "begeleider"
STEERING_USERNAME = "stuurgroep-woonconcept"

KWESTIE = (
    "Er is onduidelijkheid over de rollen van de diverse samenwerkingspartners in de "
    "uitvoering.\n"
    "Er is onduidelijkheid over het mandaat van iedereen die aanschuift in de overleggen, wie "
    "doet wat en wie mag wat doen vanuit zijn organisatie? Er is onduidelijkheid over wat het "
    "wijkteam is, of dit de juiste samenstelling is en hoe het zich verhoudt tot en samenwerkt "
    "met het sociaal domein."
)
CONSEQUENCES = (
    "Dat leidt tot frustratie van de medewerkers, ruis, niet optimale samenwerking, onbegrip "
    "en dat het erg persoonsgebonden is of iets wordt opgepakt, of er wordt samengewerkt of "
    "niet en hoe het wordt opgepakt.\n"
    "Er wordt veel naar anderen gewezen voor oplossingen van deze vraagstukken. WDW voelt voor "
    "bepaalde medewerkers als te vrijblijvend. Er is nog geen gedragen plan waar iedereen zich "
    "aan committeert."
)

ORGANISATIONS = {
    "Gemeente Meppel": OrganisationKind.MUNICIPALITY,
    "Woonconcept": OrganisationKind.HOUSING_CORPORATION,
    "Politie": OrganisationKind.POLICE,
    "Welzijn MensenWerk": OrganisationKind.WELFARE,
}

# number: (organisation, text, sub-points, explanation)
KADERS = {
    1: ("Gemeente Meppel", "Het plan moet passen binnen de visie WDW.", [],
        "De visie van Wijk en Dorpsgericht werken zal de komende jaren nog meer verdieping "
        "krijgen vanuit de programmamanager WDW, van de gemeente Meppel."),
    2: ("Gemeente Meppel",
        "Het plan is passend binnen de huidige formatie en budgetten van de gemeente.", [], ""),
    3: ("Gemeente Meppel",
        "Het wijkteam richt zich op leefbaarheid- en collectieve vraagstukken. Individuele "
        "casuïstiek moet elders worden belegd.", [], ""),
    4: ("Woonconcept",
        "Het moet gaan om activiteiten in de directe nabijheid van woongelegenheden of andere "
        "onroerende zaken van de corporatie of voor de huurders daarvan. Waarbij de corporaties "
        "geen activiteiten mogen oppakken waarvoor primair andere organisaties verantwoordelijk "
        "zijn.", [], ""),
    5: ("Woonconcept",
        "De afspraken waarbij Woonconcept betrokken is moeten passen binnen de woningwet.", [],
        ""),
    6: ("Woonconcept",
        "Woonconcept mag alleen financiële middelen ter beschikking stellen in de vorm van "
        "tegemoetkomingen in de kosten van activiteiten die door de bewoners van haar "
        "woongelegenheden worden georganiseerd;",
        ["in het belang van het behoud of de verbetering van die woongelegenheden of de direct "
         "daaraan grenzende omgeving, en",
         "gericht op ontmoeting van bewoners van die woongelegenheden."], ""),
    7: ("Politie",
        "De politie committeert zich aan het periodiek aansluiten bij de wijkteam-overleggen.",
        [], ""),
    8: ("Welzijn MensenWerk", "Het plan moet passen binnen de inzetbaarheidsmatrix.", [], ""),
    9: ("Welzijn MensenWerk", "Het plan moet passen in de gewenste werkwijze en werkindeling.",
        [], ""),
}

# e-mail: (name, organisation, in the core group)
PEOPLE = {
    "marieke.dijkstra@example.org": ("Marieke Dijkstra", "Gemeente Meppel", True),
    "henk.post@example.org": ("Henk Post", "Woonconcept", True),
    "sandra.kok@example.org": ("Sandra Kok", "Welzijn MensenWerk", True),
    "ruud.meijer@example.org": ("Ruud Meijer", "Politie", False),
    "fatima.elamrani@example.org": ("Fatima El Amrani", "Welzijn MensenWerk", False),
    "gerrit.bos@example.org": ("Gerrit Bos", "Woonconcept", False),
    "ineke.mulder@example.org": ("Ineke Mulder", None, False),
}

# (e-mail, date, setting, suggestions, information needs, what else they need)
CONVERSATIONS = [
    ("marieke.dijkstra@example.org", datetime.date(2023, 1, 11), "wijkteam-overleg Oost",
     ["Ineke Mulder"], ["Wat staat er precies in de visie WDW?"], ""),
    ("henk.post@example.org", datetime.date(2023, 1, 11), "wijkteam-overleg Oost", [],
     ["Welke activiteiten mag Woonconcept volgens de woningwet ondersteunen?"], ""),
    ("sandra.kok@example.org", datetime.date(2023, 1, 25), "wijkteam-overleg Zuid", [],
     ["Hoe ziet de inzetbaarheidsmatrix van Welzijn MensenWerk eruit?"],
     "Duidelijkheid vooraf over wat al vastligt."),
    ("ruud.meijer@example.org", datetime.date(2023, 2, 8), "wijkteam-overleg Noord",
     ["Joost van der Veen (jongerenwerk)"], [], "Een dag die past in het rooster."),
    ("fatima.elamrani@example.org", datetime.date(2023, 2, 22), "individueel gesprek", [],
     ["Welk budget is er voor het wijkteam in 2023?"], ""),
    ("gerrit.bos@example.org", datetime.date(2023, 3, 8), "wijkteam-overleg Zuid", [], [], ""),
    ("ineke.mulder@example.org", datetime.date(2023, 3, 15), "telefonisch", [], [],
     "Vooraf weten wie er allemaal komen."),
]

# question: (informant organisation, answer, answered on)
ANSWERS = {
    "Wat staat er precies in de visie WDW?": (
        "Gemeente Meppel",
        "De programmamanager WDW licht de visie toe aan het begin van de bijeenkomst; de "
        "samenvatting ligt ter inzage.", datetime.date(2023, 4, 5)),
    "Welke activiteiten mag Woonconcept volgens de woningwet ondersteunen?": (
        "Woonconcept",
        "Activiteiten in de directe nabijheid van de woningen of voor de huurders, gericht op "
        "leefbaarheid en ontmoeting (zie kader 4 tot en met 6).", datetime.date(2023, 4, 6)),
    "Hoe ziet de inzetbaarheidsmatrix van Welzijn MensenWerk eruit?": (
        "Welzijn MensenWerk",
        "De matrix laat per functie zien voor welke taken en hoeveel uur iemand inzetbaar is.",
        datetime.date(2023, 4, 12)),
    "Welk budget is er voor het wijkteam in 2023?": (
        "Gemeente Meppel",
        "Er is geen extra budget; het plan past binnen de huidige formatie en budgetten.",
        datetime.date(2023, 4, 12)),
}

# (what, who: organisation or participant e-mail, by when)
AGREEMENTS = [
    ("Elk wijkteam legt op één A4 vast wie er aan tafel zit, met welke rol en welk mandaat.",
     "Gemeente Meppel", datetime.date(2023, 6, 1)),
    ("Individuele casuïstiek gaat naar het sociaal team; het wijkteam bespreekt leefbaarheid "
     "en collectieve vraagstukken.", "sandra.kok@example.org", datetime.date(2023, 5, 15)),
    ("De wijkagent sluit eens per zes weken aan bij het wijkteam-overleg.", "Politie",
     datetime.date(2023, 5, 1)),
    ("Woonconcept draagt bij aan bewonersactiviteiten rond haar complexen die gericht zijn op "
     "ontmoeting.", "Woonconcept", datetime.date(2023, 9, 1)),
    ("Welzijn MensenWerk stemt de inzet in de wijkteams af op de inzetbaarheidsmatrix.",
     "Welzijn MensenWerk", datetime.date(2023, 7, 1)),
]

MEETING = datetime.date(2023, 4, 20)


def _at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    zone = timezone.get_default_timezone()
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)


def _user(username, first, last, group, email) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "is_staff": True, "email": email},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=group))
    return user


def _participant(email, name, organisation) -> Participant:
    existing = Participant.objects.filter(email=email).first()
    return existing or participant_create(name=name, email=email, organisation=organisation)


def _meppel(out) -> None:
    anke = _user(FACILITATOR_USERNAME, "Anke", "Siegers", FACILITATOR, "anke@example.org")
    organisations = {
        name: Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]
        for name, kind in ORGANISATIONS.items()
    }
    steering = _user(STEERING_USERNAME, "Wim", "de Groot", STEERING_MEMBER, "wim@example.org")
    organisations["Woonconcept"].members.add(steering)
    out.write(f"Demo login (facilitator): {FACILITATOR_USERNAME} / {DEMO_PASSWORD}")
    out.write(f"Demo login (steering-group member): {STEERING_USERNAME} / {DEMO_PASSWORD}")
    if Route.objects.filter(title=TITLE).exists():
        return

    people = {email: _participant(email, name, organisations.get(org))
              for email, (name, org, _core) in PEOPLE.items()}
    route = services.route_create(
        title=TITLE, kwestie=KWESTIE, consequences=CONSEQUENCES, facilitator=anke,
        steering_organisations=organisations.values(),
        core_group=[people[e] for e, (_n, _o, core) in PEOPLE.items() if core],
    )
    for number, (organisation, text, sub_points, explanation) in KADERS.items():
        kader = services.kader_add(
            route=route, number=number, organisation=organisations[organisation], text=text,
            explanation=explanation, sub_points=sub_points, now=_at(datetime.date(2022, 12, 14)),
        )
        services.kader_fix(kader=kader, now=_at(datetime.date(2023, 2, 15)))

    today = datetime.date(2023, 3, 31)
    for email, held_on, setting, suggestions, needs, decision_needs in CONVERSATIONS:
        services.conversation_record(
            route=route, participant=people[email], held_on=held_on, held_by=anke,
            setting=setting, suggestions=suggestions, information_needs=needs,
            decision_needs=decision_needs, confirmed_email=email, today=today,
        )
    for suggestion in route.suggestions.filter(name="Ineke Mulder"):
        suggestion.participant = people["ineke.mulder@example.org"]
        suggestion.save(update_fields=["participant"])
    for request in route.information_requests.all():
        organisation, answer, answered_on = ANSWERS[request.question]
        services.information_request_answer(
            request=request, answer=answer, answered_on=answered_on,
            informant_organisation=organisations[organisation], today=answered_on,
        )

    services.route_set_meeting(route=route, date=MEETING, start=datetime.time(9, 30),
                               end=datetime.time(16, 0), place="Stadhuis Meppel, raadzaal")
    invited_on = datetime.date(2023, 3, 31)
    for index, person in enumerate(people.values()):
        invitation = services.invitation_send(route=route, participant=person, today=invited_on,
                                              now=_at(invited_on), notify=False)
        # One of them answered no; the rest came.
        attending = index != 5
        services.invitation_record_response(invitation=invitation, attending=attending,
                                            at=_at(datetime.date(2023, 4, 3)))
        services.invitation_record_attendance(invitation=invitation, attended=attending,
                                              today=MEETING)

    plan = services.plan_record(
        route=route, decided_on=MEETING, by=anke, today=MEETING,
        summary="Samen besloten afspraken over rollen, mandaat en samenstelling van de "
                "wijkteams in de uitvoering van het Wijk en Dorpsgericht Werken.",
    )
    for what, who, due_on in AGREEMENTS:
        services.plan_item_add(
            plan=plan, what=what, due_on=due_on,
            who_participant=people.get(who), who_organisation=organisations.get(who),
        )
    checked_on = datetime.date(2023, 4, 26)
    for kader in Kader.objects.filter(route=route, status=KaderStatus.FIXED):
        services.kader_check_record(
            plan=plan, kader=kader, meets=True, checked_on=checked_on, by=anke, today=checked_on,
            explanation=f"Getoetst door {kader.organisation.name}: het plan voldoet.",
        )
    services.plan_accept(plan=plan, by=anke, on=checked_on, today=checked_on, confirmed=True)
    services.plan_send(plan=plan, now=_at(datetime.date(2023, 4, 28)), notify=False,
                       confirmed=True)


def _benchmark_routes(scale: int) -> None:
    """`scale` simple routes, added in bulk, each in the neighbourhood of an active WEI
    process (so its process manager sees it) with one concept kader; every third one
    has its decision meeting planned, in the coming weeks or in the past months."""
    anke = User.objects.get(username=FACILITATOR_USERNAME)
    organisation = Organisation.objects.get(name="Gemeente Meppel")
    processes = list(Process.objects.filter(status=ProcessStatus.ACTIVE).order_by("pk"))
    prefix = "Benchmarkroute "
    existing = set(Route.objects.filter(title__startswith=prefix).values_list("title", flat=True))
    today = timezone.localdate()
    new = []
    for n in range(1, scale + 1):
        title = f"{prefix}{n:04d}"
        if title in existing:
            continue
        process = processes[n % len(processes)] if processes else None
        meeting = today + datetime.timedelta(days=(n * 11) % 120 - 60) if n % 3 == 0 else None
        new.append(Route(
            title=title, kwestie="Een kwestie om samen te verbeteren.", facilitator=anke,
            process=process, neighbourhood_id=process.neighbourhood_id if process else None,
            meeting_date=meeting, meeting_start=datetime.time(19, 30) if meeting else None,
            meeting_end=datetime.time(21, 30) if meeting else None,
            meeting_place="Buurthuis" if meeting else "",
        ))
    if not new:
        return
    Route.objects.bulk_create(new)
    new = list(Route.objects.filter(title__in=[route.title for route in new]))
    Route.steering_organisations.through.objects.bulk_create(
        Route.steering_organisations.through(route=route, organisation=organisation)
        for route in new
    )
    Kader.objects.bulk_create(
        Kader(route=route, number=1, organisation=organisation,
              text="Het plan past binnen de huidige budgetten.")
        for route in new
    )


def seed(*, scale: int, out) -> None:
    _meppel(out)
    if scale > 1:
        _benchmark_routes(scale)
