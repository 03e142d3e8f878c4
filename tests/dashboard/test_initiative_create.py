"""A new initiative in the workspace: from the list of initiatives or from a process's
page, in a running process the user may change, with an address of its own."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from initiatives import services
from initiatives.models import Initiative, InitiativePhase, InitiativeStatus, Theme
from tests.dashboard.workspace import managed_process
from tests.initiatives.factories import InitiativeFactory
from tests.wei.factories import (
    ActivityFactory,
    ProcessFactory,
    ProcessManagerFactory,
    UserFactory,
)
from wei.models import Phase
from wei.roles import FACILITATOR

pytestmark = pytest.mark.django_db

CREATE = reverse("dashboard:initiative_create")


def typed(process, **fields):
    data = {"process": process.pk, "title": "Buurtmoestuin", "form": "lasting",
            "phase": str(InitiativePhase.IDEA), "status": "active", "economic_role": "",
            "description": "Samen groente kweken."}
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def process(manager):
    return managed_process(manager, neighbourhood__name="Haveltermade",
                           title="Wijkproces Haveltermade")


def test_a_manager_adds_an_initiative_with_an_address_of_its_own(client, manager, process):
    theme = Theme.objects.create(slug="eenzaamheid", name="Eenzaamheid")
    evening = ActivityFactory(process=process, title="Informatieavond")
    InitiativeFactory(title="Buurtmoestuin", slug="buurtmoestuin")  # elsewhere: slug taken
    client.force_login(manager)
    response = client.post(CREATE, typed(process, themes=[theme.pk], activities=[evening.pk],
                                         aims_people="Buren leren elkaar kennen.",
                                         needs_space="on", is_public="on"))
    initiative = Initiative.objects.get(process=process)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:initiative", args=[initiative.pk])
    assert initiative.slug == "buurtmoestuin-2"
    assert initiative.neighbourhood == process.neighbourhood
    assert (initiative.title, initiative.phase, initiative.is_public, initiative.needs_space
            ) == ("Buurtmoestuin", InitiativePhase.IDEA, True, True)
    assert list(initiative.themes.all()) == [theme]
    assert list(initiative.activities.all()) == [evening]
    # It shows in the list, with a link to its page.
    listed = client.get(reverse("dashboard:initiatives")).context["table"]
    assert (reverse("dashboard:initiative", args=[initiative.pk]), "Buurtmoestuin") in [
        (link, cells[0]) for link, cells in listed]


def test_bad_input_is_refused_with_what_was_typed_kept(client, manager, process):
    client.force_login(manager)
    refused = client.post(CREATE, typed(process, title=" ", aims_people="Samen eten"))
    assert refused.status_code == 400
    assert "Samen eten" in refused.content.decode()
    assert "title" in refused.context["form"].errors
    # A paused initiative needs a reason; the wijkcoöperatie only for an autonomous one.
    paused = client.post(CREATE, typed(process, status=InitiativeStatus.PAUSED))
    assert paused.status_code == 400
    assert "status_reason" in paused.context["form"].errors
    member = client.post(CREATE, typed(process, cooperative_member="on"))
    assert member.status_code == 400
    assert "cooperative_member" in member.context["form"].errors
    assert not Initiative.objects.exists()


def test_the_same_initiative_sent_twice_is_made_once(client, manager, process):
    client.force_login(manager)
    assert client.post(CREATE, typed(process)).status_code == 302
    again = client.post(CREATE, typed(process, title="buurtmoestuin "))
    assert again.status_code == 400
    assert "title" in again.context["form"].errors
    assert Initiative.objects.count() == 1


def test_a_process_out_of_scope_or_not_running_takes_no_initiative(client, manager, process):
    elsewhere = ProcessFactory(neighbourhood__name="Oosterboer")
    stopped = managed_process(manager, neighbourhood=process.neighbourhood,
                              status="stopped", title="Oud wijkproces")
    client.force_login(manager)
    for other in (elsewhere, stopped):
        assert client.get(CREATE, {"proces": other.pk}).status_code == 404
        refused = client.post(CREATE, typed(other))
        assert refused.status_code == 400
        assert "process" in refused.context["form"].errors
    assert client.get(CREATE, {"proces": "x"}).status_code == 404
    assert not Initiative.objects.exists()


def test_the_service_refuses_a_user_out_of_scope(manager, process):
    with pytest.raises(ValidationError):
        services.initiative_create(process=process, title="Buurtmoestuin",
                                   by=ProcessManagerFactory())
    with pytest.raises(ValidationError):  # an activity of another process
        services.initiative_create(process=process, title="Buurtmoestuin", by=manager,
                                   activities=[ActivityFactory()])
    assert not Initiative.objects.exists()


def test_a_process_page_offers_a_new_initiative_in_that_process(client, manager, process):
    client.force_login(manager)
    page = client.get(reverse("dashboard:process", args=[process.pk])).content.decode()
    link = f"{CREATE}?proces={process.pk}"
    assert f'href="{link}" data-step="add_initiative"' in page
    form = client.get(link).context["form"]
    assert form.initial["process"] == process.pk
    # A stopped process offers none.
    process.status = "stopped"
    process.save()
    page = client.get(reverse("dashboard:process", args=[process.pk])).content.decode()
    assert CREATE not in page


def test_the_list_links_to_a_new_initiative_for_whoever_may_add_one(client, manager, process):
    client.force_login(manager)
    assert client.get(reverse("dashboard:initiatives")).context["create"][0] == CREATE
    # A facilitator reads the list of initiatives but adds none.
    facilitator = UserFactory()
    facilitator.groups.add(Group.objects.get(name=FACILITATOR))
    client.force_login(facilitator)
    response = client.get(reverse("dashboard:initiatives"))
    assert response.status_code == 200
    assert CREATE not in response.content.decode()
    assert client.get(CREATE).status_code == 403


def test_the_new_initiative_page_costs_the_same_queries_at_any_size(
        client, manager, process, queries_for, django_assert_max_num_queries):
    client.force_login(manager)
    url = f"{CREATE}?proces={process.pk}"
    small = queries_for(client, url)
    for n in range(10):
        more = managed_process(manager, neighbourhood__name=f"Wijk {n}", phase=Phase.EMERGENCE)
        ActivityFactory.create_batch(3, process=more)
        Theme.objects.create(slug=f"thema-{n}", name=f"Thema {n}")
    assert queries_for(client, url) == small
    # session, user, roles, permissions (2), the chosen process, the processes, the
    # activities, the themes
    with django_assert_max_num_queries(10):
        client.get(url)
