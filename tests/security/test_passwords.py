"""Passwords are stored with Argon2; older hashes are upgraded at the next login."""

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User

from tests.security.conftest import PASSWORD, log_in

pytestmark = pytest.mark.django_db


def test_new_passwords_are_hashed_with_argon2id(manager):
    assert manager.password.startswith("argon2$argon2id$")


def test_an_older_hash_becomes_argon2_at_the_next_login(client):
    user = User.objects.create(username="oud", is_staff=True,
                               password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    assert user.password.startswith("pbkdf2_sha256$")
    assert log_in(client, "oud").status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
