"""Backup drill: dump a seeded PostgreSQL database, restore it into an empty one, and
check that nothing was lost.

1. creates the source database afresh (default `wk_backup`), migrates it and loads
   the demo data (`seed_demo`);
2. `pg_dump --format=custom` of it;
3. creates an empty database (`<source>_restored`) and `pg_restore`s the dump into it;
4. `manage.py migrate --check` against the restored database: Django finds every
   migration applied;
5. counts the rows of every table, and reads every sequence, in both databases.

Prints a table and exits 1 on any difference. Run it with `make backup-drill`; the
same commands for production are in the README ("Backup and restore").
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dj_database_url
import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def with_name(url: str, name: str) -> str:
    """The same server and credentials, another database."""
    head, _, _ = url.rpartition("/")
    return f"{head}/{name}"


def connect(url: str, name: str | None = None):
    config = dj_database_url.parse(url)
    return psycopg2.connect(
        dbname=name or config["NAME"], user=config["USER"], password=config["PASSWORD"] or None,
        host=config["HOST"], port=config["PORT"] or 5432,
    )


def fresh_database(url: str) -> None:
    connection = connect(url, "postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        name = sql.Identifier(dj_database_url.parse(url)["NAME"])
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
    connection.close()


def contents(url: str) -> tuple[dict[str, int], dict[str, int]]:
    """Rows per table and the last value of each sequence, in the public schema."""
    connection = connect(url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables "
                       "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
        tables = sorted(name for (name,) in cursor.fetchall())
        rows = {}
        for table in tables:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            rows[table] = cursor.fetchone()[0]
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences "
                       "WHERE schemaname = 'public'")
        sequences = {name: value or 0 for name, value in cursor.fetchall()}
    connection.close()
    return rows, sequences


def run(step: str, command: list[str], env: dict | None = None) -> float:
    started = time.monotonic()
    print(f"- {step}: {' '.join(command)}", flush=True)
    subprocess.run(command, cwd=ROOT, check=True, env=env)
    return time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get(
        "BACKUP_DRILL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wk_backup"))
    parser.add_argument("--scale", type=int, default=1, help="seed_demo --scale")
    args = parser.parse_args()
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: apt-get install postgresql-client")
    source = args.database_url
    restored = with_name(source, dj_database_url.parse(source)["NAME"] + "_restored")
    folder = Path(tempfile.mkdtemp(prefix="wk-backup-"))
    dump = folder / "wijkkompas.dump"

    fresh_database(source)
    env = {**os.environ, "DATABASE_URL": source}
    run("migrate the source", [PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    run("load the demo data", [PY, "manage.py", "seed_demo", "--scale", str(args.scale)], env)
    seconds = run("dump", ["pg_dump", "--format=custom", f"--file={dump}", f"--dbname={source}"])
    print(f"  {dump.stat().st_size / 1e6:.1f} MB in {seconds:.1f} s")
    fresh_database(restored)
    seconds = run("restore into an empty database", [
        "pg_restore", "--exit-on-error", "--no-owner", f"--dbname={restored}", str(dump)])
    print(f"  {seconds:.1f} s")
    migrations_ok = subprocess.run(
        [PY, "manage.py", "migrate", "--check"], cwd=ROOT,
        env={**os.environ, "DATABASE_URL": restored},
    ).returncode == 0
    print(f"- migrate --check against the restored database: "
          f"{'every migration applied' if migrations_ok else 'FAILED'}")

    before, sequences_before = contents(source)
    after, sequences_after = contents(restored)
    width = max(len(table) for table in before | after) + 2
    print(f"\n{'table':<{width}}{'source':>9}{'restored':>10}")
    differences = 0
    for table in sorted(before | after):
        a, b = before.get(table), after.get(table)
        ok = a == b
        differences += not ok
        print(f"{table:<{width}}{a if a is not None else '-':>9}{b if b is not None else '-':>10}"
              f"  {'ok' if ok else 'DIFFERENT'}")
    print(f"{'total':<{width}}{sum(before.values()):>9}{sum(after.values()):>10}")
    sequence_differences = sum(
        sequences_before.get(name) != sequences_after.get(name)
        for name in sequences_before | sequences_after
    )
    differences += sequence_differences
    print(f"\n{len(before)} tables, {len(sequences_before)} sequences "
          f"({sequence_differences} with another last value after the restore)")
    passed = migrations_ok and not differences
    print("backup drill: " + ("PASSED" if passed else "FAILED"))
    shutil.rmtree(folder)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
