"""Erasure on request: the person is gone from every table, the figures stay right."""

import datetime

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from initiatives.models import Membership, SignUp
from nieuweroute.models import Conversation, Invitation, PlanSending, Suggestion
from participants.models import Attendance, Consent, FlowEvent, FlowKind, Participant
from participants.privacy import participant_erase
from tests.initiatives.conftest import links_in
from tests.privacy.conftest import ANJA_TRACES, BERT_TRACES
from tests.wei.factories import ProcessFactory, ProcessManagerFactory

pytestmark = pytest.mark.django_db


def stored_anywhere(text: str) -> list[str]:
    """Every table and text column in which `text` still appears."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if model._default_manager.filter(**{f"{field.name}__icontains": text}).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def figures(process):
    """What the neighbourhood's reports count: events per kind, phase, month and reason."""
    return sorted(
        FlowEvent.objects.filter(process=process)
        .values_list("kind", "phase", "role", "channel", "reason")
        .annotate(month=TruncMonth("occurred_on"), n=Count("id"))
        .values_list("kind", "phase", "role", "channel", "reason", "month", "n")
    )


def test_nothing_anja_typed_or_was_called_survives_anywhere(world):
    for trace in ANJA_TRACES:
        assert stored_anywhere(trace), trace  # the fixture did put it somewhere
    participant_erase(participant=world.anja)
    for trace in ANJA_TRACES:
        assert stored_anywhere(trace) == [], trace
    for trace in BERT_TRACES:
        assert stored_anywhere(trace), trace  # the neighbour keeps everything


def test_the_participant_stays_as_an_anonymous_row(world):
    before = timezone.now()
    anja = participant_erase(participant=world.anja)
    assert anja.pk == world.anja.pk
    assert anja.name == f"Geanonimiseerde deelnemer {anja.pk}"
    assert (anja.email, anja.phone, anja.postcode, anja.contribution, anja.notes) == ("",) * 5
    assert anja.organisation is None
    assert anja.neighbourhood == world.neighbourhood  # still counts in its neighbourhood
    assert anja.erased_at >= before
    assert not Consent.objects.filter(participant=anja).exists()
    assert not SignUp.objects.filter(email="anja@example.nl").exists()
    assert SignUp.objects.filter(email="bert@example.nl").exists()
    assert Attendance.objects.filter(participant=anja).count() == 1


def test_the_route_keeps_its_history_without_her_words(world):
    anja = participant_erase(participant=world.anja)
    conversation = Conversation.objects.get(participant=anja)
    assert (conversation.decision_needs, conversation.confirmed_email, conversation.notes,
            conversation.setting) == ("", "", "", "")
    assert conversation.held_on == datetime.date(2025, 6, 2)
    assert Suggestion.objects.get(participant=anja).name == anja.name
    assert Invitation.objects.get(participant=anja).email == ""
    assert PlanSending.objects.get(participant=anja).email == ""
    # Karel, whom she suggested, no longer carries her name in his notes.
    world.karel.refresh_from_db()
    assert world.karel.notes == f"Voorgesteld door {anja.name}."
    # Bert's conversation and invitation are untouched.
    assert Conversation.objects.get(participant=world.bert).notes == "Bert fietst graag."
    assert Invitation.objects.get(participant=world.bert).email == "bert@example.nl"


def test_the_mail_to_and_about_her_is_deleted_and_the_history_renamed(world):
    from django.contrib.admin.models import LogEntry

    anja = participant_erase(participant=world.anja)
    assert list(Email.objects.values_list("subject", flat=True)) == ["Uitnodiging"]
    assert LogEntry.objects.get(object_id=str(anja.pk)).object_repr == anja.name


def test_closed_stays_keep_the_figures_exactly(world):
    world.membership.initiative  # noqa: B018 (loaded before the row changes)
    from initiatives.services import membership_end

    membership_end(membership=world.membership, ended_on=timezone.localdate())
    before = figures(world.process)
    participant_erase(participant=world.anja)
    assert figures(world.process) == before


