"""Load with faults: public sign-ups and confirmations against gunicorn on PostgreSQL,
while the mail server goes down and comes back.

What it does, in order:
1. creates the database afresh (default `wk_load`), migrates it, collects the static
   files, and seeds a few neighbourhoods, each with an active process, a process
   manager with an e-mail address and one published initiative;
2. starts a local SMTP sink (bench/load/smtp_sink.py, its own process), gunicorn
   with production settings (DEBUG off, Redis as the cache, the public forms' rate
   limit widened through PUBLIC_FORM_RATE_LIMIT) and the mail queue worker
   (bench/load/mail_worker.py: `send_queued_mail` every second);
3. lets 20 clients send the sign-ups (GET the form for its CSRF token, POST it) and,
   as the e-mails arrive at the sink, the confirmations (GET the link from the
   e-mail, POST); some people sign up for two initiatives; the first confirmation
   link is confirmed by 50 clients at the same moment;
4. stops the SMTP sink after a quarter of the sign-ups and starts it again some
   seconds later; the queue must retry what failed meanwhile;
5. waits until the queue has drained, then compares the database and the sink with
   what the clients did, prints it, and exits 1 unless every check holds.

Run it with `make load`; `--help` lists the knobs.
"""

import argparse
import collections
import datetime
import os
import queue
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from email import message_from_bytes, policy
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PY = sys.executable
DOMAIN = "load.example"
PASSWORD_FREE_USER = "postgres"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LINK = re.compile(r"https?://[^\s\"<>]+")
TITLE = re.compile(r"Loadinitiatief (\d+)")
RESIDENT = re.compile(r"bewoner\d+@" + re.escape(DOMAIN))
CHECK_YOUR_MAIL = "Controleer je mailbox"  # the answer page of every public form (Dutch)


STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.0f} s] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the database -------------------------------------------------------------------------

