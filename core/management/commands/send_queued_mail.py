"""Deliver the mail queue: `python manage.py send_queued_mail` (cron, every minute).

Takes the place of django-post-office's command of the same name (this app comes first
in INSTALLED_APPS) with the same options and lock file, but sends one message at a
time and records each outcome before the next (core.mail.deliver_queued): a worker
that is killed mid-run sends at most one message twice, and no delivered message keeps
a usable link in the queue.
"""

from django.core.management.base import BaseCommand
from post_office.lockfile import FileLock, FileLocked, default_lockfile

from core.mail import deliver_queued


class Command(BaseCommand):
    help = "Send the queued e-mails, one at a time, until none is due."

    def add_arguments(self, parser):
        parser.add_argument("-p", "--processes", type=int, default=1,
                            help="Accepted for compatibility; messages go one at a time.")
        parser.add_argument("-L", "--lockfile", default=default_lockfile,
                            help="Absolute path of the lock file to acquire.")
        parser.add_argument("-l", "--log-level", type=int,
                            help='"0" to log nothing, "1" to log failures, "2" everything.')

    def handle(self, *args, lockfile, log_level=None, **options):
        try:
            with FileLock(lockfile):
                deliver_queued(log_level=log_level)
        except FileLocked:
            self.stderr.write("Another worker holds the lock; nothing sent.")
