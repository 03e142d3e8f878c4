#!/usr/bin/env python
"""`make bench`: what the main pages cost at full size and at one tenth, against a
trivial page of the same site measured in the same run.

1. Builds two databases with `seed_demo --scale N` (full) and `--scale N/10` (one tenth):
   on PostgreSQL when DATABASE_URL points there (databases `wk_bench` and
   `wk_bench_tenth` on that server, or BENCH_DATABASE and BENCH_DATABASE_tenth),
   otherwise in SQLite files under bench/results/. Seeding is idempotent, so a second
   run reuses the data; `--fresh` starts over.
2. Serves each database with gunicorn, as in production: DEBUG off, collected static
   files, persistent database connections (CONN_MAX_AGE), requests arriving as from
   a TLS proxy (X-Forwarded-Proto), the two-factor login on when the site has it.
   The only addition is bench.settings' middleware, which reports each response's
   number of SQL queries in a header. The public forms' rate limit is raised (one
   client posts hundreds of sign-ups). The cache is Redis when REDIS_URL is set or a
   Redis answers on 127.0.0.1:6379, otherwise each worker's memory; the output says.
3. Logs in as a process manager of every process: password, then a code computed
   from the authenticator-app key that bench/prepare.py gave the account.
4. Measures every page in rounds; each round visits every page on both servers in
   a shuffled order, so a busy moment on the machine hits all pages alike.
5. Prints per page the queries, the median and p95 latency, the ratio to the trivial
   page and the growth from one tenth to full, and whether each target is met:
   - the same number of queries at both sizes;
   - latency grows no more than 1.5x from one tenth to full;
   - public pages within 3x, dashboard pages within 5x the trivial page's median;
   - the report (live, and a saved version's PDF) under 2 s at full size.

The figures and the table are also written to bench/results/ (not in git).
"""

import argparse
import hashlib
import hmac
import http.client
import json
import os
import platform
import random
import re
import secrets
import socket
import statistics
import struct
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results"
FULL_SCALE = 170  # 51,000 participants, ~520,000 flow events, 3,400 initiatives, 170 routes
GROWTH_TARGET = 1.5
RATIO_TARGETS = {"public": 3.0, "public-post": 3.0, "dashboard": 5.0}
REPORT_TARGET_MS = 2000  # the account of a quarter, on the page and as a PDF
QUERIES_HEADER = "X-Bench-Queries"
SQL_MS_HEADER = "X-Bench-SQL-ms"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---- the databases ---------------------------------------------------------------


def database_urls(fresh: bool) -> dict[str, str]:
    """The full and the tenth database: on the PostgreSQL server of DATABASE_URL, or SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        RESULTS.mkdir(parents=True, exist_ok=True)
        urls = {}
        for size in ("tenth", "full"):
            path = RESULTS / f"bench-{size}.sqlite3"
            if fresh:
                path.unlink(missing_ok=True)
            urls[size] = f"sqlite:///{path}"
        return urls
    import psycopg2

    parts = urlsplit(url)
    name = os.environ.get("BENCH_DATABASE", "wk_bench")
    urls = {size: urlunsplit(parts._replace(path=f"/{db}"))
            for size, db in (("tenth", f"{name}_tenth"), ("full", name))}
    server = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    server.autocommit = True
    with server.cursor() as cursor:
        for db_url in urls.values():
            db = urlsplit(db_url).path.lstrip("/")
            if fresh:
                cursor.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{db}"')
    server.close()
    return urls


def manage(*args: str, env: dict) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def redis_url() -> str:
    """REDIS_URL, or the Redis on this machine's default port if one answers, or ""."""
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"]
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return "redis://127.0.0.1:6379/0"
    except OSError:
        return ""


