from django.db import migrations

from wei.roles import PROCESS_MANAGER, grant


def grant_roles(apps, schema_editor):
    grant(apps, "dashboard", {PROCESS_MANAGER: ["view_reportversion", "add_reportversion"]})


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0001_report_version"), ("wei", "0003_phase_descriptions_and_roles")]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
