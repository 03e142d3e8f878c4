"""Every role against the staff pages of De Nieuwe Route, the dashboard (with its CSV
exports) and the public pages: the right answer, and never a word of the other side."""

import datetime

import pytest
from django.urls import NoReverseMatch, URLPattern, reverse
from django.utils import timezone

from dashboard.views.routes import urls as route_urls
from tests.roles.world import MARKERS, ROLES, STEERING_SECRETS, leaks
from wei.models import Activity

pytestmark = pytest.mark.django_db

PUBLIC_ROUTE_PAGES = {"invitation_answer", "invitation_answer_choice"}
# Who works on a route (its pages answer them; other staff of the back office get a 404,
# staff without a back-office role a 403 at its door).
WORKS_ON = {"superuser": {"A", "B"}, "manager_a": {"A"}, "manager_b": {"B"},
            "facilitator_a": {"A"}, "facilitator_b": {"B"}}
OUTSIDE_THE_BACK_OFFICE = {role for role, (_side, kind) in ROLES.items()
                           if kind in ("steering", "none")}


def route_page_urls(world, side):
    """Each staff page of a route, with the rows of that side in its address."""
    rows = world.sides[side]
    arguments = {"pk": rows["route"].pk, "kader_pk": rows["own_kader"].pk,
                 "suggestion_pk": rows["suggestion"].pk,
                 "request_pk": rows["information_request"].pk,
                 "invitation_pk": rows["invitation"].pk, "plan_pk": rows["plan"].pk,
                 "item_pk": rows["plan_item"].pk}
    for pattern in route_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        names = list(pattern.pattern.converters)
        if pattern.name in PUBLIC_ROUTE_PAGES or "pk" not in names:
            continue
        yield pattern.name, reverse(f"nieuweroute:{pattern.name}",
                                    kwargs={name: arguments[name] for name in names})


def is_login_redirect(response):
    # The product's login page; the admin's own login sends on to it.
    return response.status_code == 302 and any(
        path in response["Location"] for path in ("/inloggen/", reverse("admin:login")))


@pytest.mark.parametrize("role", ROLES)
def test_the_route_pages_answer_those_who_work_on_the_route_only(role, world, client_for):
    client = client_for(role)
    problems = []
    for side in MARKERS:
        for name, url in route_page_urls(world, side):
            response = client.get(url)
            if role == "anonymous":
                if not is_login_redirect(response):
                    problems.append(f"{name} {side}: {response.status_code}, not the login")
            elif side in WORKS_ON.get(role, ()):
                if response.status_code not in (200, 405):  # 405: a button, POST only
                    problems.append(f"{name} {side}: {response.status_code}")
                elif found := leaks(role, response.content.decode()):
                    problems.append(f"{name} {side}: shows {found}")
            elif role in OUTSIDE_THE_BACK_OFFICE:
                posted = client.post(url)
                if (response.status_code, posted.status_code) != (403, 403):
                    problems.append(f"{name} {side}: GET {response.status_code}, "
                                    f"POST {posted.status_code} instead of 403")
            else:
                posted = client.post(url)
                if (response.status_code, posted.status_code) not in ((404, 404), (405, 404)):
                    problems.append(f"{name} {side}: GET {response.status_code}, "
                                    f"POST {posted.status_code} instead of 404")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_the_route_list_shows_the_routes_one_works_on(role, world, client_for):
    response = client_for(role).get(reverse("nieuweroute:route_list"))
    if role == "anonymous":
        assert is_login_redirect(response)
        return
    if role in OUTSIDE_THE_BACK_OFFICE:
        assert response.status_code == 403  # the back office's door
        return
    html = response.content.decode()
    assert response.status_code == 200
    for side, word in MARKERS.items():
        assert (f"Route {word}" in html) == (side in WORKS_ON.get(role, ())), side
    assert leaks(role, html) == []


@pytest.mark.parametrize(("role", "status"), [
    ("superuser", 200), ("manager_a", 200), ("facilitator_a", 200), ("steering_x", 403),
    ("staff_without_role", 403)])
def test_starting_a_route_needs_the_permission(role, status, world, client_for):
    assert client_for(role).get(reverse("nieuweroute:route_create")).status_code == status


def test_a_steering_member_reads_the_route_in_the_admin_with_residents_by_name_only(
        world, client_for):
    route = world.sides["A"]["route"]
    page = client_for("steering_x").get(
        reverse("admin:nieuweroute_route_change", args=[route.pk])).content.decode()
    assert "Routegenoot Alfahoek" in page  # the core group, by name
    assert leaks("steering_x", page) == []
    assert not any(secret in page for secret in STEERING_SECRETS)


# --- the dashboard -------------------------------------------------------------------------

DASHBOARD_PAGES = ["dashboard:overview", "dashboard:participants", "dashboard:initiatives",
                   "dashboard:flow_events"]
DASHBOARD_ROLES = {"superuser", "manager_a", "manager_b", "facilitator_a", "facilitator_b"}