def test_an_open_stay_ends_today_so_nobody_counts_as_active_forever(world):
    active_before = FlowEvent.objects.filter(process=world.process).active().count()
    before = figures(world.process)
    anja = participant_erase(participant=world.anja)
    outflow = FlowEvent.objects.filter(participant=anja).order_by("-sequence").first()
    assert outflow.kind == FlowKind.OUTFLOW and outflow.reason == "unknown"
    assert outflow.occurred_on == timezone.localdate()
    assert Membership.objects.get(pk=world.membership.pk).ended_on == timezone.localdate()
    assert FlowEvent.objects.filter(process=world.process).active().count() == active_before - 1
    # Everything that was there before is still there, one outflow more.
    after = figures(world.process)
    assert len(after) in (len(before), len(before) + 1)
    assert sum(row[-1] for row in after) == sum(row[-1] for row in before) + 1


def test_a_second_erasure_changes_nothing(world):
    first = participant_erase(participant=world.anja)
    events = list(FlowEvent.objects.values_list("pk", "kind", "note"))
    second = participant_erase(participant=world.anja)
    assert second.erased_at == first.erased_at and second.name == first.name
    assert list(FlowEvent.objects.values_list("pk", "kind", "note")) == events


def test_an_erased_person_can_sign_up_again_as_someone_new(client, world, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = "100/h"
    from django.core import mail

    anja = participant_erase(participant=world.anja)
    response = client.post(
        reverse("initiatives:signup", args=[world.initiative.slug]),
        {"name": "Anja de Boer", "email": "anja@example.nl", "postcode": "7941 AB",
         "consent": "on"},
    )
    assert response.status_code == 200
    confirm = links_in(mail.outbox[-1])["confirm"]
    assert client.post(confirm).status_code == 200
    again = Participant.objects.get(email="anja@example.nl")
    assert again.pk != anja.pk and again.erased_at is None
    assert Membership.objects.filter(participant=again, initiative=world.initiative).exists()
    anja.refresh_from_db()
    assert anja.email == "" and anja.name.startswith("Geanonimiseerde deelnemer")


# --- the admin ------------------------------------------------------------------------------

def erase_url(participant):
    return reverse("admin:participants_participant_erase", args=[participant.pk])


def test_the_admin_asks_first_then_erases(client, world, django_assert_max_num_queries):
    client.force_login(world.manager)
    # session, user, groups/permissions, participant (access), may_change: a fixed count.
    with django_assert_max_num_queries(12):
        page = client.get(erase_url(world.anja))
    assert page.status_code == 200
    assert "Anja de Boer" in page.content.decode()
    assert Participant.objects.get(pk=world.anja.pk).erased_at is None  # a GET erases nobody
    response = client.post(erase_url(world.anja))
    change_url = reverse("admin:participants_participant_change", args=[world.anja.pk])
    assert response.status_code == 302 and response["Location"] == change_url
    anja = Participant.objects.get(pk=world.anja.pk)
    assert anja.erased_at is not None and anja.email == ""
    page = client.get(change_url).content.decode()
    assert "Anja de Boer" not in page
    assert erase_url(anja) not in page  # nothing left to erase
    # Asking again after the fact leads back to the participant's page.
    assert client.get(erase_url(anja))["Location"] == change_url


def test_a_process_manager_of_another_neighbourhood_cannot_erase(client, world):
    stranger = ProcessManagerFactory(username="elders")
    ProcessFactory().managers.add(stranger)
    client.force_login(stranger)
    assert client.get(erase_url(world.anja)).status_code == 404
    assert client.post(erase_url(world.anja)).status_code == 404
    assert Participant.objects.get(pk=world.anja.pk).erased_at is None


def test_seeing_without_the_change_permission_is_a_403(client, world):
    from django.contrib.auth.models import Permission

    from tests.wei.factories import UserFactory

    viewer = UserFactory(username="meekijker")
    viewer.user_permissions.add(Permission.objects.get(codename="view_participant"))
    world.process.managers.add(viewer)
    client.force_login(viewer)
    assert client.post(erase_url(world.anja)).status_code == 403
    assert Participant.objects.get(pk=world.anja.pk).erased_at is None


def test_an_unknown_or_malformed_id_is_a_404(admin_client, world):
    assert admin_client.get("/beheer/participants/participant/999999/erase/").status_code == 404
    assert admin_client.get("/beheer/participants/participant/abc/export/").status_code == 404
