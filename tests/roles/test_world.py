"""The world itself: every row of the product's apps is tagged, so no row escapes the checks."""

import pytest
from django.apps import apps

from tests.roles.world import MARKERS

pytestmark = pytest.mark.django_db

APPS = ("wei", "participants", "initiatives", "nieuweroute")


def test_every_row_of_every_model_is_tagged_with_a_side(world):
    untagged = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            tagged = {obj.pk for _, obj in world.rows[model]}
            missing = set(model._default_manager.values_list("pk", flat=True)) - tagged
            if not tagged or missing:
                untagged[model._meta.label] = len(missing) if tagged else "no rows"
    assert untagged == {}


def test_each_side_holds_rows_with_its_own_word_only(world):
    for side, word in MARKERS.items():
        assert str(world.sides[side]["route"]).endswith(word)
