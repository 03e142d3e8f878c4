"""`manage.py apply_retention`: who is anonymised, what is removed, and exactly when."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from post_office.models import STATUS, Email

from core.periods import same_day_months_away
from initiatives.models import SignUp, SignUpKind
from nieuweroute.services import conversation_record
from participants.models import InflowChannel, OutflowReason
from participants.privacy import PRIVACY_STATEMENT_VERSION, apply_retention
from participants.services import participant_flow_in, participant_flow_out
from tests.nieuweroute.factories import RouteFactory
from tests.participants.factories import ParticipantFactory
from tests.test_settings import run_settings
from tests.wei.factories import ProcessFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _periods(settings):
    settings.RETENTION_OUTFLOW_MONTHS = 24
    settings.RETENTION_UNCONFIRMED_SIGNUP_DAYS = 30
    settings.RETENTION_MAIL_DAYS = 90


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def cutoff(today):
    return same_day_months_away(today, -24)


@pytest.fixture
def process(cutoff):
    return ProcessFactory(started_on=cutoff - 400 * DAY)


def left_on(process, day, name, *, back_on=None):
    """Someone who came in, left on `day`, and perhaps came back later."""
    person = ParticipantFactory(name=name)
    participant_flow_in(participant=person, process=process, occurred_on=day - 60 * DAY,
                        channel=InflowChannel.ORGANIZER)
    participant_flow_out(participant=person, process=process, occurred_on=day,
                         reason=OutflowReason.MOVED_AWAY)
    if back_on:
        participant_flow_in(participant=person, process=process, occurred_on=back_on,
                            channel=InflowChannel.ORGANIZER)
    return person


def run(**options) -> str:
    out = io.StringIO()
    call_command("apply_retention", stdout=out, **options)
    return out.getvalue()


def erased(person) -> bool:
    person.refresh_from_db()
    return person.erased_at is not None


def test_months_back_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert same_day_months_away(datetime.date(2026, 11, 22), -24) == datetime.date(2024, 11, 22)
    assert same_day_months_away(datetime.date(2026, 3, 31), -1) == datetime.date(2026, 2, 28)
    assert same_day_months_away(datetime.date(2024, 3, 31), -1) == datetime.date(2024, 2, 29)
    assert same_day_months_away(datetime.date(2026, 1, 15), -13) == datetime.date(2024, 12, 15)


def test_only_an_outflow_older_than_the_period_is_anonymised(process, cutoff):
    day_before = left_on(process, cutoff - DAY, "Anja de Boer")
    on_the_day = left_on(process, cutoff, "Bert Jansen")
    day_after = left_on(process, cutoff + DAY, "Carla Visser")
    output = run()
    assert "participants anonymised: 1" in output
    assert erased(day_before) and day_before.name.startswith("Geanonimiseerde deelnemer")
    assert not erased(on_the_day) and not erased(day_after)


def test_someone_who_came_back_is_not_anonymised(process, cutoff, today):
    back = left_on(process, cutoff - 30 * DAY, "Dirk Kok", back_on=today - 10 * DAY)
    run()
    assert not erased(back)


def test_someone_who_never_flowed_is_left_to_the_staff(process):
    never = ParticipantFactory(name="Els Mulder")
    run()
    assert not erased(never)


def test_a_recent_preparatory_conversation_keeps_the_person(process, cutoff, today):
    spoken_to = left_on(process, cutoff - 30 * DAY, "Fenna Bakker")
    conversation_record(route=RouteFactory(), participant=spoken_to, held_on=today - 5 * DAY)
    run()
    assert not erased(spoken_to)


def test_the_figures_stay_and_a_second_run_does_nothing(process, cutoff):
    people = [left_on(process, cutoff - n * DAY, f"Persoon {n} Achternaam") for n in (1, 2, 3)]
    events = process.flow_events.count()
    assert "participants anonymised: 3" in run(batch_size=1)  # in batches of one
    assert all(erased(person) for person in people)
    assert process.flow_events.count() == events
    second = run()
    assert "participants anonymised: 0" in second
    assert "unconfirmed sign-ups removed: 0" in second


def sign_up(neighbourhood, created_at, *, confirmed=False, token="a"):
    signup = SignUp.objects.create(
        kind=SignUpKind.KEEP_INFORMED, neighbourhood=neighbourhood, name="Anja de Boer",
        email="anja@example.nl", privacy_version=PRIVACY_STATEMENT_VERSION, token_hash=token * 64,
        confirmed_at=created_at if confirmed else None,
    )
    SignUp.objects.filter(pk=signup.pk).update(created_at=created_at)
    return signup


def test_unconfirmed_sign_ups_are_removed_after_the_period_to_the_second(process):
    now = timezone.now()
    cutoff = now - datetime.timedelta(days=30)
    neighbourhood = process.neighbourhood
    too_old = sign_up(neighbourhood, cutoff - datetime.timedelta(seconds=1), token="a")
    just_in_time = sign_up(neighbourhood, cutoff, token="b")
    confirmed = sign_up(neighbourhood, cutoff - 100 * DAY, confirmed=True, token="c")
    counts = apply_retention(now=now)
    assert counts["unconfirmed sign-ups removed"] == 1
    remaining = set(SignUp.objects.values_list("pk", flat=True))
    assert remaining == {just_in_time.pk, confirmed.pk}
    assert too_old.pk not in remaining


def test_copies_of_sent_mail_are_removed_after_the_period(db):
    now = timezone.now()
    old = Email.objects.create(from_email="a@example.nl", to=["anja@example.nl"],
                               subject="Oud", status=STATUS.sent)
    new = Email.objects.create(from_email="a@example.nl", to=["anja@example.nl"],
                               subject="Nieuw", status=STATUS.sent)
    Email.objects.filter(pk=old.pk).update(created=now - datetime.timedelta(days=91))
    Email.objects.filter(pk=new.pk).update(created=now - datetime.timedelta(days=89))
    assert apply_retention(now=now)["e-mail copies removed"] == 1
    assert list(Email.objects.values_list("subject", flat=True)) == ["Nieuw"]


def test_the_output_is_plain_counts(process):
    lines = run().strip().splitlines()
    assert lines == [
        "records of sent forms removed: 0",
        "e-mail copies removed: 0",
        "unconfirmed sign-ups removed: 0",
        "participants anonymised: 0",
    ]


def test_a_sign_up_may_not_be_removed_before_its_link_expires():
    result = run_settings(SIGNUP_CONFIRMATION_DAYS="7", RETENTION_UNCONFIRMED_SIGNUP_DAYS="6")
    assert result.returncode != 0
    assert "RETENTION_UNCONFIRMED_SIGNUP_DAYS must be at least SIGNUP_CONFIRMATION_DAYS" in (
        result.stderr
    )
