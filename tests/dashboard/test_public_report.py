"""A report published for residents: who may publish it, what it shows, and what never."""

import datetime

import pytest
from django.urls import reverse

from dashboard import report, services
from dashboard.models import ReportVersion
from initiatives import services as memberships
from nieuweroute.models import PlanItem, Verdict
from participants import services as flow
from participants.models import Attendance
from tests.initiatives.factories import (
    InitiativeFactory,
    MoneyFlowFactory,
    OrganisationFactory,
    ReflectionFactory,
)
from tests.nieuweroute.factories import PlanVersionFactory, RouteFactory
from tests.participants.factories import ParticipantFactory
from tests.wei.factories import (
    ActivityFactory,
    ProcessFactory,
    ProcessManagerFactory,
    UserFactory,
)
from wei.models import Phase, PhaseTransition, TransitionKind

pytestmark = pytest.mark.django_db
# Today is pinned to 22 November 2026 (tests/dashboard/conftest.py): this quarter is 2026-k4.
QUARTER = report.Period(datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
DAY = datetime.date(2026, 10, 10)


def public_url(neighbourhood, slug="2026-k4"):
    return reverse("public_reports:report", args=[neighbourhood.slug, slug])


@pytest.fixture
def process(manager):
    process = ProcessFactory(phase=Phase.EMERGENCE)
    process.managers.add(manager)
    return process


def people(process, n, *, activity=None, prefix="Geheimnaam"):
    """`n` people who came in during the quarter (and to `activity`), each with a name,
    e-mail address and postcode that must never reach the public page."""
    made = []
    for number in range(n):
        person = ParticipantFactory(
            neighbourhood=process.neighbourhood, name=f"{prefix} Zwaluwstaart{number}",
            email=f"{prefix.lower()}{number}@privé.example.nl", postcode=f"99{number:02d} QX")
        flow.participant_flow_in(participant=person, process=process, occurred_on=DAY,
                                 channel="organizer", phase=Phase.INFORMATION)
        if activity is not None:
            Attendance.objects.create(activity=activity, participant=person)
        made.append(person)
    return made


def save(manager, neighbourhood, *, learned="Kleine stappen.", period=QUARTER):
    data = report.build(manager, period=period, neighbourhood=neighbourhood)
    ids = [r["id"] for i in data["initiatives"]["list"] for r in i["reflections"]]
    return services.report_version_save(user=manager, period=period, neighbourhood=neighbourhood,
                                        learned=learned, reflections=ids)


@pytest.mark.parametrize(("period", "slug"), [
    (QUARTER, "2026-k4"),
    (report.Period(datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)), "2026-k3"),
    (report.Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)), "2026"),
    (report.Period(datetime.date(2026, 7, 1), datetime.date(2026, 9, 15)),
     "2026-07-01-2026-09-15"),
])
def test_the_period_in_the_address_goes_both_ways(period, slug):
    assert report.period_slug(period) == slug
    assert report.period_from_slug(slug) == period


@pytest.mark.parametrize("slug", ["2026-k5", "26", "2026-13-01-2026-14-01", "2026-09-15-2026-07-01",
                                  "2026-10-01-2026-12-31", "kwartaal"])
def test_an_unknown_period_is_none(slug):
    # A quarter written out as dates has its short address only.
    assert report.period_from_slug(slug) is None


def test_a_manager_publishes_from_the_version_page_and_withdraws(client, manager, process):
    version = save(manager, process.neighbourhood)
    client.force_login(manager)
    page = client.get(version.get_absolute_url()).content.decode()
    publish = reverse("dashboard:report_publish", args=[version.pk])
    assert publish in page
    confirm = client.get(publish).content.decode()
    assert "/verslag/2026-k4/" in confirm and "Wat we leerden" in confirm
    assert client.get(public_url(process.neighbourhood)).status_code == 404
    assert client.post(publish).status_code == 302
    version.refresh_from_db()
    assert version.is_published and version.period_slug == "2026-k4"
    client.logout()
    response = client.get(public_url(process.neighbourhood))
    assert response.status_code == 200 and "Kleine stappen." in response.content.decode()
    neighbourhood_page = client.get(reverse("initiatives:neighbourhood",
                                            args=[process.neighbourhood.slug]))
    assert public_url(process.neighbourhood) in neighbourhood_page.content.decode()
    sitemap = client.get(reverse("sitemap")).content.decode()
    assert public_url(process.neighbourhood) in sitemap

    client.force_login(manager)
    withdraw = reverse("dashboard:report_withdraw", args=[version.pk])
    assert client.post(withdraw).status_code == 302
    client.logout()
    assert client.get(public_url(process.neighbourhood)).status_code == 404
    assert public_url(process.neighbourhood) not in client.get(reverse("sitemap")).content.decode()


