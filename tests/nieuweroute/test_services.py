"""The rules of the method, each refusal with its message and nothing changed."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from nieuweroute import services
from nieuweroute.models import (
    Invitation,
    Kader,
    KaderChange,
    KaderCheck,
    KaderStatus,
    PlanSending,
    Route,
    Stage,
    Verdict,
)
from participants.models import Participant
from tests.nieuweroute.factories import (
    ConversationFactory,
    KaderFactory,
    OrganisationFactory,
    ParticipantFactory,
    PlanVersionFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2023, 3, 1)


def messages_of(excinfo):
    return " ".join(excinfo.value.messages)


def test_kader_numbers_are_unique_within_a_route(route, municipality):
    services.kader_add(route=route, number=1, organisation=municipality, text="Visie WDW")
    with pytest.raises(ValidationError) as excinfo:
        services.kader_add(route=route, number=1, organisation=municipality, text="Nog een")
    assert "Deze route heeft al een kader nummer 1." in messages_of(excinfo)
    assert Kader.objects.filter(route=route).count() == 1


def test_only_a_steering_organisation_sets_kaders(route):
    police = OrganisationFactory(name="Politie")
    with pytest.raises(ValidationError) as excinfo:
        services.kader_add(route=route, number=7, organisation=police, text="Aansluiten")
    assert "Politie stelt geen kaders voor deze route." in messages_of(excinfo)
    assert not Kader.objects.exists()


def test_a_concept_kader_is_edited_and_renumbered_with_history(route, municipality, facilitator):
    kader = services.kader_add(route=route, number=6, organisation=municipality, text="Geld",
                               sub_points=["behoud woningen", "ontmoeting"], by=facilitator)
    services.kader_update(kader=kader, number=5, text="Financiële middelen",
                          sub_points=["behoud", "ontmoeting", "extra"], by=facilitator)
    kader.refresh_from_db()
    assert (kader.number, kader.text) == (5, "Financiële middelen")
    assert [p.letter for p in kader.sub_points.all()] == ["a", "b", "c"]
    history = list(KaderChange.objects.filter(kader=kader).values_list("kind", "number", "text"))
    assert history == [("created", 6, "Geld"), ("edited", 5, "Financiële middelen")]


def test_renumbering_onto_a_taken_number_is_refused(route, municipality):
    services.kader_add(route=route, number=1, organisation=municipality, text="Een")
    second = services.kader_add(route=route, number=2, organisation=municipality, text="Twee")
    with pytest.raises(ValidationError) as excinfo:
        services.kader_update(kader=second, number=1, text="Twee")
    assert "al een kader nummer 1" in messages_of(excinfo)
    second.refresh_from_db()
    assert second.number == 2


def test_a_fixed_kader_cannot_change(route, municipality, facilitator):
    kader = services.kader_add(route=route, number=1, organisation=municipality, text="Visie")
    services.kader_fix(kader=kader, by=facilitator)
    with pytest.raises(ValidationError) as excinfo:
        services.kader_update(kader=kader, number=9, text="Anders")
    assert "Kader 1 staat vast en kan niet meer veranderen." in messages_of(excinfo)
    kader.refresh_from_db()
    assert (kader.number, kader.text, kader.status) == (1, "Visie", KaderStatus.FIXED)
    with pytest.raises(ValidationError):
        services.kader_fix(kader=kader)
    assert KaderChange.objects.filter(kader=kader).count() == 2


def test_conversation_turns_suggestions_and_needs_into_rows(route, facilitator):
    person = ParticipantFactory(name="Jan Bakker")
    conversation = services.conversation_record(
        route=route, participant=person, held_on=datetime.date(2023, 1, 12), held_by=facilitator,
        setting="tijdens een wijkteam-overleg", suggestions="Mia de Boer\n\nKees Smit\n",
        information_needs="Wat is de inzetbaarheidsmatrix?", confirmed_email=" JAN@Example.org ",
        today=TODAY,
    )
    assert conversation.confirmed_email == "jan@example.org"
    assert sorted(route.suggestions.values_list("name", flat=True)) == ["Kees Smit", "Mia de Boer"]
    request = route.information_requests.get()
    assert (request.question, request.asked_by) == ("Wat is de inzetbaarheidsmatrix?", person)
    assert person in route.participants.all()
    # One click: the suggestion becomes a participant, with who suggested them.
    participant = services.suggestion_accept(suggestion=route.suggestions.get(name="Kees Smit"))
    assert participant in route.participants.all()
    assert "Jan Bakker" in participant.notes
    with pytest.raises(ValidationError):
        services.suggestion_accept(suggestion=route.suggestions.get(name="Kees Smit"))


def test_a_conversation_in_the_future_is_refused(route):
    with pytest.raises(ValidationError) as excinfo:
        services.conversation_record(route=route, participant=ParticipantFactory(),
                                     held_on=datetime.date(2023, 3, 2), today=TODAY)
    assert "ligt in de toekomst" in messages_of(excinfo)
    assert not route.conversations.exists()


def test_inviting_someone_not_spoken_to_is_refused(route):
    person = ParticipantFactory(name="Piet Post")
    route.participants.add(person)
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_send(route=route, participant=person)
    assert "Er is vooraf nog niemand gesproken" in messages_of(excinfo)
    ConversationFactory(route=route)  # someone else is spoken to: inviting is open now
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_send(route=route, participant=person)
    assert "Piet Post is vooraf niet gesproken" in messages_of(excinfo)
    assert not Invitation.objects.exists()


def test_inviting_to_a_meeting_that_has_passed_is_refused(route, mailoutbox):
    conversation = ConversationFactory(route=route)
    route.meeting_date = datetime.date(2023, 4, 20)
    route.save()
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_send(route=route, participant=conversation.participant,
                                 today=datetime.date(2023, 4, 21))
    assert "De besluitvormingsbijeenkomst van 20 april 2023 is voorbij" in messages_of(excinfo)
    assert not Invitation.objects.exists()
    # Recording the route as it happened, with its own date, follows the same rule.
    services.invitation_send(route=route, participant=conversation.participant,
                             today=datetime.date(2023, 4, 1), notify=False)
    assert Invitation.objects.count() == 1
    assert mailoutbox == []


def test_inviting_twice_or_without_an_address_is_refused(route):
    conversation = ConversationFactory(route=route)
    services.invitation_send(route=route, participant=conversation.participant, notify=False)
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_send(route=route, participant=conversation.participant)
    assert "Er is niemand meer om uit te nodigen" in messages_of(excinfo)
    silent = ConversationFactory(route=route, participant=ParticipantFactory(email=""),
                                 confirmed_email="")
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_send(route=route, participant=silent.participant)
    assert "heeft een bevestigd e-mailadres" in messages_of(excinfo)
    ConversationFactory(route=route)  # someone is left to invite: inviting is open again
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_send(route=route, participant=conversation.participant)
    assert "is al uitgenodigd" in messages_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_send(route=route, participant=silent.participant)
    assert "Er is geen e-mailadres bevestigd" in messages_of(excinfo)


def test_attendance_is_recorded_after_the_meeting_only(route):
    conversation = ConversationFactory(route=route)
    invitation = services.invitation_send(route=route, participant=conversation.participant,
                                          notify=False)
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_record_attendance(invitation=invitation, attended=True)
    day = f"{route.meeting_date.day} {DUTCH_MONTHS[route.meeting_date.month - 1]}"
    assert f"Aanwezigheid vastleggen kan vanaf de bijeenkomst op {day}" in messages_of(excinfo)
    services.invitation_record_attendance(invitation=invitation, attended=True,
                                          today=route.meeting_date)
    invitation.refresh_from_db()
    assert invitation.attended is True


def test_checking_against_a_concept_kader_is_refused(route, municipality):
    concept = KaderFactory(route=route, number=1, organisation=municipality,
                           status=KaderStatus.CONCEPT, fixed_at=None)
    KaderFactory(route=route, number=2, organisation=municipality)  # checking is open
    plan = PlanVersionFactory(route=route)
    with pytest.raises(ValidationError) as excinfo:
        services.kader_check_record(plan=plan, kader=concept, meets=True, explanation="Past",
                                    checked_on=TODAY, today=TODAY)
    assert "Kader 1 is nog een concept" in messages_of(excinfo)
    assert not KaderCheck.objects.exists()


DUTCH_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                "september", "oktober", "november", "december"]


def _hold_meeting(route, day=TODAY - datetime.timedelta(days=1), attendance=True):
    """The decision meeting took place on `day` (and, with `attendance`, who came is
    recorded)."""
    import secrets

    from django.utils import timezone

    Route.objects.filter(pk=route.pk).update(meeting_date=day)
    route.refresh_from_db()
    if attendance and not route.invitations.filter(attended__isnull=False).exists():
        Invitation.objects.create(route=route, participant=ParticipantFactory(),
                                  email="gast@example.org", token_hash=secrets.token_hex(32),
                                  sent_at=timezone.now(), attended=True)


def _check_all(plan, kaders, failing=()):
    _hold_meeting(plan.route)
    for kader in kaders:
        services.kader_check_record(plan=plan, kader=kader, meets=kader.number not in failing,
                                    explanation="Toelichting", checked_on=TODAY, today=TODAY)


def test_a_plan_meeting_every_fixed_kader_is_accepted(route, fixed_kaders):
    plan = PlanVersionFactory(route=route)
    _check_all(plan, fixed_kaders)
    services.plan_accept(plan=plan, today=TODAY, confirmed=True)
    plan.refresh_from_db()
    assert plan.verdict == Verdict.ACCEPTED
    with pytest.raises(ValidationError) as excinfo:
        services.plan_send_back(plan=plan, today=TODAY)
    assert "is geaccepteerd" in messages_of(excinfo)


def test_a_plan_failing_one_kader_is_not_accepted_but_sent_back(route, fixed_kaders):
    plan = PlanVersionFactory(route=route)
    _check_all(plan, fixed_kaders, failing={2})
    with pytest.raises(ValidationError) as excinfo:
        services.plan_accept(plan=plan, today=TODAY, confirmed=True)
    assert "Het plan voldoet niet aan kader(s) 2." in messages_of(excinfo)
    plan.refresh_from_db()
    assert plan.verdict == Verdict.PENDING
    services.plan_send_back(plan=plan, note="Opnieuw bespreken", today=TODAY)
    plan.refresh_from_db()
    assert plan.verdict == Verdict.SENT_BACK
    assert "Het plan voldoet niet aan kader(s) 2." in plan.verdict_reason
    # A new version follows; the old one stays as it was.
    second = services.plan_record(route=route, decided_on=TODAY, at_continuation=True,
                                  today=TODAY)
    assert second.number == 2


def test_a_plan_missing_one_check_is_not_accepted(route, fixed_kaders):
    plan = PlanVersionFactory(route=route)
    _check_all(plan, fixed_kaders[:2])
    with pytest.raises(ValidationError) as excinfo:
        services.plan_accept(plan=plan, today=TODAY, confirmed=True)
    assert "Het plan is niet getoetst aan kader(s) 3." in messages_of(excinfo)
    plan.refresh_from_db()
    assert plan.verdict == Verdict.PENDING


def test_a_plan_meeting_everything_is_not_sent_back(route, fixed_kaders):
    plan = PlanVersionFactory(route=route)
    _check_all(plan, fixed_kaders)
    with pytest.raises(ValidationError) as excinfo:
        services.plan_send_back(plan=plan, today=TODAY)
    assert "voldoet aan alle vastgestelde kaders" in messages_of(excinfo)


def test_a_concept_kader_does_not_block_acceptance(route, fixed_kaders, municipality):
    KaderFactory(route=route, number=9, organisation=municipality, status=KaderStatus.CONCEPT,
                 fixed_at=None)
    plan = PlanVersionFactory(route=route)
    _check_all(plan, fixed_kaders)
    services.plan_accept(plan=plan, today=TODAY, confirmed=True)


def test_only_an_accepted_plan_is_sent_and_once_per_person(route, fixed_kaders):
    first, second = ConversationFactory(route=route), ConversationFactory(route=route)
    plan = PlanVersionFactory(route=route)
    with pytest.raises(ValidationError) as excinfo:
        services.plan_send(plan=plan, confirmed=True)
    assert "Alleen een geaccepteerd plan wordt verstuurd." in messages_of(excinfo)
    _check_all(plan, fixed_kaders)
    services.plan_accept(plan=plan, today=TODAY, confirmed=True)
    sendings = services.plan_send(plan=plan, notify=False, confirmed=True)
    assert {s.participant for s in sendings} == {first.participant, second.participant}
    with pytest.raises(ValidationError):
        services.plan_send(plan=plan, confirmed=True)
    assert PlanSending.objects.count() == 2


def test_accepting_and_sending_a_plan_are_refused_without_a_confirmation(route, fixed_kaders):
    ConversationFactory(route=route)
    plan = PlanVersionFactory(route=route)
    _check_all(plan, fixed_kaders)
    with pytest.raises(ValidationError) as excinfo:
        services.plan_accept(plan=plan, today=TODAY)
    assert excinfo.value.error_dict.keys() == {"confirm"}
    plan.refresh_from_db()
    assert plan.verdict == Verdict.PENDING
    services.plan_accept(plan=plan, today=TODAY, confirmed=True)
    with pytest.raises(ValidationError) as excinfo:
        services.plan_send(plan=plan, notify=False)
    assert excinfo.value.error_dict.keys() == {"confirm"}
    assert not plan.sendings.exists()


def test_an_information_request_is_answered(route):
    request = services.information_request_add(route=route, question="Wat kost het?")
    with pytest.raises(ValidationError) as excinfo:
        services.information_request_answer(request=request, answer="  ", answered_on=TODAY)
    assert "Schrijf het antwoord op." in messages_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.information_request_answer(request=request, answer="Niets", answered_on=TODAY)
    assert "Zeg wie het antwoord gaf" in messages_of(excinfo)
    organisation = OrganisationFactory()
    services.information_request_answer(request=request, answer="Niets", answered_on=TODAY,
                                        informant_organisation=organisation, today=TODAY)
    request.refresh_from_db()
    assert (request.answer, request.informant) == ("Niets", organisation)


def stage_of(route):
    return Route.objects.with_progress().get(pk=route.pk).stage


def test_the_stage_follows_from_what_happened(route, municipality):
    assert stage_of(route) == Stage.PREPARING
    kader = services.kader_add(route=route, number=1, organisation=municipality, text="Visie")
    assert stage_of(route) == Stage.PREPARING
    kader = services.kader_fix(kader=kader)
    assert stage_of(route) == Stage.KADERS_FIXED
    conversation = ConversationFactory(route=route)
    assert stage_of(route) == Stage.CONVERSATIONS
    invitation = services.invitation_send(route=route, participant=conversation.participant,
                                          notify=False)
    assert stage_of(route) == Stage.CONVERSATIONS
    services.invitation_record_attendance(invitation=invitation, attended=True,
                                          today=route.meeting_date)
    assert stage_of(route) == Stage.DECISION_MEETING
    plan = services.plan_record(route=route, decided_on=route.meeting_date,
                                today=route.meeting_date)
    assert stage_of(route) == Stage.PLAN_DECIDED
    services.kader_check_record(plan=plan, kader=kader, meets=True, explanation="Past",
                                checked_on=route.meeting_date, today=route.meeting_date)
    services.plan_accept(plan=plan, today=route.meeting_date, confirmed=True)
    assert stage_of(route) == Stage.PLAN_CHECKED
    services.plan_send(plan=plan, notify=False, confirmed=True)
    assert stage_of(route) == Stage.PLAN_SENT


def test_a_sent_back_plan_is_checked_too(route, fixed_kaders):
    plan = PlanVersionFactory(route=route)
    services.plan_send_back(plan=plan, today=TODAY)
    assert stage_of(route) == Stage.PLAN_CHECKED
    assert Participant.objects.count() == 0


# --- the plan is decided at the meeting -----------------------------------------------------

def test_a_plan_cannot_be_dated_before_the_decision_meeting(route):
    meeting = route.meeting_date
    with pytest.raises(ValidationError) as excinfo:
        services.plan_record(route=route, decided_on=meeting - datetime.timedelta(days=14),
                             today=meeting)
    assert "niet ervoor" in messages_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:  # and not before the meeting took place
        services.plan_record(route=route, decided_on=meeting,
                             today=meeting - datetime.timedelta(days=1))
    assert "in de toekomst" in messages_of(excinfo)
    assert not route.plans.exists()


def test_a_plan_decided_later_is_recorded_as_decided_at_a_continuation(route):
    meeting = route.meeting_date
    later = meeting + datetime.timedelta(days=7)
    with pytest.raises(ValidationError) as excinfo:
        services.plan_record(route=route, decided_on=later, today=later)
    assert "vervolgbijeenkomst" in messages_of(excinfo)
    plan = services.plan_record(route=route, decided_on=later, at_continuation=True,
                                today=later)
    assert plan.at_continuation and plan.decided_on == later


def test_acceptance_needs_the_meeting_held_and_attendance_recorded(route, fixed_kaders):
    plan = PlanVersionFactory(route=route)
    _check_all(plan, fixed_kaders)
    _hold_meeting(route, day=TODAY + datetime.timedelta(days=10))
    with pytest.raises(ValidationError) as excinfo:
        services.plan_accept(plan=plan, today=TODAY, confirmed=True)
    assert "heeft nog niet plaatsgevonden" in messages_of(excinfo)
    route.invitations.all().delete()
    _hold_meeting(route, attendance=False)
    with pytest.raises(ValidationError) as excinfo:
        services.plan_accept(plan=plan, today=TODAY, confirmed=True)
    assert "aanwezig was" in messages_of(excinfo)
    plan.refresh_from_db()
    assert plan.verdict == Verdict.PENDING


def test_agreements_change_until_the_plan_is_checked(route, fixed_kaders, municipality):
    plan = PlanVersionFactory(route=route)
    wrong = services.plan_item_add(plan=plan, what="Verkeerde afspraak",
                                   who_organisation=municipality)
    kept = services.plan_item_add(plan=plan, what="Wijkagent sluit aan",
                                  who_organisation=municipality)
    services.plan_item_update(item=kept, what="Wijkagent sluit maandelijks aan",
                              who_organisation=municipality, due_on=TODAY)
    services.plan_item_remove(item=wrong)
    assert [i.what for i in plan.items.all()] == ["Wijkagent sluit maandelijks aan"]
    _check_all(plan, fixed_kaders)
    services.plan_accept(plan=plan, today=TODAY, confirmed=True)
    with pytest.raises(ValidationError) as excinfo:
        services.plan_item_remove(item=kept)
    assert "geaccepteerd" in messages_of(excinfo)
    with pytest.raises(ValidationError):
        services.plan_item_update(item=kept, what="Anders", who_organisation=municipality)
    assert plan.items.get().what == "Wijkagent sluit maandelijks aan"
