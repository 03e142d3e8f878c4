"""Every role against every admin page: the change lists (rows, counts, search, filters),
the change and add pages, and the autocomplete answers.

The list of pages comes from `admin.site._registry`, so a new model is covered the
day it is registered: its rows must be tagged in tests/roles/world.py (a test there
fails otherwise), and a role that may open its list must see exactly what `sees()` says.
"""

import json

import pytest
from django.contrib import admin
from django.urls import reverse

from nieuweroute.models import Route
from tests.roles.world import MARKERS, ROLES, leaks, sees
from wei.scoped_admin import ScopedAdmin, ScopedInline

pytestmark = pytest.mark.django_db

PRODUCT_APPS = {"wei", "participants", "initiatives", "nieuweroute"}
STAFF_ROLES = [role for role in ROLES if role != "anonymous"]


def registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def may_open(user, model):
    opts = model._meta
    return any(user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
               for action in ("view", "change"))


def is_login_redirect(response):
    return response.status_code == 302 and "login" in response["Location"]


def test_every_admin_of_the_product_and_its_inlines_ask_wei_access():
    for model, model_admin in registered():
        if model._meta.app_label not in PRODUCT_APPS:
            continue
        assert isinstance(model_admin, ScopedAdmin), model._meta.label
        for inline in model_admin.inlines:
            assert issubclass(inline, ScopedInline), inline


