"""People onto a route, editing a route, routes that follow each other, the warnings
before the meeting and cancelling it: each refusal in Dutch, with nothing changed."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from nieuweroute import services
from nieuweroute.models import Route
from participants.models import Participant
from tests.nieuweroute.factories import (
    ConversationFactory,
    ParticipantFactory,
    PlanVersionFactory,
    RouteFactory,
)
from tests.wei.factories import NeighbourhoodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_facilitator(client, facilitator):
    client.force_login(facilitator)
    return client


def people_url(route, **query):
    url = reverse("nieuweroute:people", args=[route.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_people_are_found_in_the_routes_neighbourhood_only(as_facilitator, route):
    here = ParticipantFactory(name="Yara Bos", postcode="7941 AB",
                              neighbourhood=route.neighbourhood)
    ParticipantFactory(name="Yara Kamp", postcode="7942 CD",
                       neighbourhood=NeighbourhoodFactory(name="Elders"))
    on_route = ParticipantFactory(name="Yara Smit", neighbourhood=route.neighbourhood)
    route.participants.add(on_route)
    html = as_facilitator.get(people_url(route)).content.decode()
    assert "Yara" not in html  # nobody is listed before a search
    html = as_facilitator.get(people_url(route, q="yara")).content.decode()
    assert "Yara Bos, 7941 AB" in html
    assert "Yara Kamp" not in html and "Yara Smit" not in html
    response = as_facilitator.post(people_url(route), {"action": "add", "add": [here.pk]},
                                   follow=True)
    assert "1 persoon is aan de route toegevoegd." in response.content.decode()
    assert set(route.participants.all()) == {on_route, here}


def test_someone_elsewhere_cannot_be_added_by_a_forged_post(as_facilitator, route):
    elsewhere = ParticipantFactory(neighbourhood=NeighbourhoodFactory(name="Elders"))
    response = as_facilitator.post(people_url(route), {"action": "add", "add": [elsewhere.pk]})
    assert response.status_code == 400  # refused: the page again, as typed
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not route.participants.exists()


def test_a_new_person_needs_consent_and_lands_in_the_routes_neighbourhood(as_facilitator,
                                                                         route):
    typed = {"action": "new", "nieuw-name": "Mia de Boer", "nieuw-email": "mia@example.org",
             "nieuw-kind": "resident"}
    response = as_facilitator.post(people_url(route), typed)
    html = response.content.decode()
    assert "Vraag eerst om toestemming" in html and 'value="Mia de Boer"' in html
    assert not Participant.objects.filter(name="Mia de Boer").exists()
    response = as_facilitator.post(people_url(route), {**typed, "nieuw-consent": "on"})
    mia = Participant.objects.get(name="Mia de Boer")
    assert response["Location"].endswith(f"?participant={mia.pk}")
    assert mia.neighbourhood == route.neighbourhood and mia in route.participants.all()
    page = as_facilitator.get(response["Location"]).content.decode()
    assert f'value="{mia.pk}" selected' in page


@pytest.mark.parametrize("n", [1, 8])
def test_the_people_page_needs_a_fixed_number_of_queries(as_facilitator, route, n,
                                                         django_assert_max_num_queries):
    for i in range(n):
        ParticipantFactory(name=f"Yara {i}", neighbourhood=route.neighbourhood)
    # session, user, route, the people found (with their neighbourhood), the header's roles,
    # the user's and their groups' permissions (the back office's door: the page's model
    # permission, as on every workspace page)
    with django_assert_max_num_queries(7):
        response = as_facilitator.get(people_url(route, q="yara"))
    assert response.content.decode().count('name="add"') == n


def test_a_route_is_edited_and_follows_another(as_facilitator, route, facilitator):
    vision = RouteFactory(facilitator=facilitator, title="De visie van WDW",
                          neighbourhood=route.neighbourhood)
    response = as_facilitator.post(reverse("nieuweroute:route_edit", args=[route.pk]), {
        "title": "De uitvoering van WDW", "kwestie": "Wie doet wat?", "consequences": "",
        "neighbourhood": route.neighbourhood.pk, "follows": vision.pk}, follow=True)
    assert "De route is opgeslagen." in response.content.decode()
    route.refresh_from_db()
    assert (route.title, route.kwestie, route.follows) == (
        "De uitvoering van WDW", "Wie doet wat?", vision)
    html = as_facilitator.get(vision.get_absolute_url()).content.decode()
    assert "Gevolgd door" in html and "De uitvoering van WDW" in html
    with pytest.raises(ValidationError) as excinfo:
        services.route_update(route=vision, title=vision.title, kwestie=vision.kwestie,
                              neighbourhood=vision.neighbourhood, follows=route)
    assert "niet op zichzelf volgen" in " ".join(excinfo.value.messages)


def test_the_kwestie_stays_once_a_plan_is_decided_on_it(route):
    PlanVersionFactory(route=route)
    with pytest.raises(ValidationError) as excinfo:
        services.route_update(route=route, title="Nieuw", kwestie="Een andere kwestie",
                              neighbourhood=route.neighbourhood)
    assert "kan niet meer veranderen" in " ".join(excinfo.value.messages)
    assert Route.objects.get(pk=route.pk).title == route.title


def test_the_route_page_warns_about_what_is_open_before_the_meeting(as_facilitator, route):
    jan = ConversationFactory(route=route, participant=ParticipantFactory(name="Jan")).participant
    services.invitation_send(route=route, participant=jan, notify=False)
    route.information_requests.create(question="Wat kost het?")
    html = as_facilitator.get(route.get_absolute_url()).content.decode()
    assert "1 informatievraag staat nog open" in html
    assert "1 uitnodiging is nog niet beantwoord: Jan." in html
    route.meeting_date = datetime.date.today() - datetime.timedelta(days=1)
    route.save()
    html = as_facilitator.get(route.get_absolute_url()).content.decode()
    assert "nog niet beantwoord" not in html  # after the meeting it is no longer a warning


def test_cancelling_through_the_page_and_not_after_the_meeting(as_facilitator, route):
    jan = ConversationFactory(route=route, confirmed_email="jan@example.org").participant
    invitation = services.invitation_send(route=route, participant=jan, notify=False)
    url = reverse("nieuweroute:meeting_cancel", args=[route.pk])
    assert "genodigde krijgt een afzegging" in as_facilitator.get(url).content.decode()
    invitation.attended = True
    invitation.save()
    response = as_facilitator.post(url, follow=True)
    assert "kan niet meer verplaatst of afgelast worden" in response.content.decode()
    assert Route.objects.get(pk=route.pk).meeting_date == route.meeting_date
    invitation.attended = None
    invitation.save()
    response = as_facilitator.post(url, follow=True)
    assert "De besluitvormingsbijeenkomst is afgelast" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["jan@example.org"]]
    assert Route.objects.get(pk=route.pk).meeting_date is None