def dashboard_urls():
    try:
        reverse(DASHBOARD_PAGES[0])
    except NoReverseMatch:
        return []
    urls = []
    for name in DASHBOARD_PAGES:
        urls.append(reverse(name))
        if name != "dashboard:overview":
            urls.append(reverse(name) + "?format=csv")
    return urls


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_dashboard_and_its_exports_hold_only_the_roles_own_rows(role, world, client_for):
    urls = dashboard_urls()
    if not urls:
        pytest.skip("the dashboard is not there yet")
    client = client_for(role)
    problems = []
    for url in urls:
        response = client.get(url)
        if role == "anonymous":
            if not is_login_redirect(response):
                problems.append(f"{url}: {response.status_code}, not the login")
        elif role not in DASHBOARD_ROLES:
            if response.status_code != 403:
                problems.append(f"{url}: {response.status_code}")
        elif response.status_code != 200:
            problems.append(f"{url}: {response.status_code}")
        elif found := leaks(role, body(response)):
            problems.append(f"{url}: shows {found}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ["manager_a", "manager_b"])
def test_a_process_manager_exports_their_own_people(role, world, client_for):
    if not dashboard_urls():
        pytest.skip("the dashboard is not there yet")
    word = MARKERS[ROLES[role][0]]
    csv = body(client_for(role).get(reverse("dashboard:participants") + "?format=csv"))
    assert f"Bewoner {word}" in csv
    assert leaks(role, csv) == []


# --- the public pages ----------------------------------------------------------------------

def public_urls(world):
    rows = world.sides["A"]
    return ["/", reverse("initiatives:list"), rows["initiative"].get_absolute_url(),
            reverse("initiatives:neighbourhoods"),
            reverse("initiatives:neighbourhood", args=[rows["neighbourhood"].slug]),
            reverse("initiatives:idea"), reverse("participants:privacy")]


@pytest.mark.parametrize("role", ROLES)
def test_the_public_pages_are_the_same_for_everyone_and_hold_nothing_private(
        role, world, client_for):
    client = client_for(role)
    for url in public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        # No e-mail address, no conversation, no concept kader, no private reflection.
        assert not any(secret in html for secret in STEERING_SECRETS), url
        assert "Gespit in" not in html, url


@pytest.fixture
def public_and_private_rows(world):
    """Beside the world's rows: an upcoming public evening, an upcoming staff meeting and
    an unpublished initiative on side A."""
    from tests.initiatives.factories import InitiativeFactory
    from tests.wei.factories import ActivityFactory

    rows = world.sides["A"]
    process, soon = rows["process"], timezone.localdate() + datetime.timedelta(days=5)
    evening = ActivityFactory(process=process, is_public=True, date=soon,
                              title="Open avond Alfahoek", location="Buurthuis")
    meeting = ActivityFactory(process=process, is_public=False, date=soon,
                              title="Stuurgroepoverleg Alfahoek")
    hidden = InitiativeFactory(process=process, title="Ongepubliceerd plan Alfahoek",
                               is_public=False)
    rows["initiative"].activities.add(evening, meeting)
    return evening, meeting, hidden


@pytest.mark.parametrize("role", ROLES)
def test_the_public_pages_show_public_activities_only_to_everyone(
        role, world, client_for, public_and_private_rows):
    evening, meeting, hidden = public_and_private_rows
    client = client_for(role)
    for url in public_urls(world):
        html = client.get(url).content.decode()
        assert "Stuurgroepoverleg Alfahoek" not in html, url
        assert "Ongepubliceerd plan Alfahoek" not in html, url
        assert "Informatieavond Alfahoek" not in html, url  # the world's own, not public
    rows = world.sides["A"]
    for url in ["/", rows["initiative"].get_absolute_url(),
                reverse("initiatives:neighbourhood", args=[rows["neighbourhood"].slug])]:
        assert "Open avond Alfahoek" in client.get(url).content.decode(), url
    assert client.get(evening.get_calendar_url()).status_code == 200
    assert client.get(meeting.get_calendar_url()).status_code == 404
    private = Activity.objects.get(title="Informatieavond Alfahoek")
    assert client.get(private.get_calendar_url()).status_code == 404
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_a_resident_without_an_account_reaches_no_staff_page(world, client_for):
    client = client_for("anonymous")
    for url in [reverse("admin:index"), reverse("nieuweroute:route_list"),
                *dashboard_urls()]:
        assert is_login_redirect(client.get(url)), url


@pytest.mark.parametrize("role", sorted(DASHBOARD_ROLES))
def test_each_list_counts_exactly_the_rows_the_role_may_export(role, world, client_for):
    """The count on a list never says more (or less) than the role may see, however it
    is counted (the flow list counts from the running tallies)."""
    client = client_for(role)
    for name in DASHBOARD_PAGES[1:]:
        page = client.get(reverse(name))
        exported = body(client.get(reverse(name) + "?format=csv")).strip().splitlines()
        assert page.context["paginator"].count == len(exported) - 1, name
