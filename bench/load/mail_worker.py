"""The mail queue worker of the load run: `manage.py send_queued_mail`, again and again.

Production runs the same command from cron every minute; the load run repeats it
every second (in one process, to spare the two cores Django's start-up) until it
receives SIGTERM, then finishes the pass it is in. Settings come from the
environment that bench/load/run.py sets.
"""

import argparse
import os
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lockfile", required=True)
    parser.add_argument("--interval", type=float, default=1.0)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    passes = 0
    while not stopping:
        call_command("send_queued_mail", lockfile=args.lockfile)
        passes += 1
        time.sleep(args.interval)
    print(f"mail worker: {passes} passes of send_queued_mail", flush=True)


if __name__ == "__main__":
    main()
