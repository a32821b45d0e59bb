"""Passwords are kept with Argon2id at OWASP's parameters (identity/hashers.py); one kept by
PBKDF2 still signs in, and is kept anew with Argon2id as it does."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher, make_password

from config.settings import base

pytestmark = pytest.mark.django_db
ARGON2ID = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


@pytest.fixture
def deployed_hashers(settings):
    # The tests' own settings keep passwords with a fast hasher; these tests use the product's.
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS


def test_a_new_password_is_kept_with_argon2id(deployed_hashers, office):
    office.set_password("a long new passphrase")
    office.save()
    office.refresh_from_db()
    assert office.password.startswith(ARGON2ID)
    assert office.check_password("a long new passphrase")
    assert not office.check_password("a long new passphrase!")


def test_a_pbkdf2_password_signs_in_and_is_kept_anew(deployed_hashers, client, office):
    office.password = make_password("password", hasher="pbkdf2_sha256")
    office.save()
    assert identify_hasher(office.password).algorithm == "pbkdf2_sha256"
    response = client.post("/login/", {"login": "alice", "password": "password"})
    assert response.status_code == 302 and not response["Location"].startswith("/login/")
    office.refresh_from_db()
    assert office.password.startswith(ARGON2ID)
    assert settings.PASSWORD_HASHERS[0] == "identity.hashers.Argon2idPasswordHasher"


def test_a_wrong_password_leaves_the_kept_one_alone(deployed_hashers, client, office):
    office.password = kept = make_password("password", hasher="pbkdf2_sha256")
    office.save()
    response = client.post("/login/", {"login": "alice", "password": "not it"})
    assert response.status_code == 200
    office.refresh_from_db()
    assert office.password == kept