def fresh_database(url: str) -> None:
    import dj_database_url
    import psycopg2
    from psycopg2 import sql

    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        sys.exit("bench/load needs PostgreSQL: set LOAD_DATABASE_URL=postgres://…")
    connection = psycopg2.connect(
        dbname="postgres", user=config["USER"], password=config["PASSWORD"] or None,
        host=config["HOST"], port=config["PORT"] or 5432,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        name = sql.Identifier(config["NAME"])
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
    connection.close()


def seed(initiatives: int) -> dict[str, str]:
    """Neighbourhoods with one process and one published initiative each.

    Returns the process manager's address per initiative slug. Each initiative has a
    process of its own, so every sign-up is one inflow.
    """
    from django.contrib.auth import get_user_model

    from initiatives.models import Initiative, InitiativePhase
    from wei.models import Neighbourhood
    from wei.services import process_start

    managers = {}
    for number in range(1, initiatives + 1):
        neighbourhood = Neighbourhood.objects.create(
            name=f"Loadwijk {number}", slug=f"loadwijk-{number}", municipality="Meppel"
        )
        manager = get_user_model().objects.create_user(
            username=f"pm-load-{number}", email=f"pm{number}@{DOMAIN}"
        )
        process = process_start(
            neighbourhood=neighbourhood, title=f"Wijkontwikkeling Loadwijk {number}",
            started_on=datetime.date.today() - datetime.timedelta(days=30), managers=[manager],
        )
        initiative = Initiative.objects.create(
            title=f"Loadinitiatief {number}", slug=f"loadinitiatief-{number}",
            neighbourhood=neighbourhood, process=process, phase=InitiativePhase.EMERGENCE,
            is_public=True, description="Een initiatief om de belasting van de site te meten.",
        )
        managers[initiative.slug] = manager.email
    return managers


# --- the processes: SMTP sink, gunicorn, mail worker --------------------------------------

class Service:
    """A child process with its output in a log file; stopped with SIGTERM."""

    def __init__(self, name: str, args: list[str], logfile: Path):
        self.name, self.args, self.logfile = name, args, logfile
        self.process = None

    def start(self) -> None:
        with open(self.logfile, "ab") as out:
            self.process = subprocess.Popen(self.args, cwd=ROOT, stdout=out,
                                            stderr=subprocess.STDOUT)

    def stop(self, timeout: float = 20) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wait_for_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


# --- what the clients saw -----------------------------------------------------------------

class Record:
    """Every response, by action; thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = collections.defaultdict(collections.Counter)
        self.durations = collections.defaultdict(list)
        self.transport_errors = collections.Counter()
        self.samples = []  # the first few unexpected answers, for the report

    def response(self, action: str, response: httpx.Response, expected: int, started: float):
        with self.lock:
            self.statuses[action][response.status_code] += 1
            self.durations[action].append(time.monotonic() - started)
            if response.status_code != expected and len(self.samples) < 5:
                self.samples.append(f"{action} {response.request.url.path} -> "
                                    f"{response.status_code}: {response.text[:200]!r}")

    def transport_error(self, action: str, error: Exception) -> None:
        with self.lock:
            self.transport_errors[action] += 1
            if len(self.samples) < 5:
                self.samples.append(f"{action}: {type(error).__name__}: {error}")

    def server_errors(self) -> int:
        return sum(count for statuses in self.statuses.values()
                   for status, count in statuses.items() if status >= 500)


def new_client(base_url: str) -> httpx.Client:
    # An idle connection is dropped by the client (1 s) well before gunicorn closes it
    # (--keep-alive 5): otherwise a request can race the server's close and be lost.
    return httpx.Client(base_url=base_url, timeout=60, follow_redirects=False,
                        limits=httpx.Limits(keepalive_expiry=1.0))


def submit_form(client: httpx.Client, record: Record, action: str, path: str, data: dict,
                expect_post: int = 200) -> httpx.Response | None:
    """GET the page for its CSRF token and cookie, then POST; None on any failure.

    The CSRF cookie is Secure (production settings) and this is plain HTTP, so the
    cookie jar would not send it back: it is passed by hand, as a browser behind TLS would.
    """
    try:
        started = time.monotonic()
        page = client.get(path)
        record.response(f"{action} GET", page, 200, started)
        if page.status_code != 200:
            return None
        token = CSRF_INPUT.search(page.text).group(1)
        cookie = page.cookies.get("csrftoken") or ""
        client.cookies.clear()
        started = time.monotonic()
        answer = client.post(path, data={**data, "csrfmiddlewaretoken": token},
                             headers={"Cookie": f"csrftoken={cookie}"})
        record.response(f"{action} POST", answer, expect_post, started)
        return answer
    except httpx.TransportError as error:
        record.transport_error(action, error)
        return None


# --- the mail that arrived ----------------------------------------------------------------

class Mailbox:
    """Reads the sink's folder; hands confirmation links to the clients as they arrive."""

    def __init__(self, folder: Path, managers: set[str]):
        self.folder, self.managers = folder, managers
        self.seen_files = set()
        self.keys = collections.Counter()  # (recipient, kind, initiative slug, resident)
        self.message_ids = collections.Counter()
        self.unreadable = 0
        self.links = queue.Queue()  # (path, resident, slug) of each confirmation link, once
        self.lock = threading.Lock()

    def scan(self) -> None:
        with self.lock:
            for path in sorted(self.folder.glob("*.eml")):
                if path.name in self.seen_files:
                    continue
                self.seen_files.add(path.name)
                self._read(path)

    def _read(self, path: Path) -> None:
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        recipients = message.get_all("X-Sink-Rcpt") or []
        text_part = message.get_body(preferencelist=("plain",))
        text = text_part.get_content() if text_part is not None else ""
        links = LINK.findall(text)
        title = TITLE.search(text)
        if len(recipients) != 1 or title is None:
            self.unreadable += 1
            return
        recipient = str(recipients[0]).lower()
        slug = f"loadinitiatief-{title.group(1)}"
        self.message_ids[message["Message-ID"]] += 1
        if recipient in self.managers:
            resident = RESIDENT.search(text)
            key = (recipient, "staff", slug, resident.group(0) if resident else "?")
        elif any("/bevestigen/" in link for link in links):
            key = (recipient, "confirm_request", slug, recipient)
        else:
            key = (recipient, "confirmed", slug, recipient)
        self.keys[key] += 1
        if key[1] == "confirm_request" and self.keys[key] == 1:
            confirm = next(link for link in links if "/bevestigen/" in link)
            self.links.put(("/" + confirm.split("/", 3)[3], recipient, slug))

    def total(self) -> int:
        return sum(self.keys.values()) + self.unreadable


# --- the run ------------------------------------------------------------------------------

class Run:
    def __init__(self, args, base_url: str, mailbox: Mailbox, sink: Service):
        self.args, self.base_url, self.mailbox, self.sink = args, base_url, mailbox, sink
        self.record = Record()
        self.lock = threading.Lock()
        self.signups = queue.Queue()
        self.signed_up = []  # (email, slug) whose POST was answered "check your mailbox"
        self.signups_done = 0
        self.confirmed = []  # (email, slug) whose confirmation answered 200
        self.confirms_done = 0
        self.race_statuses = []
        self.race_link = None
        self.outage = {}
        self.deadline = time.monotonic() + args.timeout
        self.timed_out = False

    def plan(self) -> list[tuple[str, str, str]]:
        """(name, email, slug): each person one initiative, some a second one."""
        rng = random.Random(8)
        slugs = [f"loadinitiatief-{n}" for n in range(1, self.args.initiatives + 1)]
        people = self.args.signups - self.args.twice
        plan = []
        for number in range(people):
            name, email = f"Bewoner {number}", f"bewoner{number:04d}@{DOMAIN}"
            first, second = rng.sample(slugs, 2)
            plan.append((name, email, first))
            if number < self.args.twice:
                plan.append((name, email, second))
        rng.shuffle(plan)
        return plan

    # one resident's actions
    def sign_up(self, client, name, email, slug) -> None:
        answer = submit_form(client, self.record, "sign-up", f"/initiatieven/{slug}/aanmelden/", {
            "name": name, "email": email, "postcode": "7941 AB", "consent": "on", "website": "",
        })
        with self.lock:
            self.signups_done += 1
            if answer is not None and answer.status_code == 200 and CHECK_YOUR_MAIL in answer.text:
                self.signed_up.append((email, slug))

    def confirm(self, client, path, email, slug) -> None:
        answer = submit_form(client, self.record, "confirm", path, {})
        with self.lock:
            self.confirms_done += 1
            if answer is not None and answer.status_code == 200:
                self.confirmed.append((email, slug))

    def finished(self) -> bool:
        with self.lock:
            all_signed_up = self.signups_done == self.args.signups
            # Every link but the one the race confirms comes to the clients.
            expected = len(self.signed_up) - 1
            return all_signed_up and self.confirms_done >= expected and self.race_statuses

    def watch(self, stop: threading.Event) -> None:
        """Read the sink's folder four times a second, for the whole run."""
        while not stop.wait(0.25):
            self.mailbox.scan()

    def next_link(self, timeout: float):
        """The next confirmation link from the sink; the first goes to the race."""
        item = self.mailbox.links.get(timeout=timeout)
        with self.lock:
            if self.race_link is None:
                self.race_link = item
                return None
        return item

    def client_loop(self) -> None:
        with new_client(self.base_url) as client:
            while time.monotonic() < self.deadline and not self.finished():
                try:
                    link = self.next_link(timeout=0)
                except queue.Empty:
                    link = None
                if link is not None:
                    self.confirm(client, *link)
                    continue
                try:
                    self.sign_up(client, *self.signups.get_nowait())
                    continue
                except queue.Empty:
                    pass
                try:
                    link = self.next_link(timeout=0.3)
                except queue.Empty:
                    continue
                if link is not None:
                    self.confirm(client, *link)

    def race(self) -> None:
        """Many clients confirm the same link at the same moment."""
        while self.race_link is None and time.monotonic() < self.deadline:
            time.sleep(0.2)
        if self.race_link is None:
            self.race_statuses = ["no link"]
            return
        path, email, slug = self.race_link
        barrier = threading.Barrier(self.args.same_link)
        statuses = []

        def one():
            with new_client(self.base_url) as client:
                try:
                    page = client.get(path)
                    token = CSRF_INPUT.search(page.text).group(1)
                    cookie = page.cookies.get("csrftoken") or ""
                    client.cookies.clear()
                    barrier.wait(timeout=60)
                    started = time.monotonic()
                    answer = client.post(path, data={"csrfmiddlewaretoken": token},
                                         headers={"Cookie": f"csrftoken={cookie}"})
                    # One of them confirms (200); the others find the link used (400).
                    self.record.response("same link POST", answer, answer.status_code, started)
                    statuses.append(answer.status_code)
                except (httpx.TransportError, AttributeError, threading.BrokenBarrierError) as e:
                    self.record.transport_error("same link", e)
                    statuses.append(type(e).__name__)

        threads = [threading.Thread(target=one) for _ in range(self.args.same_link)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with self.lock:
            if statuses.count(200) == 1:
                self.confirmed.append((email, slug))
            self.race_statuses = statuses

    def fault(self, started: float) -> None:
        """Stop the mail server after a share of the sign-ups; start it again later."""
        from django.db import connection
        from post_office.models import STATUS, Email

        threshold = int(self.args.signups * self.args.outage_after)
        while self.signups_done < threshold and time.monotonic() < self.deadline:
            time.sleep(0.1)
        self.sink.stop()
        self.outage["down_at"] = time.monotonic() - started
        log(f"SMTP sink stopped after {self.signups_done} sign-ups")
        time.sleep(self.args.outage_seconds)
        waiting = Email.objects.filter(status__in=[STATUS.queued, STATUS.requeued]).count()
        connection.close()
        self.sink.start()
        self.outage["up_at"] = time.monotonic() - started
        self.outage["waiting"] = waiting
        log(f"SMTP sink started again; {waiting} e-mails were waiting in the queue")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get(
        "LOAD_DATABASE_URL", f"postgres://{PASSWORD_FREE_USER}@127.0.0.1:5432/wk_load"))
    parser.add_argument("--redis-url", default=os.environ.get(
        "LOAD_REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--signups", type=int, default=1000)
    parser.add_argument("--twice", type=int, default=100,
                        help="people who sign up for a second initiative (of --signups)")
    parser.add_argument("--initiatives", type=int, default=5)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--same-link", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--outage-after", type=float, default=0.25,
                        help="share of the sign-ups sent before the mail server stops")
    parser.add_argument("--outage-seconds", type=float, default=15)
    parser.add_argument("--timeout", type=float, default=300,
                        help="seconds for the clients; the queue then gets 90 more to drain")
    args = parser.parse_args()
    run_dir = Path(tempfile.mkdtemp(prefix="wk-load-"))
    mail_dir = run_dir / "mail"
    smtp_port, http_port = free_port(), free_port()
    base_url = f"http://127.0.0.1:{http_port}"

    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": args.database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # no TLS proxy in front of this gunicorn
        "CONN_MAX_AGE": "60",
        "REDIS_URL": args.redis_url,
        "CACHE_KEY_PREFIX": f"wk-load-{secrets.token_hex(4)}",
        # Every client posts from 127.0.0.1: the per-IP limit would stop the run at 10.
        "PUBLIC_FORM_RATE_LIMIT": "100000/h",
        "EMAIL_BACKEND": "smtp",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_TIMEOUT": "5",
        "EMAIL_SEND_NOW": "false",
        # Production retries every 15 minutes, 8 times (2 hours of outage); the run
        # compresses time: every 2 seconds, 30 times.
        "EMAIL_RETRY_SECONDS": "2",
        "EMAIL_MAX_RETRIES": "30",
        "DEFAULT_FROM_EMAIL": f"Wijkkompas <noreply@{DOMAIN}>",
        "MEDIA_ROOT": str(run_dir / "media"),
        "LOG_LEVEL": "WARNING",
    })
    sys.path.insert(0, str(ROOT))
    cpus = os.cpu_count()
    log(f"run folder {run_dir}; {cpus} cores; database {args.database_url}")

    setup_started = time.monotonic()
    fresh_database(args.database_url)
    manage = [PY, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection

    cache.clear()
    managers = seed(args.initiatives)
    connection.close()
    log(f"database created, migrated and seeded in {time.monotonic() - setup_started:.0f} s")

    sink = Service("smtp sink", [PY, str(HERE / "smtp_sink.py"), "--port", str(smtp_port),
                                 "--folder", str(mail_dir)], run_dir / "sink.log")
    server = Service("gunicorn", [
        PY, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{http_port}",
        "--workers", str(args.workers), "--threads", str(args.threads),
        "--worker-class", "gthread", "--timeout", "60", "--keep-alive", "5",
        "--no-control-socket",  # another gunicorn on this machine may hold the default one
    ], run_dir / "gunicorn.log")
    worker = Service("mail worker", [PY, str(HERE / "mail_worker.py"), "--lockfile",
                                     str(run_dir / "post_office")], run_dir / "worker.log")
    services = [sink, server, worker]
    mailbox = Mailbox(mail_dir, set(managers.values()))
    run = Run(args, base_url, mailbox, sink)
    try:
        for service in services:
            service.start()
        wait_for_port(smtp_port, 30)
        wait_for_port(http_port, 60)
        log(f"gunicorn ({args.workers} workers x {args.threads} threads), SMTP sink and "
            f"mail worker running; {args.clients} clients start")

        for item in run.plan():
            run.signups.put(item)
        started = time.monotonic()
        stop_watching = threading.Event()
        watcher = threading.Thread(target=run.watch, args=(stop_watching,))
        watcher.start()
        helpers = [threading.Thread(target=run.race), threading.Thread(
            target=run.fault, args=(started,))]
        clients = [threading.Thread(target=run.client_loop) for _ in range(args.clients)]
        for thread in helpers + clients:
            thread.start()
        for thread in clients:
            thread.join()
        load_seconds = time.monotonic() - started
        run.timed_out = not run.finished()
        helpers[0].join()
        helpers[1].join()
        stop_watching.set()
        watcher.join()
        log(f"clients done in {load_seconds:.0f} s; waiting for the queue to drain")

        # Drain: the worker keeps going until nothing waits and the sink has it all.
        from post_office.models import STATUS, Email

        expected_mails = len(run.signed_up) + 2 * len(run.confirmed)
        drain_deadline = time.monotonic() + 90
        while time.monotonic() < drain_deadline:
            mailbox.scan()
            waiting = Email.objects.filter(status__in=[STATUS.queued, STATUS.requeued]).exists()
            if not waiting and mailbox.total() >= expected_mails:
                break
            time.sleep(0.5)
        time.sleep(2)  # a late duplicate, if any, has time to arrive
        drained_at = time.monotonic() - started
    finally:
        for service in reversed(services):
            service.stop()
    mailbox.scan()
    # CPU seconds, whatever else the machine was doing: the children are gunicorn (with
    # its workers), the mail worker, the SMTP sink and manage.py; this process is the clients.
    children, own = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(
        resource.RUSAGE_SELF)
    cpu = (children.ru_utime + children.ru_stime, own.ru_utime + own.ru_stime)
    return report(args, run, mailbox, managers, run_dir, load_seconds, drained_at, cpus, cpu)


def report(args, run, mailbox, managers, run_dir, load_seconds, drained_at, cpus, cpu) -> int:
    from django.db.models import Count
    from post_office.models import STATUS, Email, Log

    from initiatives.models import Membership, SignUp
    from participants.models import FlowEvent, FlowKind, Participant

    ours = {"participant__email__endswith": f"@{DOMAIN}"}
    confirmed = collections.Counter(run.confirmed)
    people = {email for email, _ in run.signed_up}
    confirmed_people = {email for email, _ in run.confirmed}
    participants = collections.Counter(
        Participant.objects.filter(email__endswith=f"@{DOMAIN}").values_list("email", flat=True)
    )
    memberships = collections.Counter(
        Membership.objects.filter(**ours).values_list("participant__email", "initiative__slug")
    )
    # Each seeded process has one initiative, so an inflow names its initiative.
    inflows = collections.Counter(
        FlowEvent.objects.filter(kind=FlowKind.INFLOW, **ours)
        .values_list("participant__email", "process__initiatives__slug")
    )
    signups_confirmed = SignUp.objects.filter(confirmed_at__isnull=False).count()
    mail_status = dict(Email.objects.values_list("status").annotate(n=Count("id")))
    retried = Email.objects.filter(number_of_retries__gt=0).count()
    failures_logged = Log.objects.filter(status=STATUS.failed).count()

    expected_keys = collections.Counter()
    for email, slug in run.signed_up:
        expected_keys[(email, "confirm_request", slug, email)] += 1
    for email, slug in run.confirmed:
        expected_keys[(email, "confirmed", slug, email)] += 1
        expected_keys[(managers[slug], "staff", slug, email)] += 1
    received = mailbox.keys
    missing = sum((expected_keys - received).values())
    duplicates = sum(count - 1 for count in received.values() if count > 1)
    unexpected = sum(count for key, count in received.items() if key not in expected_keys)
    duplicate_ids = sum(count - 1 for count in mailbox.message_ids.values() if count > 1)
    server_log = (run_dir / "gunicorn.log").read_text(errors="replace")
    logged_500 = server_log.count("Internal Server Error") + server_log.count("WORKER TIMEOUT")
    race = collections.Counter(run.race_statuses)
    transport = sum(run.record.transport_errors.values())
    unexpected_answers = sum(
        count for action, statuses in run.record.statuses.items() if action != "same link POST"
        for status, count in statuses.items() if status != 200
    )

    print()
    print(f"Load with faults: {args.signups} sign-ups by {len(people)} people on "
          f"{args.initiatives} initiatives, {args.clients} clients, {args.same_link} confirming "
          f"one link at once; {cpus} cores")
    print(f"gunicorn {args.workers} workers x {args.threads} threads, PostgreSQL, Redis cache; "
          f"seconds after the clients started: SMTP sink down from "
          f"{run.outage.get('down_at', 0):.0f} to {run.outage.get('up_at', 0):.0f} "
          f"({run.outage.get('waiting', 0)} mails waiting when it came back), clients done at "
          f"{load_seconds:.0f}, queue drained at {drained_at:.0f}")
    print(f"CPU time: {cpu[0]:.0f} s for the site, the mail worker, the sink and manage.py; "
          f"{cpu[1]:.0f} s for the clients; load average at the end "
          f"{os.getloadavg()[0]:.1f}")
    print()
    print(f"{'requests':<22}{'count':>7}{'per s':>8}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}"
          "  statuses")
    for action in sorted(run.record.statuses):
        durations = run.record.durations[action]
        statuses = ", ".join(f"{status}: {count}" for status, count
                             in sorted(run.record.statuses[action].items()))
        print(f"{action:<22}{len(durations):>7}{len(durations) / load_seconds:>8.1f}"
              f"{1000 * statistics.median(durations):>8.0f}"
              f"{1000 * percentile(durations, 0.95):>8.0f}{1000 * max(durations):>8.0f}"
              f"  {statuses}")
    print()
    checks = [
        (f"clients stopped by the time limit ({args.timeout:.0f} s)", 0, int(run.timed_out)),
        ("server errors (5xx answers)", 0, run.record.server_errors()),
        ("server errors in gunicorn's log", 0, logged_500),
        ("connection errors", 0, transport),
        ("other unexpected answers", 0, unexpected_answers),
        ("sign-ups answered 'check your mailbox'", args.signups, len(run.signed_up)),
        ("confirmations answered 200", len(run.signed_up), len(run.confirmed)),
        (f"same link x{args.same_link}: confirmed (200)", 1, race[200]),
        (f"same link x{args.same_link}: refused as used (400)", args.same_link - 1, race[400]),
        ("sign-ups confirmed in the database", len(run.confirmed), signups_confirmed),
        ("participants (one per person who confirmed)", len(confirmed_people), len(participants)),
        ("  people with other than 1 participant", 0,
         sum(1 for email in confirmed_people if participants[email] != 1)
         + len(set(participants) - confirmed_people)),
        ("memberships (one per person and initiative)", sum(confirmed.values()),
         sum(memberships.values())),
        ("  pairs with other than 1 membership", 0,
         sum(1 for pair in confirmed | memberships if memberships[pair] != 1)),
        ("inflows (one per person and initiative)", sum(confirmed.values()), sum(inflows.values())),
        ("  pairs with other than 1 inflow", 0,
         sum(1 for pair in confirmed | inflows if inflows[pair] != 1)),
        ("e-mails expected at the sink", sum(expected_keys.values()),
         sum(received.values()) - duplicates),
        ("  missing (lost)", 0, missing),
        ("  delivered more than once", 0, duplicates),
        ("  duplicate Message-IDs", 0, duplicate_ids),
        ("  unexpected or unreadable", 0, unexpected + mailbox.unreadable),
        ("queue: sent", sum(expected_keys.values()), mail_status.get(STATUS.sent, 0)),
        ("queue: failed for good or still waiting", 0, sum(
            mail_status.get(status, 0)
            for status in (STATUS.failed, STATUS.queued, STATUS.requeued))),
    ]
    width = max(len(name) for name, *_ in checks) + 2
    print(f"{'check':<{width}}{'expected':>9}{'actual':>9}")
    failed = 0
    for name, expected, actual in checks:
        ok = expected == actual
        failed += not ok
        print(f"{name:<{width}}{expected:>9}{actual:>9}  {'ok' if ok else 'FAILED'}")
    # The fault must have hit: otherwise the run proved nothing about retries.
    ok = retried > 0
    failed += not ok
    print(f"{'queue: e-mails retried after the outage':<{width}}{'> 0':>9}{retried:>9}  "
          f"{'ok' if ok else 'FAILED'}   ({failures_logged} failed attempts logged)")
    if run.record.samples:
        print("\nfirst unexpected answers:")
        for sample in run.record.samples:
            print(f"  {sample}")
    if failed:
        print(f"\nthe logs, and every e-mail the sink received, are in {run_dir}")
    else:
        shutil.rmtree(run_dir)
    print("load run: " + ("PASSED" if not failed else f"FAILED ({failed} checks)"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
