"""The sign-ups in the admin: the initiative an idea became is named, and nothing a person
cannot read (the hash of the link) is shown."""

import pytest
from django.urls import reverse

from tests.dashboard.workspace import an_idea, managed_process

pytestmark = pytest.mark.django_db


def test_the_sign_up_list_names_the_hidden_initiative_of_an_idea(admin_client, manager):
    process = managed_process(manager)
    signup = an_idea(process.neighbourhood, title="Pluktuin achter de school")
    listing = admin_client.get(reverse("admin:initiatives_signup_changelist")).content.decode()
    assert "Pluktuin achter de school" in listing
    assert '<td class="field-initiative_of">-</td>' not in listing
    page = admin_client.get(reverse("admin:initiatives_signup_change", args=[signup.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Hash van de link" not in html and signup.token_hash not in html
    assert "Pluktuin achter de school" in html
