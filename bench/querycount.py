"""Count the SQL queries of each request and say so in the response's headers.

Counted with a database execute wrapper rather than DEBUG's query log, so the site
runs as in production (DEBUG off) while it is measured. Queries that a streaming
response makes while it is sent (the CSV exports) happen after this middleware has
returned and are not counted; the benchmark does not measure those.
"""

import time

from django.db import connections

QUERIES_HEADER = "X-Bench-Queries"
SQL_MS_HEADER = "X-Bench-SQL-ms"


class _Counter:
    def __init__(self):
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.queries += 1


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = _Counter()
        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        response.headers[QUERIES_HEADER] = str(counter.queries)
        response.headers[SQL_MS_HEADER] = f"{counter.seconds * 1000:.2f}"
        return response