def test_outsiders_and_other_managers_cannot_publish(client, manager, process):
    version = save(manager, process.neighbourhood)
    publish = reverse("dashboard:report_publish", args=[version.pk])
    elsewhere = ProcessManagerFactory()
    ProcessFactory().managers.add(elsewhere)
    client.force_login(elsewhere)
    assert client.post(publish).status_code == 404
    client.force_login(UserFactory())  # staff without the right to save versions
    assert client.post(publish).status_code == 403
    client.logout()
    assert client.post(publish).status_code == 302  # to the login page
    assert "inloggen" in client.post(publish)["Location"]
    version.refresh_from_db()
    assert not version.is_published
    with pytest.raises(services.ValidationError, match="procesmanager van deze wijk"):
        services.report_version_publish(user=elsewhere, version=version)


def test_a_version_of_all_neighbourhoods_is_refused_in_dutch(client, manager, process):
    version = services.report_version_save(user=manager, period=QUARTER)
    client.force_login(manager)
    client.post(reverse("dashboard:report_publish", args=[version.pk]), follow=True)
    with pytest.raises(services.ValidationError, match="niet gepubliceerd worden"):
        services.report_version_publish(user=manager, version=version)
    version.refresh_from_db()
    assert not version.is_published


def test_a_later_version_replaces_the_earlier_on_the_public_address(client, manager, process):
    first = services.report_version_publish(
        user=manager, version=save(manager, process.neighbourhood, learned="Eerste les."))
    second = services.report_version_publish(
        user=manager, version=save(manager, process.neighbourhood, learned="Tweede les."))
    first.refresh_from_db()
    assert not first.is_published and second.is_published
    html = client.get(public_url(process.neighbourhood)).content.decode()
    assert "Tweede les." in html and "Eerste les." not in html
    assert ReportVersion.objects.filter(published_at__isnull=False).count() == 1


def test_small_counts_read_fewer_than_five_and_larger_ones_exactly(client, manager, process):
    activities = [ActivityFactory(process=process, date=DAY + datetime.timedelta(days=n))
                  for n in range(3)]
    people(process, 7, activity=activities[0])
    outcome = ParticipantFactory(neighbourhood=process.neighbourhood)
    flow.participant_flow_in(participant=outcome, process=process, occurred_on=DAY,
                             channel="referral", phase=Phase.INFORMATION)
    flow.participant_flow_out(participant=outcome, process=process,
                              occurred_on=DAY + datetime.timedelta(days=2), reason="paid_work")
    services.report_version_publish(user=manager, version=save(manager, process.neighbourhood))
    data = ReportVersion.objects.get().public_snapshot
    kinds = {row["code"]: row["now"] for row in data["flows"]["kinds"]}
    assert kinds == {"inflow": 8, "throughflow": 0, "outflow": report.FEWER_THAN}
    assert data["flows"]["outcomes"] == report.FEWER_THAN
    assert data["activities"]["held"] == report.FEWER_THAN
    assert data["activities"]["people"] == 7
    html = client.get(public_url(process.neighbourhood)).content.decode()
    assert "minder dan 5" in html
    assert '<dd class="public-people">7</dd>' in html
    assert '<dd class="public-held">minder dan 5</dd>' in html


