from django.db import migrations

from wei.roles import FACILITATOR, PROCESS_MANAGER, STEERING_MEMBER, grant

ALL = ["route", "kader", "kadersubpoint", "kaderchange", "conversation", "suggestion",
       "informationrequest", "invitation", "planversion", "planitem", "kadercheck",
       "plansending"]


def grant_roles(apps, schema_editor):
    work = [f"{action}_{model}" for model in ALL for action in ("view", "add", "change")]
    grant(
        apps,
        "nieuweroute",
        {
            PROCESS_MANAGER: work,
            FACILITATOR: work,
            # Steering-group members set their kaders and read the plan and its checks;
            # the admin narrows this to their own organisation (nieuweroute.access).
            STEERING_MEMBER: [
                "view_route", "view_kader", "add_kader", "change_kader", "view_kadersubpoint",
                "view_kaderchange", "view_planversion", "view_planitem", "view_kadercheck",
            ],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("nieuweroute", "0001_initial"), ("participants", "0002_roles")]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
