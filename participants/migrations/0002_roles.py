from django.db import migrations

from wei.roles import FACILITATOR, PROCESS_MANAGER, grant


def grant_roles(apps, schema_editor):
    managed = ["organisation", "participant", "consent", "attendance", "flowevent"]
    grant(
        apps,
        "participants",
        {
            PROCESS_MANAGER: [
                f"{action}_{model}" for model in managed for action in ("view", "add", "change")
            ],
            FACILITATOR: ["view_organisation", "view_participant", "add_participant"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial"), ("wei", "0003_phase_descriptions_and_roles")]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
