"""Every role against the import of people: process managers import into their own
neighbourhoods only; the other roles are kept out."""

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participants.models import Participant
from tests.roles.test_pages import is_login_redirect
from tests.roles.world import MARKERS, ROLES, leaks

pytestmark = pytest.mark.django_db

IMPORTS = {"superuser", "manager_a", "manager_b"}


def upload(client, neighbourhood_names):
    rows = [[f"Nieuw {name}", f"nieuw-{name.lower()}@lijst.example", name]
            for name in neighbourhood_names]
    data = tablib.Dataset(*rows, headers=["Naam", "E-mail", "Wijk"])
    return client.post(reverse("dashboard:import"), {
        "file": SimpleUploadedFile("lijst.csv", data.export("csv").encode()),
        "channel": "other", "occurred_on": "2025-06-01", "consent_purpose": "participation",
        "consent_how": "Formulier getekend", "consent": "on"})


@pytest.mark.parametrize("role", ROLES)
def test_the_import_answers_each_role_and_only_into_its_own_neighbourhoods(
        role, world, client_for):
    client = client_for(role)
    for url in (reverse("dashboard:import"), reverse("dashboard:import_preview")):
        response = client.get(url)
        if role == "anonymous":
            assert is_login_redirect(response), url
        elif role not in IMPORTS:
            assert response.status_code == 403, url
    if role not in IMPORTS:
        return
    own = {MARKERS[side] for side in ("A", "B")} if role == "superuser" else {
        MARKERS[ROLES[role][0]]}
    form = client.get(reverse("dashboard:import")).content.decode()
    assert all(f">{word} (Meppel)</option>" in form for word in own)
    assert leaks(role, form) == []
    upload(client, list(MARKERS.values()))
    preview = client.get(reverse("dashboard:import_preview")).content.decode()
    for word in MARKERS.values():
        assert (f"Onbekende wijk “{word}”." in preview) == (word not in own)
    client.post(reverse("dashboard:import_preview"), {
        "name": "0", "email": "1", "neighbourhood": "2", "phone": "", "postcode": "",
        "kind": "", "action": "import", "skip_problems": "on"})
    imported = set(Participant.objects.filter(email__endswith="@lijst.example")
                   .values_list("neighbourhood__name", flat=True))
    assert imported == own