def server_env(database_url: str) -> dict:
    """The environment of a production deployment, pointed at one benchmark database."""
    env = dict(os.environ)
    env.update({
        "REDIS_URL": redis_url(),
        "CACHE_KEY_PREFIX": "wk-bench",
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CONN_MAX_AGE": "60",
        "EMAIL_BACKEND": "locmem",  # queued in the database, as in production; never sent
        "PUBLIC_FORM_RATE_LIMIT": "1000000/h",
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    return env


def build(size: str, scale: int, database_url: str, password: str) -> dict:
    env = server_env(database_url)
    started = time.monotonic()
    manage("migrate", "--noinput", env=env)
    manage("seed_demo", "--scale", str(scale), env=env)
    log(f"  {size}: migrated and seeded at scale {scale} in {time.monotonic() - started:.0f} s")
    output = subprocess.run(
        [sys.executable, "-m", "bench.prepare", password], cwd=BASE_DIR, env=env, check=True,
        capture_output=True, text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


# ---- the servers -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(size: str, database_url: str, workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    logfile = open(RESULTS / f"gunicorn-{size}.log", "w")  # noqa: SIM115 (lives with the server)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--worker-class", "sync", "--timeout", "120"],
        cwd=BASE_DIR, env=server_env(database_url), stdout=logfile, stderr=logfile,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn ({size}) stopped; see {logfile.name}")
        try:
            if Client(port).get("/status/").status == 200:
                return process, port
        except OSError:
            pass
        time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"gunicorn ({size}) did not answer within 60 s; see {logfile.name}")


class Response:
    def __init__(self, status, headers, body, seconds):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    """A browser behind a TLS-terminating proxy: keeps cookies (Secure ones too, the
    proxy speaks HTTPS to the browser), sends X-Forwarded-Proto and a same-origin Referer."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None) -> Response:
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https",
                   "Accept": "text/html", "Accept-Encoding": "identity"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.origin + path
        start = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - start
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(response.status, response.msg, content, seconds)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Response:
        return self.request("POST", path, data)

    def csrf_token(self, page: Response) -> str:
        found = CSRF_FIELD.search(page.text)
        return found.group(1) if found else self.cookies.get("csrftoken", "")


def totp(key_hex: str, at: float | None = None) -> str:
    """The six-digit code an authenticator app shows now (RFC 6238, 30-second steps)."""
    counter = int((time.time() if at is None else at) // 30)
    mac = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def log_in(client: Client, info: dict, password: str) -> str:
    """Log in through the login page (and its second step); returns how it went."""
    login = info["login_path"]
    page = client.get(login)
    response = client.post(login, {"username": info["username"], "password": password,
                                   "csrfmiddlewaretoken": client.csrf_token(page)})
    if response.status != 302:
        raise SystemExit(f"Logging in failed (HTTP {response.status}).")
    location = urlsplit(response.headers["Location"]).path
    if info["otp_key"] and location != urlsplit(login).path and "code" in location:
        page = client.get(location)
        response = client.post(location, {"otp_token": totp(info["otp_key"]),
                                          "csrfmiddlewaretoken": client.csrf_token(page)})
        if response.status != 302:
            raise SystemExit(f"The second login step failed (HTTP {response.status}).")
        return "password and authenticator-app code"
    return "password only (the site asks no second factor)"


# ---- measuring -------------------------------------------------------------------


class Page:
    def __init__(self, spec: dict):
        self.name, self.path, self.kind = spec["name"], spec["path"], spec["kind"]
        self.samples: dict[str, list[float]] = {"tenth": [], "full": []}
        self.queries: dict[str, list[int]] = {"tenth": [], "full": []}
        self.sql_ms: dict[str, list[float]] = {"tenth": [], "full": []}

    @property
    def logged_in(self) -> bool:
        return self.kind in ("dashboard", "report", "reference-login")

    def visit(self, size: str, clients: dict, form_tokens: dict, number: int) -> None:
        client = clients[size]["staff" if self.logged_in else "public"]
        if self.kind == "public-post":
            response = client.post(self.path, {
                "name": "Bench Bewoner", "email": f"bench-{size}-{number}@example.org",
                "postcode": "7941 AB", "contribution": "Klussen", "message": "",
                "consent": "on", "website": "", "csrfmiddlewaretoken": form_tokens[size],
            })
        else:
            response = client.get(self.path)
        if response.status != 200:
            raise SystemExit(f"{self.name} ({size}) answered HTTP {response.status}, not 200: "
                             f"{response.headers.get('Location', '')}")
        self.samples[size].append(response.seconds * 1000)
        self.queries[size].append(int(response.headers.get(QUERIES_HEADER, -1)))
        self.sql_ms[size].append(float(response.headers.get(SQL_MS_HEADER, 0)))

    def median(self, size: str) -> float:
        return statistics.median(self.samples[size])

    def p95(self, size: str) -> float:
        return statistics.quantiles(self.samples[size], n=20, method="inclusive")[-1]

    def query_count(self, size: str) -> int:
        # The most common count: once a minute a logged-in page also refreshes its
        # session's expiry (one more query), which is not the page's own cost.
        return statistics.mode(self.queries[size])


def measure(pages: list[Page], clients: dict, rounds: int, warmup: int) -> None:
    form_tokens = {}
    for size, pair in clients.items():
        form = next((p for p in pages if p.kind == "public-post"), None)
        if form:
            form_tokens[size] = pair["public"].csrf_token(pair["public"].get(form.path))
    visits = [(page, size) for page in pages for size in clients]
    shuffle = random.Random(2024)
    for number in range(warmup + rounds):
        shuffle.shuffle(visits)
        for page, size in visits:
            page.visit(size, clients, form_tokens, number)
        if number < warmup:
            for page in pages:
                for size in clients:
                    page.samples[size].clear()
                    page.queries[size].clear()
                    page.sql_ms[size].clear()
        done = number + 1 - warmup
        if done > 0 and (done % 10 == 0 or done == rounds):
            log(f"  round {done}/{rounds}")


# ---- the report ------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def report(pages: list[Page], infos: dict, scales: dict, notes: list[str]) -> tuple[str, dict]:
    reference = next(p for p in pages if p.kind == "reference")
    lines = []
    lines.append(f"Machine: {os.cpu_count()} cores, {memory_gib()} GiB, "
                 f"{infos['full']['database']}, Python {platform.python_version()}, "
                 f"gunicorn with {ARGS.workers} sync workers")
    lines.append(f"Code: {code_version()}")
    lines.append("")
    lines.append(f"{'rows':<24}{'1/10':>12}{'full':>12}")
    lines.append(f"{'seed_demo --scale':<24}{scales['tenth']:>12}{scales['full']:>12}")
    for key in infos["full"]["rows"]:
        lines.append(f"{key:<24}{infos['tenth']['rows'][key]:>12,}{infos['full']['rows'][key]:>12,}")
    lines.append("")
    header = (f"{'page':<27}{'queries':>12}{'median ms':>16}{'p95 ms':>16}"
              f"{'x trivial':>14}{'growth':>9}")
    sub = f"{'':<27}{'1/10':>6}{'full':>6}{'1/10':>8}{'full':>8}{'1/10':>8}{'full':>8}" \
          f"{'1/10':>7}{'full':>7}{'':>9}"
    lines += [header, sub, "-" * len(header)]
    results, failures = {}, []
    for page in pages:
        q = {s: page.query_count(s) for s in ("tenth", "full")}
        med = {s: page.median(s) for s in ("tenth", "full")}
        p95 = {s: page.p95(s) for s in ("tenth", "full")}
        ratio = {s: med[s] / reference.median(s) for s in ("tenth", "full")}
        growth = med["full"] / med["tenth"]
        lines.append(f"{page.name:<27}{q['tenth']:>6}{q['full']:>6}{med['tenth']:>8.1f}"
                     f"{med['full']:>8.1f}{p95['tenth']:>8.1f}{p95['full']:>8.1f}"
                     f"{ratio['tenth']:>7.1f}{ratio['full']:>7.1f}{growth:>8.2f}x")
        results[page.name] = {
            "path": page.path, "kind": page.kind, "queries": q, "median_ms": med,
            "p95_ms": p95, "ratio_to_trivial": ratio, "growth": growth,
            "sql_ms_median": {s: statistics.median(page.sql_ms[s]) for s in ("tenth", "full")},
            "query_counts_seen": {s: sorted(set(page.queries[s])) for s in ("tenth", "full")},
        }
    lines.append("")
    lines.append("Targets")
    for page in pages:
        if page.kind.startswith("reference"):
            continue
        r = results[page.name]
        checks = [
            (f"same queries ({r['queries']['tenth']} / {r['queries']['full']})",
             r["queries"]["tenth"] == r["queries"]["full"]),
            (f"growth {r['growth']:.2f}x <= {GROWTH_TARGET}x", r["growth"] <= GROWTH_TARGET),
        ]
        if page.kind == "report":
            checks.append((f"median {r['median_ms']['full']:.0f} ms < {REPORT_TARGET_MS} ms",
                           r["median_ms"]["full"] < REPORT_TARGET_MS))
        else:
            limit = RATIO_TARGETS[page.kind]
            checks.append((f"{r['ratio_to_trivial']['full']:.1f}x trivial <= {limit:g}x",
                           r["ratio_to_trivial"]["full"] <= limit))
        r["targets"] = dict(checks)
        failures += [f"{page.name}: {text}" for text, ok in checks if not ok]
        lines.append(f"  {page.name:<27}" + "; ".join(f"{t}: {verdict(ok)}" for t, ok in checks))
    lines.append("")
    lines.append("All targets met." if not failures else
                 f"{len(failures)} target(s) not met.")
    lines.append("")
    lines += [f"Note: {note}" for note in notes]
    return "\n".join(lines), results


def code_version() -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=BASE_DIR,
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=BASE_DIR, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"commit {commit}" + (" with uncommitted changes" if dirty else "")


def memory_gib() -> int:
    try:
        with open("/proc/meminfo") as meminfo:
            return round(int(meminfo.readline().split()[1]) / 1024 / 1024)
    except OSError:
        return 0


def main() -> int:
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=FULL_SCALE,
                        help=f"seed_demo scale of the full dataset (default {FULL_SCALE})")
    parser.add_argument("--rounds", type=int, default=40, help="measured visits per page")
    parser.add_argument("--warmup", type=int, default=5, help="visits per page not measured")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the databases")
    parser.add_argument("--strict", action="store_true",
                        help="exit with status 1 when a target is not met")
    ARGS = parser.parse_args()
    scales = {"tenth": max(1, ARGS.scale // 10), "full": ARGS.scale}
    RESULTS.mkdir(parents=True, exist_ok=True)

    log("Databases")
    urls = database_urls(ARGS.fresh)
    password = secrets.token_urlsafe(24)
    infos = {size: build(size, scales[size], urls[size], password) for size in ("tenth", "full")}
    log("Static files")
    manage("collectstatic", "--noinput", env=server_env(urls["full"]))

    servers = {}
    try:
        log("Servers")
        for size in ("tenth", "full"):
            servers[size] = start_server(size, urls[size], ARGS.workers)
        clients, logins = {}, set()
        for size, (_process, port) in servers.items():
            staff = Client(port)
            logins.add(log_in(staff, infos[size], password))
            clients[size] = {"public": Client(port), "staff": staff}
        pages = [Page(spec) for spec in infos["full"]["pages"]]
        log(f"Measuring {len(pages)} pages x 2 sizes, {ARGS.warmup} + {ARGS.rounds} rounds")
        measure(pages, clients, ARGS.rounds, ARGS.warmup)
    finally:
        for process, _port in servers.values():
            process.terminate()
        for process, _port in servers.values():
            process.wait(timeout=30)

    notes = [
        f"logged in with {' / '.join(sorted(logins))}; two-factor login required: "
        f"{infos['full']['two_factor_required']}.",
        "the public forms' rate limit is raised to 1000000/h for the run; everything else "
        "runs as in production (DEBUG off, CONN_MAX_AGE=60, TLS proxy headers).",
        "cache: " + (f"Redis ({redis_url()}), as in production" if redis_url()
                     else "local memory per worker (no Redis found; set REDIS_URL)") + ".",
    ]
    missing = {"dashboard", "participant list", "initiative list (staff)"} - {
        p.name for p in pages}
    if missing:
        notes.append(f"not built yet, so not measured: {', '.join(sorted(missing))}.")
    table, results = report(pages, infos, scales, notes)
    print(table)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}.txt").write_text(table + "\n")
    (RESULTS / f"{stamp}.json").write_text(json.dumps(
        {"scales": scales, "rows": {s: infos[s]["rows"] for s in infos}, "pages": results,
         "rounds": ARGS.rounds, "workers": ARGS.workers}, indent=2))
    log(f"Written to bench/results/{stamp}.txt and .json")
    missed = [name for name, r in results.items() if not all(r.get("targets", {}).values())]
    return 1 if ARGS.strict and missed else 0


ARGS = argparse.Namespace(workers=2)

if __name__ == "__main__":
    sys.exit(main())
