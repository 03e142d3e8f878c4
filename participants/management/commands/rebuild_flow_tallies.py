"""Recount the funnel's tallies from the flow events themselves.

The flow services keep FlowTally and PresenceTally right on every write; this is
for what went past them: a bulk import, or flow events removed with their
participant through a plain delete. Safe to run at any time (one transaction).
"""

from django.core.management.base import BaseCommand

from participants import tallies


class Command(BaseCommand):
    help = "Recount the dashboard's flow tallies from the recorded flow events."

    def handle(self, *args, **options):
        flows, present = tallies.rebuild()
        self.stdout.write(f"flow tally rows: {flows}; presence tally rows: {present}")
