"""About 300 demo participants (× scale) with 18 months of inflow, throughflow and
outflow in the demo processes, their consent, and who came to the activities.

Written in bulk, valid by construction: each person's story is drawn from a
random generator seeded with their number, so a second run (or a larger scale)
adds only the people that are not there yet, and adds them identically.
"""

import datetime
import random
import unicodedata

from django.contrib.auth import get_user_model
from django.utils import timezone
from faker import Faker

from participants import tallies
from participants.corrections import flow_event_correct
from participants.models import (
    Attendance,
    Consent,
    ConsentPurpose,
    FlowEvent,
    FlowKind,
    FlowRole,
    InflowChannel,
    Organisation,
    OrganisationKind,
    OutflowReason,
    Participant,
    ParticipantKind,
)
from participants.privacy import PRIVACY_STATEMENT_VERSION
from wei.demo import DEMO_USERNAME
from wei.models import Activity, Process, ProcessStatus, TransitionKind

DEMO_DOMAIN = "voorbeeld.nl"
ORGANISATIONS = [
    ("Gemeente Meppel", OrganisationKind.MUNICIPALITY),
    ("Woonconcept", OrganisationKind.HOUSING_CORPORATION),
    ("Politie", OrganisationKind.POLICE),
    ("Welzijn MensenWerk", OrganisationKind.WELFARE),
    ("Bewonersvereniging Haveltermade", OrganisationKind.RESIDENTS_ASSOCIATION),
    ("Kringloopwinkel De Kansel", OrganisationKind.BUSINESS),
]
CHANNELS = (
    [InflowChannel.INFORMATION_MEETING] * 4
    + [InflowChannel.PUBLIC_SIGNUP] * 3
    + [InflowChannel.ORGANIZER] * 2
    + [InflowChannel.REFERRAL, InflowChannel.OTHER]
)
REASONS = (
    [OutflowReason.PAID_WORK] * 3
    + [OutflowReason.OWN_BUSINESS] * 2
    + [
        OutflowReason.EDUCATION,
        OutflowReason.MOVED_AWAY,
        OutflowReason.NO_TIME,
        OutflowReason.NO_TIME,
        OutflowReason.CONFLICT,
        OutflowReason.UNKNOWN,
        OutflowReason.OTHER,
    ]
)
NEXT_ROLE = {
    FlowRole.PARTICIPANT: [FlowRole.VOLUNTEER, FlowRole.INITIATIVE_LEAD],
    FlowRole.VOLUNTEER: [FlowRole.INITIATIVE_LEAD, FlowRole.PAID],
    FlowRole.INITIATIVE_LEAD: [FlowRole.PAID, FlowRole.ENTREPRENEUR],
    FlowRole.PAID: [FlowRole.ENTREPRENEUR],
    FlowRole.ENTREPRENEUR: [FlowRole.PAID],
}
BATCH = 5000


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum() or c == ".")


class Timeline:
    """The phase a process was in on a given day, from its transitions."""

    def __init__(self, process, transitions):
        self.process = process
        self.changes = sorted((t.occurred_on, t.to_phase, t.kind) for t in transitions)
        stops = [day for day, _, kind in self.changes if kind == TransitionKind.STOP]
        self.ends_on = stops[0] if stops else None

    def phase_on(self, day):
        phase = 1
        for changed_on, to_phase, _ in self.changes:
            if changed_on <= day:
                phase = to_phase
        return phase


def _story(rng, timeline, start, today):
    """One person's events in one process: (kind, day, phase, role, channel, reason).

    A story is one or more stays: an inflow, throughflows every few weeks (another
    phase or role), often an outflow, and most who left come back after a while.
    Over 18 months that makes about ten events per person in a running process.
    """
    events, day = [], start
    end = timeline.ends_on or today
    while day <= end:
        phase = rng.randint(1, timeline.phase_on(day))
        role = FlowRole.PARTICIPANT if rng.random() < 0.8 else FlowRole.VOLUNTEER
        events.append((FlowKind.INFLOW, day, phase, role, rng.choice(CHANNELS), ""))
        while True:
            day += datetime.timedelta(days=rng.randint(7, 30))
            if day > end:
                if timeline.ends_on:
                    events.append((FlowKind.OUTFLOW, end, phase, role, "", OutflowReason.UNKNOWN))
                return events
            roll = rng.random()
            if roll < 0.2:
                events.append((FlowKind.OUTFLOW, day, phase, role, "", rng.choice(REASONS)))
                break
            if phase < timeline.phase_on(day) and roll < 0.6:
                phase += 1
            else:
                role = rng.choice(NEXT_ROLE[role])
            events.append((FlowKind.THROUGHFLOW, day, phase, role, "", ""))
        if rng.random() < 0.2:
            return events
        day += datetime.timedelta(days=rng.randint(14, 60))
    return events


