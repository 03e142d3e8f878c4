"""The status page: for uptime monitors, and the benchmark's yardstick (bench/)."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_status_page_says_the_site_runs_without_touching_the_database(
    client, django_assert_num_queries
):
    # No queries: an anonymous visitor has no session to load, and the page reads nothing.
    with django_assert_num_queries(0):
        response = client.get(reverse("status"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wijkkompas draait." in html
    assert "<main" in html
