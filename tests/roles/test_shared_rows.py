"""Organisations and themes are shared by every neighbourhood: only a superuser, or a
process manager of every neighbourhood that uses one, changes it; for anyone else the
admin shows it read-only."""

import pytest
from django.urls import reverse

from initiatives.models import Theme
from participants.models import Organisation
from wei import access

pytestmark = pytest.mark.django_db


def changeable_names(user, model):
    return set(access.changeable(user, model.objects.all()).values_list("name", flat=True))


def test_an_organisation_used_on_both_sides_is_changed_by_a_superuser_only(world):
    # Gemeente Meppel sets kaders in both neighbourhoods; each steering organisation in one.
    assert "Gemeente Meppel" in changeable_names(world.users["superuser"], Organisation)
    for role, own, other in [("manager_a", "Woonconcept", "Politie Drenthe"),
                             ("manager_b", "Politie Drenthe", "Woonconcept")]:
        names = changeable_names(world.users[role], Organisation)
        assert "Gemeente Meppel" not in names, role
        assert own in names and other not in names, role


def test_a_theme_in_use_on_both_sides_is_read_only_for_managers(world):
    theme = Theme.objects.order_by("pk").first()
    for side in ("A", "B"):  # one initiative of each side carries it
        world.sides[side]["initiative"].themes.add(theme)
    for role in ("manager_a", "manager_b"):
        assert theme.name not in changeable_names(world.users[role], Theme), role
    assert theme.name in changeable_names(world.users["superuser"], Theme)
    # A theme no neighbourhood uses yet may be set right by any process manager.
    unused = Theme.objects.create(name="Nog ongebruikt")
    assert unused.name in changeable_names(world.users["manager_a"], Theme)


@pytest.mark.parametrize("role", ["manager_a", "facilitator_a", "steering_x"])
def test_the_admin_refuses_renaming_a_shared_organisation(role, world, client_for):
    municipality = Organisation.objects.get(name="Gemeente Meppel")
    client = client_for(role)
    url = reverse("admin:participants_organisation_change", args=[municipality.pk])
    page = client.get(url)
    assert page.status_code in (200, 403)
    if page.status_code == 200:
        assert 'name="name"' not in page.content.decode()  # shown read-only
    response = client.post(url, {"name": "Gemeente Bravoveld", "kind": municipality.kind})
    assert response.status_code == 403
    municipality.refresh_from_db()
    assert municipality.name == "Gemeente Meppel"
