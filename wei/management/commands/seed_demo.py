"""Fill the database with a realistic Dutch demo, or a larger one for benchmarks.

Each installed app may offer a `demo` module with `seed(*, scale, out)`; they run
in INSTALLED_APPS order (lowest floor first), so this command knows no higher app.
Every seed is idempotent: running the command twice adds nothing the second time.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo data (idempotent). --scale N multiplies the volume for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Multiply the volume by N.")

    def handle(self, *args, scale: int, **options):
        if scale < 1:
            self.stderr.write("--scale must be 1 or more.")
            raise SystemExit(2)
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if find_spec(module_name) is None:
                continue
            with transaction.atomic():
                import_module(module_name).seed(scale=scale, out=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
