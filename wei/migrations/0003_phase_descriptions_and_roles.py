from django.db import migrations

from wei.roles import FACILITATOR, PROCESS_MANAGER, STEERING_MEMBER, grant

# The seed texts of the WEI-model (shared/seeds 001): editable afterwards in the admin.
PHASES = {
    1: (
        "Een grote groep bewoners wordt geïnformeerd over de kansen van bewonersgestuurde "
        "wijkontwikkeling: een probleem in de eigen straat oplossen, training en coaching krijgen, "
        "een eigen bedrijfje opzetten, geld verdienen, nieuwe vrienden maken.",
        "Bewoners die vanuit intrinsieke motivatie willen deelnemen aan het proces. Komen die er "
        "niet, dan stopt het proces.",
        [
            "Een grote groep bewoners is geïnformeerd over de kansen voor de wijk en voor henzelf",
            "Genoeg bewoners zijn intrinsiek gemotiveerd om deel te nemen",
            "Er zijn eerste ideeën voor burgerinitiatieven",
        ],
    ),
    2: (
        "Door, voor en met bewoners worden burgerinitiatieven ontwikkeld die problemen in de wijk "
        "aanpakken (armoede, sociaal isolement, geen plek om samen te komen, een armoedige "
        "speeltuin), met de potentie om zelfstandig of een professioneel buurtbedrijf te worden. "
        "Tegelijk wordt gewerkt aan community-vorming.",
        "Burgerinitiatieven en een wijkcommunity, nog met ondersteuning (burgerparticipatie).",
        [
            "Er zijn burgerinitiatieven met trekkers uit de wijk",
            "De initiatieven zijn ingebed in een wijkcommunity",
            "De initiatieven hebben de potentie om zelfstandig te worden",
        ],
    ),
    3: (
        "De burgerinitiatieven werken als community aan zelforganisatie via Action Learning: ze "
        "gaan aan de slag, met georganiseerde reflectiemomenten, en kennis en vaardigheden worden "
        "toegevoegd door training en coaching.",
        "Elk initiatief is uitgegroeid tot een zelfstandig werkende organisatie.",
        [
            "Reflectiemomenten worden regelmatig gehouden",
            "De initiatieven organiseren zichzelf",
            "Trekkers hebben de training en coaching gekregen die ze nodig hebben",
        ],
    ),
    4: (
        "Burgerinitiatieven en buurtbedrijven werken samen binnen een wijkcoöperatie.",
        "Een wijkcoöperatie die in de ideale situatie zonder ondersteuning werkt.",
        [
            "De wijkcoöperatie is opgericht",
            "De initiatieven werken zonder ondersteuning",
        ],
    ),
}


def seed_phases(apps, schema_editor):
    PhaseDescription = apps.get_model("wei", "PhaseDescription")
    PhaseCriterion = apps.get_model("wei", "PhaseCriterion")
    for phase, (goal, result, criteria) in PHASES.items():
        PhaseDescription.objects.update_or_create(
            phase=phase, defaults={"goal": goal, "expected_result": result}
        )
        for order, text in enumerate(criteria, start=1):
            PhaseCriterion.objects.get_or_create(phase=phase, text=text, defaults={"order": order})


def grant_roles(apps, schema_editor):
    models = ["neighbourhood", "process", "phasetransition", "activity"]
    grant(
        apps,
        "wei",
        {
            PROCESS_MANAGER: [f"{action}_{model}" for model in models for action in ("view", "add", "change")]
            + ["view_phasedescription", "view_phasecriterion"],
            FACILITATOR: ["view_neighbourhood", "view_process"],
            STEERING_MEMBER: ["view_neighbourhood", "view_process"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("wei", "0002_initial"), ("contenttypes", "0002_remove_content_type_name")]
    operations = [
        migrations.RunPython(seed_phases, migrations.RunPython.noop),
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
    ]
