"""`make bench` runs: a tiny dataset, two rounds, every page answered and reported.

The benchmark itself takes minutes and is run by hand (see "Performance" in the
README); this only keeps its script working. It needs PostgreSQL, where it makes
(and afterwards drops) two databases of its own beside the test database.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"]
    or not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="the benchmark's smoke test needs PostgreSQL (DATABASE_URL)",
)


@pytest.fixture
def bench_database():
    name = f"wk_bench_smoke_{os.getpid()}"
    yield name
    import psycopg2

    server = psycopg2.connect(urlunsplit(urlsplit(DATABASE_URL)._replace(path="/postgres")))
    server.autocommit = True
    with server.cursor() as cursor:
        for database in (name, f"{name}_tenth"):
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    server.close()


def test_the_benchmark_measures_every_page_at_two_sizes(bench_database):
    result = subprocess.run(
        [sys.executable, "bench/run.py", "--scale", "2", "--rounds", "2", "--warmup", "1",
         "--workers", "1"],
        cwd=BASE_DIR, env={**os.environ, "BENCH_DATABASE": bench_database},
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    table = result.stdout
    for page in ("trivial page (reference)", "home page", "neighbourhood page",
                 "public initiative list", "public initiative page",
                 "sign-up POST", "process page", "person's page", "attendance page"):
        assert page in table
    assert "participants" in table and "flow events" in table
    assert "Targets" in table and "same queries" in table
    assert "logged in with password" in table
