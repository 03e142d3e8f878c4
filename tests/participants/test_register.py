"""Adding a person by hand: with their neighbourhood and the consent they gave, told
apart from namesakes, and found by name, postcode or e-mail address."""

import pytest
from django.core.exceptions import ValidationError

from participants.filters import PeopleSearch, search_people
from participants.forms import NewParticipantForm, ParticipantChoiceField, participant_label
from participants.models import Consent, ConsentPurpose, Participant
from participants.privacy import PRIVACY_STATEMENT_VERSION
from participants.services import participant_register
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import NeighbourhoodFactory

pytestmark = pytest.mark.django_db


def test_a_registered_person_has_a_neighbourhood_and_the_consent_they_gave():
    wijk = NeighbourhoodFactory(name="Oosterboer")
    person = participant_register(
        name="Yara Bos", neighbourhood=wijk, email=" Yara@Example.NL ", postcode="7941 AB",
        consent_purpose=ConsentPurpose.PARTICIPATION, privacy_version=PRIVACY_STATEMENT_VERSION)
    assert (person.neighbourhood, person.email) == (wijk, "yara@example.nl")
    consent = Consent.objects.get(participant=person)
    assert (consent.purpose, consent.privacy_version) == (
        ConsentPurpose.PARTICIPATION, PRIVACY_STATEMENT_VERSION)


def test_without_consent_nothing_is_stored():
    with pytest.raises(ValidationError) as refused:
        participant_register(name="Yara Bos", neighbourhood=NeighbourhoodFactory())
    assert "toestemming" in " ".join(refused.value.messages)
    assert not Participant.objects.exists()


def test_a_second_person_with_the_same_address_is_refused_and_nothing_is_stored():
    ParticipantFactory(email="yara@example.nl")
    with pytest.raises(ValidationError) as refused:
        participant_register(
            name="Yara Kamp", neighbourhood=NeighbourhoodFactory(), email="YARA@example.nl",
            consent_purpose=ConsentPurpose.PARTICIPATION, privacy_version="2026-11")
    assert "email" in refused.value.error_dict
    assert Participant.objects.count() == 1
    assert not Consent.objects.exists()


def test_the_form_refuses_bad_input_in_dutch_and_keeps_what_was_typed():
    form = NewParticipantForm(data={"name": "  Yara   Bos ", "email": "geen-adres",
                                    "postcode": "0123 AB", "phone": "bel me", "kind": "resident"})
    assert not form.is_valid()
    assert set(form.errors) == {"email", "postcode", "phone", "consent"}
    assert "postcode" in form.errors["postcode"][0].lower()
    assert "toestemming" in form.errors["consent"][0]
    assert 'value="geen-adres"' in str(form["email"])
    assert PRIVACY_STATEMENT_VERSION in str(form["consent"].label)


def test_the_form_cleans_what_the_service_takes():
    form = NewParticipantForm(data={"name": " Yara  Bos ", "postcode": "7941ab",
                                    "kind": "volunteer", "consent": "on"})
    assert form.is_valid(), form.errors
    kwargs = form.register_kwargs()
    assert (kwargs["name"], kwargs["postcode"], kwargs["kind"]) == (
        "Yara Bos", "7941 AB", "volunteer")
    person = participant_register(neighbourhood=NeighbourhoodFactory(), **kwargs)
    assert person.consents.count() == 1


def test_namesakes_are_told_apart_by_postcode_and_neighbourhood(django_assert_num_queries):
    ParticipantFactory(name="Yara Bos", postcode="7941 AB",
                       neighbourhood=NeighbourhoodFactory(name="Oosterboer"))
    ParticipantFactory(name="Yara Bos", postcode="7942 CD",
                       neighbourhood=NeighbourhoodFactory(name="Haveltermade"))
    ParticipantFactory(name="Yara Kamp", postcode="", neighbourhood=None)
    field = ParticipantChoiceField(Participant.objects.order_by("postcode"))
    with django_assert_num_queries(1):  # the people with their neighbourhoods
        labels = [label for _value, label in field.choices][1:]
    assert labels == ["Yara Kamp", "Yara Bos (7941 AB, Oosterboer)",
                      "Yara Bos (7942 CD, Haveltermade)"]
    assert participant_label(Participant.objects.get(name="Yara Kamp")) == "Yara Kamp"


@pytest.mark.parametrize(("typed", "found"), [
    ("yara", {"Yara Bos", "Yara Kamp"}),
    ("7941ab", {"Yara Bos"}),
    ("7941 ab", {"Yara Bos"}),
    ("7942", {"Yara Kamp"}),
    ("kamp@", {"Yara Kamp"}),
    ("  ", {"Yara Bos", "Yara Kamp", "Piet Smit"}),
    ("Oosterboer", set()),
])
def test_people_are_found_by_name_postcode_or_address(typed, found):
    ParticipantFactory(name="Yara Bos", postcode="7941 AB", email="bos@example.nl")
    ParticipantFactory(name="Yara Kamp", postcode="7942 CD", email="kamp@example.nl")
    ParticipantFactory(name="Piet Smit", postcode="8000 ZZ", email="smit@example.nl")
    people = Participant.objects.all()
    assert set(search_people(people, typed).values_list("name", flat=True)) == found
    search = PeopleSearch({"q": typed}, queryset=people)
    assert set(search.qs.values_list("name", flat=True)) == found