@pytest.mark.parametrize("role", ROLES)
def test_each_change_list_shows_exactly_what_the_role_may_see(role, world, client_for):
    client = client_for(role)
    user = world.users.get(role)
    problems = []
    for model, _model_admin in registered():
        label = model._meta.label
        response = client.get(url(model, "changelist"))
        if role == "anonymous":
            if not is_login_redirect(response):
                problems.append(f"{label}: {response.status_code}, not the login")
            continue
        if not may_open(user, model):
            if response.status_code != 403:
                problems.append(f"{label}: {response.status_code} without permission")
            continue
        if model._meta.app_label not in PRODUCT_APPS:
            # Accounts, devices, login attempts, the mail queue: a superuser's only.
            if role != "superuser" or response.status_code != 200:
                problems.append(f"{label}: {response.status_code} for {role}")
            continue
        if response.status_code != 200:
            problems.append(f"{label}: {response.status_code}")
            continue
        changelist = response.context["cl"]
        shown = {obj.pk for obj in changelist.result_list}
        expected = world.visible_pks(role, model)
        if shown != expected:
            problems.append(f"{label}: shows {sorted(shown)}, expected {sorted(expected)}")
        if changelist.full_result_count != len(expected):
            problems.append(f"{label}: counts {changelist.full_result_count} in all")
        if found := leaks(role, response.content.decode()):
            problems.append(f"{label}: the list shows {found}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_searching_never_finds_the_other_side(role, world, client_for):
    client = client_for(role)
    side = ROLES[role][0]
    problems = []
    for model, model_admin in registered():
        if (model._meta.app_label not in PRODUCT_APPS or not model_admin.search_fields
                or not may_open(world.users[role], model)):
            continue
        for search_side, word in MARKERS.items():
            response = client.get(url(model, "changelist"), {"q": word})
            changelist = response.context["cl"]
            found = {obj.pk for obj in changelist.result_list}
            expected = world.visible_pks(role, model)
            if side is not None and search_side != side and found:
                problems.append(f"{model._meta.label}: '{word}' finds {sorted(found)}")
            if not found <= expected:
                problems.append(f"{model._meta.label}: '{word}' finds {sorted(found - expected)}")
            if changelist.full_result_count != len(expected):
                problems.append(f"{model._meta.label}: '{word}' counts "
                                f"{changelist.full_result_count} in all")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_each_change_page_opens_for_a_row_the_role_may_see_only(role, world, client_for):
    client = client_for(role)
    user = world.users.get(role)
    index = reverse("admin:index")
    problems = []
    for model, _model_admin in registered():
        for tag, obj in world.rows.get(model, []):
            label = f"{model._meta.label} {tag} #{obj.pk}"
            response = client.get(url(model, "change", obj.pk))
            if role == "anonymous":
                if not is_login_redirect(response):
                    problems.append(f"{label}: {response.status_code}, not the login")
                continue
            allowed = may_open(user, model)
            if allowed and sees(role, model, tag):
                if response.status_code != 200:
                    problems.append(f"{label}: {response.status_code}")
                elif found := leaks(role, response.content.decode()):
                    problems.append(f"{label}: the page shows {found}")
            elif response.status_code == 302:
                # The same answer as for a row that does not exist.
                if response["Location"] != index:
                    problems.append(f"{label}: redirects to {response['Location']}")
            elif response.status_code != 403:
                problems.append(f"{label}: {response.status_code} for a row out of sight")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_add_pages_offer_only_visible_rows_as_choices(role, world, client_for):
    client = client_for(role)
    problems = []
    for model, _model_admin in registered():
        if model._meta.app_label not in PRODUCT_APPS:
            continue
        response = client.get(url(model, "add"))
        if response.status_code == 403:  # no add permission, or rows only a service adds
            continue
        if response.status_code != 200:
            problems.append(f"{model._meta.label}: {response.status_code}")
        elif found := leaks(role, response.content.decode()):
            problems.append(f"{model._meta.label}: the add page offers {found}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_autocomplete_answers_only_with_visible_rows(role, world, client_for):
    client = client_for(role)
    problems = []
    for model, model_admin in registered():
        if model._meta.app_label not in PRODUCT_APPS:
            continue
        for field_name in model_admin.autocomplete_fields:
            remote = model._meta.get_field(field_name).remote_field.model
            response = client.get(reverse("admin:autocomplete"), {
                "app_label": model._meta.app_label, "model_name": model._meta.model_name,
                "field_name": field_name, "term": ""})
            where = f"{model._meta.label}.{field_name}"
            if response.status_code == 403:
                continue  # no view permission on the related model's admin
            if response.status_code != 200:
                problems.append(f"{where}: {response.status_code}")
                continue
            ids = {int(row["id"]) for row in json.loads(response.content)["results"]}
            if remote in world.rows and not ids <= world.visible_pks(role, remote):
                problems.append(f"{where}: offers {sorted(ids)}")
            if found := leaks(role, response.content.decode()):
                problems.append(f"{where}: offers {found}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_raw_id_fields_name_only_visible_rows(role, world, client_for):
    """`add/?process=<id>` fills a raw-id field from the address: it names a row in sight
    only, and an id from the other side shows no more than a row that does not exist."""
    client = client_for(role)
    problems = []
    walked = 0
    for model, model_admin in registered():
        for field_name in model_admin.raw_id_fields:
            remote = model._meta.get_field(field_name).remote_field.model
            for tag, obj in world.rows.get(remote, []):
                walked += 1
                response = client.get(url(model, "add"), {field_name: obj.pk})
                where = f"{model._meta.label}.{field_name}={remote._meta.label} {tag}"
                if response.status_code == 403:
                    continue  # may not add these at all
                if response.status_code != 200:
                    problems.append(f"{where}: {response.status_code}")
                    continue
                html = response.content.decode()
                if found := leaks(role, html):
                    problems.append(f"{where}: names {found}")
                if not sees(role, remote, tag) and str(obj) in html:
                    problems.append(f"{where}: names {obj}")
    assert walked, "no raw-id field to walk"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_view_on_site_redirects_only_for_a_row_in_sight(role, world, client_for):
    """/beheer/r/<content type>/<id>/ for every row of every model: a 404 for a row out of
    sight, as for one that does not exist; the row's own page for one in sight."""
    from django.contrib.contenttypes.models import ContentType

    client = client_for(role)
    user = world.users.get(role)
    problems = []
    for model, rows in world.rows.items():
        content_type = ContentType.objects.get_for_model(model)
        for tag, obj in rows:
            label = f"{model._meta.label} {tag} #{obj.pk}"
            response = client.get(reverse("admin:view_on_site", args=[content_type.pk, obj.pk]))
            if role == "anonymous":
                if not is_login_redirect(response):
                    problems.append(f"{label}: {response.status_code}, not the login")
                continue
            in_sight = may_open(user, model) and sees(role, model, tag)
            if in_sight and hasattr(obj, "get_absolute_url"):
                if response.status_code != 302 or not response["Location"].endswith(
                        obj.get_absolute_url()):
                    problems.append(f"{label}: {response.status_code}")
            elif not in_sight and response.status_code != 404:
                problems.append(f"{label}: {response.status_code} for a row out of sight")
    unknown = client.get(reverse("admin:view_on_site", args=[1, 999999]))
    if role != "anonymous" and unknown.status_code != 404:
        problems.append(f"an unknown row: {unknown.status_code}")
    assert not problems, "\n".join(problems)


# What the button that fixes one kader answers (/beheer/nieuweroute/kader/<id>/fix/):
# "confirm" the confirmation page, "page" back to the kader's page (fixed already, nothing
# to do), "unknown" the admin's answer for a row that does not exist, "login" the login.
FIX_ANSWERS = {
    # role: (own concept of side A, another organisation's concept of side A, a fixed kader)
    "superuser": ("confirm", "confirm", "page"),
    "manager_a": ("confirm", "confirm", "page"),
    "manager_b": ("unknown", "unknown", "unknown"),
    "facilitator_a": ("confirm", "confirm", "page"),
    "facilitator_b": ("unknown", "unknown", "unknown"),
    "steering_x": ("confirm", "unknown", "page"),
    "steering_y": ("unknown", "unknown", "unknown"),
    "staff_without_role": ("unknown", "unknown", "unknown"),
    "anonymous": ("login", "login", "login"),
}


@pytest.mark.parametrize("role", FIX_ANSWERS)
def test_the_button_that_fixes_a_kader_answers_each_role(role, world, client_for):
    from nieuweroute.models import Kader, KaderStatus

    client = client_for(role)
    side = world.sides["A"]
    secret = next(obj for tag, obj in world.rows[Kader] if tag == "A:secret")
    kaders = (side["own_kader"], secret, side["fixed_kader"])
    for kader, expected in zip(kaders, FIX_ANSWERS[role], strict=True):
        fix = reverse("admin:nieuweroute_kader_fix", args=[kader.pk])
        page = reverse("admin:nieuweroute_kader_change", args=[kader.pk])
        before = (kader.status, kader.fixed_at)
        for method in ("get", "post"):
            response = getattr(client, method)(fix)
            if expected == "login":
                assert is_login_redirect(response), (kader, method)
            elif expected == "unknown":
                assert (response.status_code, response["Location"]) == (
                    302, reverse("admin:index")), (kader, method)
            elif expected == "page" or method == "post":
                assert (response.status_code, response["Location"]) == (302, page), (kader, method)
            else:
                assert response.status_code == 200, (kader, method)
                assert not leaks(role, response.content.decode())
                # The kader's own page offers the button that leads here.
                assert f'href="{fix}"' in client.get(page).content.decode()
        kader.refresh_from_db()
        if expected == "confirm":
            assert kader.status == KaderStatus.FIXED and kader.fixed_by == world.users[role]
        else:
            assert (kader.status, kader.fixed_at) == before, kader


ON_SITE = {"superuser", "manager_a", "facilitator_a"}  # who the route's own pages open for


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_the_route_page_shows_kaders_and_checks_and_view_on_site_as_the_role_may(
        role, world, client_for):
    client = client_for(role)
    user = world.users[role]
    route = world.sides["A"]["route"]
    response = client.get(url(Route, "change", route.pk))
    if not (may_open(user, Route) and sees(role, Route, "A")):
        assert response.status_code in (302, 403)
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert not leaks(role, html)
    assert "Vast kader Alfahoek" in html and "Eigen concept Alfahoek" in html
    assert "<td>Voldoet</td>" in html and "Past in Alfahoek" in html
    assert ('class="viewsitelink"' in html) == (role in ON_SITE)
    if role in ON_SITE:
        assert client.get(route.get_absolute_url()).status_code == 200
