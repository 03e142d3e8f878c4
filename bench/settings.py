"""The site's own settings, plus one middleware that reports what each response cost
in SQL. Only the benchmark (bench/run.py) serves the site with this module."""

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE as SITE_MIDDLEWARE

# Outermost, so that the queries of every other middleware (sessions, the second
# factor, the session's idle timeout) are counted with the view's.
MIDDLEWARE = ["bench.querycount.QueryCountMiddleware", *SITE_MIDDLEWARE]
