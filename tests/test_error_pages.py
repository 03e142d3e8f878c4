"""The error pages in Dutch, in the site's layout; bodies larger than the site reads."""

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError, connection
from django.urls import reverse

from initiatives.models import SignUp

pytestmark = pytest.mark.django_db


def in_the_layout(html: str) -> bool:
    return 'id="main"' in html and "site-header" in html and "site-footer" in html


def test_a_missing_page_answers_in_dutch_in_the_layout(client):
    response = client.get("/bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in html and in_the_layout(html)
    assert 'lang="nl"' in html


def test_a_forbidden_page_answers_in_dutch_in_the_layout(client, settings):
    settings.TWO_FACTOR_REQUIRED = False
    client.force_login(User.objects.create_user("zonder-rol", is_staff=True))
    response = client.get(reverse("admin:wei_process_changelist"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Geen toegang" in html and in_the_layout(html)


def test_a_server_error_answers_in_dutch_without_the_database(client):
    def database_down(execute, sql, params, many, context):
        raise OperationalError("could not connect to server")

    client.raise_request_exception = False
    with connection.execute_wrapper(database_down):
        response = client.get(reverse("initiatives:list"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in html and in_the_layout(html)
    assert "Server Error" not in html


def test_a_failed_csrf_check_keeps_its_own_page():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("initiatives:idea"), {})
    assert response.status_code == 403
    assert "Dit formulier is verlopen" in response.content.decode()


def test_a_body_above_the_limit_is_refused_before_it_is_read(client, settings):
    settings.REQUEST_BODY_MAX_KB = 64
    big = b"x" * (65 * 1024)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("initiatives:idea"),
                           {"name": "Anja", "bijlage": SimpleUploadedFile("groot.bin", big)})
    html = response.content.decode()
    assert response.status_code == 413
    assert "Te veel tegelijk" in html and in_the_layout(html)
    assert not SignUp.objects.exists()
    # Just under the limit, the form answers as usual.
    assert client.post(reverse("initiatives:idea"), {"name": "Anja"}).status_code == 200


def test_the_default_limit_refuses_a_hundred_megabytes(settings):
    assert settings.REQUEST_BODY_MAX_KB * 1024 < 100 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.REQUEST_BODY_MAX_KB * 1024


def test_an_over_long_field_is_not_echoed_back_whole(client, settings):
    from tests.initiatives.factories import InitiativeFactory

    settings.PUBLIC_FORM_RATE_LIMIT = "100/h"
    initiative = InitiativeFactory()
    huge = "A" * 300_000
    response = client.post(reverse("initiatives:signup", args=[initiative.slug]),
                           {"name": huge, "email": "anja@example.nl", "postcode": "7941 AB",
                            "consent": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "niet meer dan 200 tekens" in html
    assert "A" * 200 in html and "A" * 201 not in html  # what fits is kept
    assert len(html) < 50_000
