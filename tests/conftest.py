import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture(autouse=True)
def _dutch_by_default(settings):
    # Every test starts as a first-time visitor would: Dutch.
    settings.LANGUAGE_CODE = "nl"


@pytest.fixture
def queries_for():
    """How many queries a GET costs; compare it at two sizes of data."""

    def count(client, url):
        client.get(url)  # warm the per-process caches (content types, sessions)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(context.captured_queries)

    return count
