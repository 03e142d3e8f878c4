"""Two neighbourhoods side by side, with a row of every kind on each side, and a user
for every role; plus what each role should see of it.

Every row of side A carries the word "Alfahoek" somewhere a page would show it (a
name, a title, a text), every row of side B "Bravoveld": a page for a user of one side
must never contain the other side's word. Each row is tagged with its side and, where
one side holds rows that not everyone there may see, a kind ("A:route" for a person
known only to the route). `sees(role, model, tag)` is the expectation per role, written
out here by hand rather than derived from the rules under test.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, User
from django.utils import timezone

from initiatives import services as initiative_services
from initiatives.models import FollowUp, Membership, SignUp, SignUpKind, Theme
from nieuweroute import services as route_services
from nieuweroute.models import (
    Conversation,
    InformationRequest,
    Invitation,
    Kader,
    KaderChange,
    KaderCheck,
    KaderSubPoint,
    PlanItem,
    PlanSending,
    PlanVersion,
    Route,
    Suggestion,
)
from participants import services as people_services
from participants.models import (
    Attendance,
    Consent,
    ConsentPurpose,
    FlowEvent,
    InflowChannel,
    Organisation,
    OrganisationKind,
    Participant,
)
from tests.initiatives.factories import InitiativeFactory, MoneyFlowFactory, ReflectionFactory
from wei import services as wei_services
from wei.models import (
    ActivityKind,
    Neighbourhood,
    Phase,
    PhaseCriterion,
    PhaseDescription,
    PhaseTransition,
)
from wei.roles import FACILITATOR, PROCESS_MANAGER, STEERING_MEMBER

MARKERS = {"A": "Alfahoek", "B": "Bravoveld"}
CONFIRM_LINK = re.compile(r"/bevestigen/([^/\s]+)/")
# What a steering-group member never reads, even of the routes they steer: other
# organisations' concepts, what was said in a conversation, anyone's e-mail address.
STEERING_SECRETS = ["Geheimconcept", "Gespreksnotitie", "@bewoners.example"]

# role → (side, what kind of user); "anonymous" is the resident: no account at all.
ROLES = {
    "superuser": (None, "superuser"),
    "manager_a": ("A", "manager"),
    "manager_b": ("B", "manager"),
    "facilitator_a": ("A", "facilitator"),
    "facilitator_b": ("B", "facilitator"),
    "steering_x": ("A", "steering"),
    "steering_y": ("B", "steering"),
    "staff_without_role": (None, "none"),
    "anonymous": (None, "anonymous"),
}

ROUTE_READ_BY_STEERING = {"nieuweroute.Route", "nieuweroute.PlanVersion", "nieuweroute.PlanItem",
                          "nieuweroute.KaderCheck"}
KADER_ROWS = {"nieuweroute.Kader", "nieuweroute.KaderSubPoint", "nieuweroute.KaderChange"}


def sees(role: str, model, tag: str) -> bool:
    """Whether `role` may see the row tagged `tag` (when it holds the model's permission)."""
    side, kind = ROLES[role]
    if kind == "superuser":
        return True
    if kind == "anonymous":
        return False
    if tag == "shared":  # organisations, themes, the phase texts: the same for everyone
        return True
    row_side, _, row_kind = tag.partition(":")
    if kind == "none" or row_side != side:
        return False
    label = model._meta.label
    if kind == "manager":
        return True
    if kind == "facilitator":
        return model._meta.app_label == "nieuweroute" or (
            label == "participants.Participant" and row_kind == "route")
    # steering: the routes their organisation steers, the plan, and kaders but others' concepts
    return label in ROUTE_READ_BY_STEERING or (label in KADER_ROWS and row_kind != "secret")


def foreign_words(role: str) -> list[str]:
    """Words that must not appear on any page this role opens."""
    side, kind = ROLES[role]
    words = []
    if side is not None:
        words += [word for s, word in MARKERS.items() if s != side]
    elif kind != "superuser":
        words += list(MARKERS.values())
    if kind == "steering":
        words += STEERING_SECRETS
    return words


def leaks(role: str, text: str) -> list[str]:
    lowered = text.lower()
    return [word for word in foreign_words(role) if word.lower() in lowered]


@dataclass
class World:
    users: dict = field(default_factory=dict)
    rows: dict = field(default_factory=lambda: defaultdict(list))  # model → [(tag, obj)]
    sides: dict = field(default_factory=dict)  # side → {"route": …, "initiative": …, …}

    def add(self, tag, *objects):
        for obj in objects:
            self.rows[type(obj)].append((tag, obj))

    def add_all(self, tag, queryset):
        self.add(tag, *queryset)

    def visible_pks(self, role, model):
        return {obj.pk for tag, obj in self.rows[model] if sees(role, model, tag)}


def _user(username, *, role=None, **extra):
    user = User.objects.create_user(username=username, password="een-lang-wachtwoord-42",
                                    is_staff=True, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def build_world() -> World:
    world = World()
    municipality = Organisation.objects.create(name="Gemeente Meppel",
                                               kind=OrganisationKind.MUNICIPALITY)
    steering = {
        "A": Organisation.objects.create(name="Woonconcept",
                                         kind=OrganisationKind.HOUSING_CORPORATION),
        "B": Organisation.objects.create(name="Politie Drenthe", kind=OrganisationKind.POLICE),
    }
    world.add_all("shared", Organisation.objects.all())
    world.add_all("shared", Theme.objects.all())
    world.add_all("shared", PhaseDescription.objects.all())
    world.add_all("shared", PhaseCriterion.objects.all())

    users = world.users
    users["superuser"] = _user("beheerder", is_superuser=True)
    users["staff_without_role"] = _user("medewerker-zonder-rol")
    for side, word in MARKERS.items():
        low = word.lower()
        users[f"manager_{side.lower()}"] = _user(f"procesmanager-{low}", role=PROCESS_MANAGER)
        users[f"facilitator_{side.lower()}"] = _user(f"begeleider-{low}", role=FACILITATOR)
    users["steering_x"] = _user("stuurgroep-woonconcept", role=STEERING_MEMBER)
    users["steering_y"] = _user("stuurgroep-politie", role=STEERING_MEMBER)
    steering["A"].members.add(users["steering_x"])
    steering["B"].members.add(users["steering_y"])

    for side, word in MARKERS.items():
        world.sides[side] = _build_side(world, side, word, municipality, steering[side])
    _tag_by_process(world)
    return world


def _tag_by_process(world):
    """Rows the services keep beside what they record (figures per process): by process."""
    from django.apps import apps

    from wei.models import Process

    side_of = {obj.pk: tag for tag, obj in world.rows[Process]}
    for label in ("wei", "participants", "initiatives", "nieuweroute"):
        for model in apps.get_app_config(label).get_models():
            try:
                field_ = model._meta.get_field("process")
            except Exception:
                continue
            if field_.related_model is not Process:
                continue
            tagged = {obj.pk for _, obj in world.rows[model]}
            for obj in model._default_manager.exclude(pk__in=tagged):
                if obj.process_id in side_of:
                    world.add(side_of[obj.process_id], obj)


def _confirm_token_of(signup):
    """The confirmation link's token, from the e-mail that asked for it."""
    from django.core import mail

    for message in reversed(mail.outbox):
        if signup.email in message.to and (found := CONFIRM_LINK.search(message.body)):
            return found.group(1)
    raise AssertionError(f"No confirmation e-mail for {signup.email}")


def _build_side(world, side, word, municipality, own_organisation):
    low = word.lower()
    manager = world.users[f"manager_{side.lower()}"]
    facilitator = world.users[f"facilitator_{side.lower()}"]
    day = datetime.date(2025, 1, 6)

    # wei
    neighbourhood = Neighbourhood.objects.create(name=word, municipality="Meppel", slug=low)
    process = wei_services.process_start(neighbourhood=neighbourhood, title=f"Traject {word}",
                                         started_on=day, managers=[manager])
    wei_services.process_advance_phase(
        process=process, to_phase=Phase.EMERGENCE, occurred_on=day + datetime.timedelta(days=50),
        rationale=f"Genoeg bewoners in {word}.",
        criteria=PhaseCriterion.objects.filter(phase=Phase.INFORMATION))
    activity = wei_services.activity_create(
        process=process, kind=ActivityKind.INFORMATION_MEETING,
        title=f"Informatieavond {word}", date=day + datetime.timedelta(days=20),
        phase=Phase.INFORMATION)
    world.add(side, neighbourhood, process, activity)
    world.add_all(side, PhaseTransition.objects.filter(process=process))

    # participants
    resident = people_services.participant_create(
        name=f"Bewoner {word}", email=f"bewoner-{low}@bewoners.example",
        neighbourhood=neighbourhood)
    people_services.consent_record(participant=resident, purpose=ConsentPurpose.PARTICIPATION,
                                   privacy_version="2025-1")
    people_services.participant_flow_in(
        participant=resident, process=process, occurred_on=day + datetime.timedelta(days=20),
        channel=InflowChannel.INFORMATION_MEETING, phase=Phase.INFORMATION)
    people_services.attendance_record(activity=activity, participant=resident)

    # initiatives
    initiative = InitiativeFactory(title=f"Moestuin {word}", slug=f"moestuin-{low}",
                                   process=process, neighbourhood=neighbourhood,
                                   description=f"Groente kweken in {word}.")
    initiative_services.membership_start(participant=resident, initiative=initiative,
                                         started_on=day + datetime.timedelta(days=60))
    reflection = ReflectionFactory(initiative=initiative, is_public=False,
                                   what_we_did=f"Gespit in {word}.")
    grew = initiative_services.initiative_phase_change(
        initiative=initiative, to_phase=initiative.phase % 4 + 1,
        occurred_on=day + datetime.timedelta(days=60),
        rationale=f"Een vaste groep in {word}.")
    money = MoneyFlowFactory(source=municipality, initiative=initiative,
                             purpose=f"Zaden voor {word}")
    signup = initiative_services.signup_submit(
        kind=SignUpKind.JOIN, neighbourhood=neighbourhood, initiative=initiative,
        name=f"Aanmelder {word}", email=f"aanmelder-{low}@bewoners.example", language="nl",
        base_url="http://testserver")
    # Confirmed, so it waits in the follow-up inbox of the side's process manager.
    initiative_services.signup_confirm(token=_confirm_token_of(signup), base_url="http://testserver")
    applicant = Participant.objects.get(email=signup.email)
    world.add(side, resident, applicant, initiative, reflection, money, grew)
    world.add_all(side, Consent.objects.filter(participant__in=[resident, applicant]))
    world.add_all(side, FollowUp.objects.filter(signup__neighbourhood=neighbourhood))
    world.add_all(side, FlowEvent.objects.filter(process=process))
    world.add_all(side, Attendance.objects.filter(activity=activity))
    world.add_all(side, Membership.objects.filter(initiative=initiative))
    world.add_all(side, SignUp.objects.filter(neighbourhood=neighbourhood))

    # nieuweroute
    person = people_services.participant_create(
        name=f"Routegenoot {word}", email=f"routegenoot-{low}@bewoners.example")
    route = route_services.route_create(
        title=f"Route {word}", kwestie=f"Onduidelijke rollen in {word}.",
        facilitator=facilitator, process=process,
        steering_organisations=[municipality, own_organisation], core_group=[person])
    meeting_day = day + datetime.timedelta(days=90)  # the plan is decided there
    route_services.route_set_meeting(
        route=route, date=meeting_day,
        start=datetime.time(9, 30), end=datetime.time(16, 0), place=f"Wijkhuis {word}")
    fixed = route_services.kader_add(route=route, number=1, organisation=municipality,
                                     text=f"Vast kader {word}", sub_points=[f"Budget {word}"])
    fixed = route_services.kader_fix(kader=fixed, by=facilitator)
    secret = route_services.kader_add(route=route, number=2, organisation=municipality,
                                      text=f"Geheimconcept {word}")
    own = route_services.kader_add(route=route, number=3, organisation=own_organisation,
                                   text=f"Eigen concept {word}", sub_points=[f"Wonen {word}"])
    route_services.conversation_record(
        route=route, participant=person, held_on=day + datetime.timedelta(days=70),
        held_by=facilitator, suggestions=f"Kandidaat {word}",
        information_needs=f"Wat mag de wijkagent in {word}?",
        confirmed_email=person.email, notes=f"Gespreksnotitie {word}")
    invitation = route_services.invitation_send(route=route, participant=person, notify=False,
                                                today=day + datetime.timedelta(days=75))
    plan = route_services.plan_record(route=route, decided_on=meeting_day,
                                      summary=f"Plan voor {word}", by=facilitator)
    item = route_services.plan_item_add(plan=plan, what=f"Afspraak {word}",
                                        who_participant=person)
    check = route_services.kader_check_record(
        plan=plan, kader=fixed, meets=True, explanation=f"Past in {word}",
        checked_on=day + datetime.timedelta(days=91), by=facilitator)
    sending = PlanSending.objects.create(plan=plan, participant=person, email=person.email,
                                         sent_at=timezone.now())
    world.add(f"{side}:route", person)
    world.add_all(f"{side}:route", Consent.objects.filter(participant=person))
    world.add(side, route, invitation, plan, item, check, sending)
    world.add_all(side, Conversation.objects.filter(route=route))
    world.add_all(side, Suggestion.objects.filter(route=route))
    world.add_all(side, InformationRequest.objects.filter(route=route))
    for tag, kader in ((f"{side}:fixed", fixed), (f"{side}:secret", secret),
                       (f"{side}:own", own)):
        world.add(tag, kader)
        world.add_all(tag, KaderSubPoint.objects.filter(kader=kader))
        world.add_all(tag, KaderChange.objects.filter(kader=kader))
    assert {Invitation, PlanVersion, PlanItem, KaderCheck, Route, Kader} <= set(world.rows)
    return {"neighbourhood": neighbourhood, "process": process, "initiative": initiative,
            "route": route, "plan": plan, "plan_item": item, "own_kader": own,
            "fixed_kader": fixed,
            "invitation": invitation, "person": person, "resident": resident,
            "suggestion": Suggestion.objects.get(route=route),
            "information_request": InformationRequest.objects.get(route=route)}