def test_only_public_reflections_of_public_initiatives(client, manager, process):
    shown = InitiativeFactory(process=process, title="Moestuin", is_public=True)
    hidden = InitiativeFactory(process=process, title="Geheime club", is_public=False)
    ReflectionFactory(initiative=shown, date=DAY, is_public=True, what_we_did="Samen gezaaid.")
    ReflectionFactory(initiative=shown, date=DAY, is_public=False, what_we_did="Ruzie gehad.")
    ReflectionFactory(initiative=hidden, date=DAY, is_public=True, what_we_did="In stilte.")
    services.report_version_publish(user=manager, version=save(manager, process.neighbourhood))
    html = client.get(public_url(process.neighbourhood)).content.decode()
    assert "Samen gezaaid." in html
    assert "Ruzie gehad." not in html and "In stilte." not in html and "Geheime club" not in html


def test_no_name_address_or_postcode_reaches_the_public_page(client, manager, process):
    manager.first_name, manager.last_name = "Geertruida", "Vandermeulenhof"
    manager.save()
    activity = ActivityFactory(process=process, date=DAY)
    secret = people(process, 6, activity=activity)
    garden = InitiativeFactory(process=process, title="Moestuin", is_public=True)
    for person in secret[:3]:
        memberships.membership_start(participant=person, initiative=garden, started_on=DAY)
    ReflectionFactory(initiative=garden, date=DAY, is_public=True, what_we_did="Samen gezaaid.")
    PhaseTransition.objects.create(
        process=process, kind=TransitionKind.ADVANCE, from_phase=Phase.INFORMATION,
        to_phase=Phase.EMERGENCE, occurred_on=DAY, decided_by=manager,
        rationale=f"{secret[0].name} trekt de kerngroep.")
    route = RouteFactory(neighbourhood=process.neighbourhood, facilitator=manager)
    plan = PlanVersionFactory(route=route, verdict=Verdict.ACCEPTED, verdict_on=DAY)
    PlanItem.objects.create(plan=plan, what="Wekelijks overleg", who_participant=secret[1])
    PlanItem.objects.create(plan=plan, what="Sleutel beheren",
                            who_organisation=OrganisationFactory(name="Woonconcept"))
    MoneyFlowFactory(initiative=garden, source=OrganisationFactory(name="Gemeente Meppel"),
                     period_start=QUARTER.start, period_end=QUARTER.end)
    services.report_version_publish(user=manager, version=save(manager, process.neighbourhood))
    html = client.get(public_url(process.neighbourhood)).content.decode()
    assert "Wekelijks overleg" in html and "Gemeente Meppel" in html and "Samen gezaaid." in html
    assert "Zwaluwstaart" not in html and "trekt de kerngroep" not in html
    for person in secret:
        assert person.name not in html and person.email not in html
        assert person.postcode not in html
    for word in ("Geertruida", "Vandermeulenhof", manager.username, manager.email):
        assert word not in html
    assert "@" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_public_page_costs_the_same_queries_however_much_data(client, manager, process,
                                                                  queries_for):
    def add(n):
        activity = ActivityFactory(process=process, date=DAY)
        people(process, n, activity=activity, prefix=f"Groep{n}")
        garden = InitiativeFactory(process=process, is_public=True)
        ReflectionFactory(initiative=garden, date=DAY, is_public=True)
        MoneyFlowFactory(initiative=garden, period_start=QUARTER.start, period_end=QUARTER.end)

    add(2)
    services.report_version_publish(user=manager, version=save(manager, process.neighbourhood))
    small = queries_for(client, public_url(process.neighbourhood))
    for n in range(3, 7):
        add(n)
    services.report_version_publish(user=manager, version=save(manager, process.neighbourhood))
    assert queries_for(client, public_url(process.neighbourhood)) == small


def test_unknown_and_unpublished_addresses_are_the_dutch_404(client, manager, process):
    version = save(manager, process.neighbourhood)
    for slug in ("2026-k4", "2026-k9", "vorig-jaar", "2026"):
        response = client.get(public_url(process.neighbourhood, slug))
        assert response.status_code == 404
    services.report_version_publish(user=manager, version=version)
    assert client.get(public_url(process.neighbourhood, "2026")).status_code == 404
    response = client.get(reverse("public_reports:report", args=["geen-wijk", "2026-k4"]))
    assert response.status_code == 404 and "niet gevonden" in response.content.decode().lower()
