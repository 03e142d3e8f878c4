"""Apply the retention periods of the privacy statement; run it daily (cron, a timer).

Anonymises the participants whose last outflow is older than RETENTION_OUTFLOW_MONTHS
and who have no open stay, and lets each app remove what is past its own period
(unconfirmed sign-ups after RETENTION_UNCONFIRMED_SIGNUP_DAYS, copies of sent e-mail
after RETENTION_MAIL_DAYS, the records of forms sent after a week). Running it twice in
a row does nothing the second time.
The rules live in participants.privacy; each app adds its share in `<app>/privacy.py`.
"""

from django.core.management.base import BaseCommand, CommandError

from participants.privacy import apply_retention


class Command(BaseCommand):
    help = "Anonymise and remove personal data that is past its retention period."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200,
                            help="Rows handled per batch (default 200).")

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more.")
        for label, count in apply_retention(batch_size=batch_size).items():
            self.stdout.write(f"{label}: {count}")
