"""Export of everything stored about one participant, from the admin, as JSON."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from participants.privacy import EXPORT_FORMAT, PRIVACY_STATEMENT_VERSION, participant_export
from tests.privacy.conftest import ANJA_TRACES, BERT_TRACES
from tests.wei.factories import ProcessFactory, ProcessManagerFactory, UserFactory

pytestmark = pytest.mark.django_db


def export_url(participant):
    return reverse("admin:participants_participant_export", args=[participant.pk])


def exported(client, participant) -> dict:
    response = client.get(export_url(participant))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    # A file to hand over; its name carries the number, never the person's name.
    assert response["Content-Disposition"] == (
        f'attachment; filename="participant-{participant.pk}.json"'
    )
    return json.loads(response.content)


def test_the_export_holds_everything_about_the_person(admin_client, world):
    data = exported(admin_client, world.anja)
    assert data["export"]["format"] == EXPORT_FORMAT
    assert data["export"]["privacy_statement_version"] == PRIVACY_STATEMENT_VERSION

    person = data["participants"]["participant"]
    assert person["name"] == "Anja de Boer" and person["email"] == "anja@example.nl"
    assert person["phone"] == "06 12345678" and person["postcode"] == "7941 AB"
    assert person["neighbourhood"].startswith("Haveltermade")
    assert person["kind_label"] == "bewoner"  # labels in the reader's language
    assert person["erased_at"] is None
    consents = data["participants"]["consents"]
    assert {c["purpose"] for c in consents} == {"participation", "plan_mail"}
    assert all(c["privacy_version"] == PRIVACY_STATEMENT_VERSION and c["given_at"]
               for c in consents)
    assert len(data["participants"]["attendance"]) == 1
    events = data["participants"]["flow_events"]
    assert [e["kind"] for e in events] == ["inflow", "throughflow", "outflow", "inflow"]
    assert events[0]["note"] == "Kwam via de buurvrouw."
    assert events[2]["reason"] == "paid_work"

    initiatives = data["initiatives"]
    assert [m["initiative"] for m in initiatives["memberships"]] == ["Buurtkeuken"]
    assert sorted(s["kind"] for s in initiatives["sign_ups"]) == ["join", "keep_informed"]
    assert any(s["message"] == "Tot snel, Anja" for s in initiatives["sign_ups"])

    route = data["nieuweroute"]
    assert [r["route"] for r in route["routes"]] == ["Samen beslissen over het buurthuis"]
    [conversation] = route["conversations"]
    assert conversation["decision_needs"] == "Meer tijd om te beslissen"
    assert conversation["confirmed_email"] == "anja.prive@example.nl"
    assert conversation["suggested"] == ["Karel Smit"]
    assert conversation["information_needs"] == ["Wat kost een buurthuis per jaar?"]
    assert route["suggested_by_others"][0]["name"] == "Anja de Boer"
    assert route["information_requests"][0]["asked_by_you"] is True
    assert route["invitations"][0]["email"] == "anja.prive@example.nl"
    assert route["invitations"][0]["response"] == "pending"
    assert route["plan_items"][0]["what"] == "Een ruimte zoeken."
    assert route["plan_sendings"][0]["email"] == "anja.prive@example.nl"

    # The e-mail sent to her; what staff were told about her is not hers to receive.
    assert [m["subject"] for m in data["mail"]] == ["Bevestig je aanmelding"]


def test_the_export_holds_nothing_of_another_person(admin_client, world):
    text = json.dumps(exported(admin_client, world.anja), ensure_ascii=False)
    for trace in BERT_TRACES + ["petra@gemeente.example.nl"]:
        assert trace not in text


def test_the_export_of_the_neighbour_holds_nothing_of_anja(admin_client, world):
    text = json.dumps(exported(admin_client, world.bert), ensure_ascii=False)
    # Bert suggested Anja by name in his conversation: that is what he said. Nothing else.
    assert text.count("Anja de Boer") == 1
    for trace in set(ANJA_TRACES) - {"Anja de Boer"}:
        assert trace not in text


def test_the_export_costs_the_same_whatever_the_history(admin_client, world,
                                                        django_assert_max_num_queries):
    # session, user, participant, the parts' reads (participants 4, initiatives 2,
    # nieuweroute 10 with their prefetches), mail 1: a fixed number, not one per row.
    with django_assert_max_num_queries(24):
        exported(admin_client, world.anja)


def test_the_process_manager_of_the_neighbourhood_may_export(client, world):
    client.force_login(world.manager)
    assert exported(client, world.anja)["participants"]["participant"]["name"] == "Anja de Boer"


def test_a_process_manager_of_another_neighbourhood_gets_a_404(client, world):
    stranger = ProcessManagerFactory(username="elders")
    ProcessFactory().managers.add(stranger)
    client.force_login(stranger)
    assert client.get(export_url(world.anja)).status_code == 404


def test_a_staff_member_without_the_view_permission_gets_a_403(client, world):
    clerk = UserFactory(username="baliemedewerker")
    world.process.managers.add(clerk)  # may see Anja's rows, but holds no admin permission
    client.force_login(clerk)
    assert client.get(export_url(world.anja)).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client, world):
    response = client.get(export_url(world.anja))
    assert response.status_code == 302
    assert "anja" not in response["Location"].lower()


def test_the_service_itself_is_json_serialisable(world):
    from django.core.serializers.json import DjangoJSONEncoder

    json.dumps(participant_export(participant=world.anja), cls=DjangoJSONEncoder)


def test_the_change_page_offers_the_export_and_the_erasure(admin_client, world):
    page = admin_client.get(
        reverse("admin:participants_participant_change", args=[world.anja.pk])
    ).content.decode()
    assert export_url(world.anja) in page
    assert reverse("admin:participants_participant_erase", args=[world.anja.pk]) in page


def test_view_permission_alone_shows_the_export_but_not_the_erasure(client, world):
    viewer = UserFactory(username="meekijker")
    viewer.user_permissions.add(Permission.objects.get(codename="view_participant"))
    world.process.managers.add(viewer)
    client.force_login(viewer)
    page = client.get(
        reverse("admin:participants_participant_change", args=[world.anja.pk])
    ).content.decode()
    assert export_url(world.anja) in page
    assert reverse("admin:participants_participant_erase", args=[world.anja.pk]) not in page
