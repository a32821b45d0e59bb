"""Guessing at sign-in, wherever allauth asks for a secret: the password form, the two-factor
code step (a code from the app or a recovery code) and reauthentication all count towards the
one lockout (django-axes: failures for a username at an address), and a locked-out username is
refused there even with the right code."""

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY

pytestmark = pytest.mark.django_db
CODE_STEP = "/accounts/2fa/authenticate/"


@pytest.fixture
def recovery_code(office) -> str:
    codes = RecoveryCodes.activate(office)
    TOTP.activate(office, generate_totp_secret())
    return codes.get_unused_codes()[0]


def password_step(client) -> None:
    response = client.post("/login/", {"login": "alice", "password": "password"})
    assert response.status_code == 302 and response["Location"] == CODE_STEP


def test_wrong_codes_count_towards_the_lockout(client, office, recovery_code, settings):
    password_step(client)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(CODE_STEP, {"code": "000000"})
    assert AccessAttempt.objects.get(username="alice").failures_since_start >= 5
    assert SESSION_KEY not in client.session


def test_once_locked_out_even_the_right_code_is_refused(client, office, recovery_code, settings):
    password_step(client)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(CODE_STEP, {"code": "000000"})
    response = client.post(CODE_STEP, {"code": recovery_code})
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_a_locked_out_username_cannot_start_again_with_its_password(
    client, office, recovery_code, settings
):
    password_step(client)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(CODE_STEP, {"code": "000000"})
    response = client.post("/login/", {"login": "alice", "password": "password"})
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_the_right_code_signs_in_and_clears_the_count(client, office, recovery_code):
    password_step(client)
    client.post(CODE_STEP, {"code": "000000"})
    response = client.post(CODE_STEP, {"code": recovery_code})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(office.pk)


def test_wrong_passwords_at_reauthentication_count_too(client, office, settings):
    client.post("/login/", {"login": "alice", "password": "password"})
    assert client.session[SESSION_KEY] == str(office.pk)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/reauthenticate/", {"password": "wrong"})
    assert AccessAttempt.objects.get(username="alice").failures_since_start >= 5
    response = client.post("/accounts/reauthenticate/", {"password": "password"})
    assert response.status_code == 429


@pytest.mark.parametrize("entry", ["/accounts/login/", "/admin/login/"])
def test_allauths_and_the_admins_sign_in_lead_to_the_one_page(client, entry):
    response = client.post(entry, {"login": "alice", "password": "x", "username": "alice"})
    assert response.status_code in (302, 301, 405)
    if response.status_code == 302:
        assert response["Location"].startswith("/login/")


def test_wrong_codes_at_reauthentication_count_too(client, office, recovery_code, settings):
    password_step(client)
    client.post(CODE_STEP, {"code": recovery_code})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/2fa/reauthenticate/", {"code": "000000"})
    assert AccessAttempt.objects.get(username="alice").failures_since_start >= 5


def test_wrong_current_passwords_when_changing_it_count_too(client, office, settings):
    settings.AXES_FAILURE_LIMIT = 3  # under allauth's own five a minute
    client.post("/login/", {"login": "alice", "password": "password"})
    change = {"password1": "A-new-long-passphrase-9", "password2": "A-new-long-passphrase-9"}
    for _ in range(3):
        client.post("/accounts/password/change/", {"oldpassword": "wrong", **change})
    response = client.post("/accounts/password/change/", {"oldpassword": "password", **change})
    assert response.status_code == 429
    office.refresh_from_db()
    assert office.check_password("password")
