from django.db import migrations

from wei.roles import FACILITATOR, PROCESS_MANAGER, STEERING_MEMBER, grant

# The problems the WEI-model names (shared/seeds 001), editable afterwards in the admin.
THEMES = [
    ("armoede", "Armoede", "Poverty"),
    ("sociaal-isolement", "Sociaal isolement", "Social isolation"),
    ("plek-om-samen-te-komen", "Geen plek om samen te komen", "No place to meet"),
    ("speeltuin", "Speeltuin", "Playground"),
    ("veiligheid", "Veiligheid", "Safety"),
    ("groen", "Groen", "Greenery"),
    ("anders", "Anders", "Other"),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("initiatives", "Theme")
    for order, (slug, name, name_en) in enumerate(THEMES):
        Theme.objects.get_or_create(slug=slug, defaults={
            "name": name, "name_en": name_en, "order": order,
        })


def grant_roles(apps, schema_editor):
    managed = ["theme", "initiative", "membership", "reflection", "moneyflow", "signup"]
    grant(apps, "initiatives", {
        PROCESS_MANAGER: [
            f"{action}_{model}" for model in managed for action in ("view", "add", "change")
        ],
        FACILITATOR: ["view_initiative", "view_membership", "view_reflection", "add_reflection"],
        STEERING_MEMBER: ["view_initiative", "view_reflection", "view_moneyflow",
                          "add_moneyflow", "change_moneyflow"],
    })


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0001_initial"),
        ("participants", "0002_roles"),
    ]
    operations = [
        migrations.RunPython(add_themes, migrations.RunPython.noop),
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
    ]