def seed(*, scale: int, out) -> None:
    for name, kind in ORGANISATIONS:
        Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    processes = list(
        Process.objects.filter(status__in=[ProcessStatus.ACTIVE, ProcessStatus.STOPPED])
        .select_related("neighbourhood")
        .prefetch_related("transitions")
        .order_by("pk")
    )
    if not processes:
        return
    timelines = [Timeline(p, p.transitions.all()) for p in processes]
    target = 300 * scale
    existing = Participant.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").count()
    if existing >= target:
        tallies.rebuild()
        return
    today = timezone.localdate()
    window_start = today - datetime.timedelta(days=548)
    faker = Faker("nl_NL")
    organisations = list(Organisation.objects.order_by("pk"))
    for first in range(existing, target, BATCH):
        numbers = range(first, min(first + BATCH, target))
        people, stories = [], []
        for number in numbers:
            rng = random.Random(number)
            faker.seed_instance(number)
            name = faker.name()
            timeline = timelines[number % len(timelines)]
            is_professional = rng.random() < 0.08
            people.append(
                Participant(
                    name=name,
                    email=f"{_ascii(name.replace(' ', '.'))}.{number}@{DEMO_DOMAIN}",
                    postcode=f"79{rng.randint(40, 49)} {rng.choice('ABDEHJKLMNPRS')}"
                    f"{rng.choice('ABCDEHJK')}",
                    neighbourhood=timeline.process.neighbourhood,
                    kind=ParticipantKind.PROFESSIONAL
                    if is_professional
                    else rng.choice(
                        [ParticipantKind.RESIDENT] * 6
                        + [ParticipantKind.VOLUNTEER, ParticipantKind.ENTREPRENEUR]
                    ),
                    organisation=rng.choice(organisations) if is_professional else None,
                    contribution=rng.choice(
                        [
                            "",
                            "Koken voor de buurt",
                            "Klussen",
                            "Administratie",
                            "Tuinieren",
                            "Kinderen begeleiden",
                            "Een paar uur per week",
                        ]
                    ),
                )
            )
            base = max(window_start, timeline.process.started_on)
            start = base + datetime.timedelta(days=rng.randint(0, max(0, (today - base).days - 7)))
            stories.append((timeline.process, _story(rng, timeline, start, today)))
        Participant.objects.bulk_create(people)
        _write_events(people, stories)
    _attend(processes)
    # The events went in in bulk, past the services: count them once, from scratch.
    tallies.rebuild()
    _correct_one()
    demo_people = Participant.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").count()
    out.write(f"Demo participants: {demo_people}")


def _correct_one() -> None:
    """One outflow recorded with the wrong reason and corrected, as happens: the demo's
    timelines show what a correction looks like (participants.corrections)."""
    wrong = FlowEvent.objects.filter(
        kind=FlowKind.OUTFLOW, reason=OutflowReason.OWN_BUSINESS,
        participant__email__endswith=f"@{DEMO_DOMAIN}").order_by("pk").first()
    if wrong is not None and not FlowEvent.history.filter(corrects__isnull=False).exists():
        manager = get_user_model().objects.filter(username=DEMO_USERNAME).first()
        flow_event_correct(event=wrong, reason=OutflowReason.MOVED_AWAY, by=manager,
                           why="Verhuisd naar Zwolle; eerst per vergissing als eigen bedrijf "
                               "genoteerd.")


def _write_events(people, stories):
    inflows, later, consents = [], [], []
    for person, (process, story) in zip(people, stories, strict=True):
        stay = None
        for sequence, (kind, day, phase, role, channel, reason) in enumerate(story, start=1):
            event = FlowEvent(
                participant=person,
                process=process,
                sequence=sequence,
                kind=kind,
                occurred_on=day,
                phase=phase,
                role=role,
                channel=channel,
                reason=reason,
            )
            if kind == FlowKind.INFLOW:
                stay = event
                inflows.append(event)
            else:
                later.append((event, stay))
        if story:
            consents.append(
                Consent(
                    participant=person,
                    purpose=ConsentPurpose.PARTICIPATION,
                    privacy_version=PRIVACY_STATEMENT_VERSION,
                    given_at=timezone.make_aware(
                        datetime.datetime.combine(story[0][1], datetime.time(12))
                    ),
                )
            )
    FlowEvent.objects.bulk_create(inflows, batch_size=BATCH)
    for event, stay in later:
        event.inflow_id = stay.pk
    FlowEvent.objects.bulk_create([event for event, _ in later], batch_size=BATCH)
    Consent.objects.bulk_create(consents, batch_size=BATCH)


def _attend(processes):
    """Between five and twenty-five people came to each past activity."""
    today = timezone.localdate()
    attendances = []
    for activity in Activity.objects.filter(process__in=processes, date__lte=today).order_by("pk"):
        rng = random.Random(activity.pk)
        present = list(
            FlowEvent.objects.filter(
                process=activity.process_id, kind=FlowKind.INFLOW, occurred_on__lte=activity.date
            )
            .values_list("participant_id", flat=True)
            .distinct()[:200]
        )
        for participant_id in rng.sample(present, min(len(present), rng.randint(5, 25))):
            attendances.append(Attendance(activity=activity, participant_id=participant_id))
    Attendance.objects.bulk_create(attendances, ignore_conflicts=True, batch_size=BATCH)
