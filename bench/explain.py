"""Which queries make a page slow: `python -m bench.explain /dashboard/ [--size tenth]`.

Opens the page in-process (Django's test client, logged in as the benchmark's process
manager) on a benchmark database built by run.py, lists every query with its time,
and prints PostgreSQL's EXPLAIN ANALYZE of the slowest ones. The second login step is
switched off in this process only: it changes nothing in the queries of the page.
"""

import argparse
import logging
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="the page, e.g. /dashboard/deelnemers/?pagina=2")
    parser.add_argument("--size", choices=["full", "tenth"], default="full")
    parser.add_argument("--top", type=int, default=3, help="explain this many queries")
    parser.add_argument("--anonymous", action="store_true", help="as a visitor, not logged in")
    args = parser.parse_args()

    from bench.run import database_urls

    os.environ["DATABASE_URL"] = database_urls(fresh=False)[args.size]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    from bench.prepare import USERNAME

    settings.TWO_FACTOR_REQUIRED = False
    logging.getLogger("axes").setLevel(logging.WARNING)
    client = Client()
    if not args.anonymous:
        client.force_login(User.objects.get(username=USERNAME))
    client.get(args.path)  # warm the caches, as the benchmark does

    captured = []

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            captured.append(((time.perf_counter() - start) * 1000, sql, params))

    start = time.perf_counter()
    with connection.execute_wrapper(timed):
        response = client.get(args.path)
    total = (time.perf_counter() - start) * 1000
    print(f"{args.path} ({args.size}): HTTP {response.status_code}, {total:.0f} ms in-process, "
          f"{len(captured)} queries, {sum(ms for ms, _, _ in captured):.0f} ms in SQL\n")
    for number, (ms, sql, _params) in enumerate(captured, start=1):
        print(f"{number:>3}. {ms:8.1f} ms  {sql[:150]}")
    if connection.vendor != "postgresql":
        return
    for ms, sql, params in sorted(captured, key=lambda c: c[0], reverse=True)[:args.top]:
        print(f"\n--- {ms:.1f} ms ---\n{sql}\n")
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
