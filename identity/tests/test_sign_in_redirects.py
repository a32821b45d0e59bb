"""Where signing in leads: only to an address of this service, whatever ``next`` says, through
each of the sign-in's doors (the page, allauth's address, the admin's, the two-factor step);
and every form that signs in, out or ends a session asks for the CSRF token."""

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

pytestmark = pytest.mark.django_db
ELSEWHERE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    " //evil.example",
    "http://testserver.evil.example/",
]


def lands_here(location: str) -> bool:
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("target", ELSEWHERE)
def test_next_never_leads_away(client, office, target):
    response = client.post("/login/", {"login": "alice", "password": "password", "next": target})
    assert response.status_code == 302 and lands_here(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_next_through_the_admins_door_never_leads_away(client, office, target):
    door = client.get("/admin/login/", {"next": target})
    assert lands_here(door["Location"])
    response = client.post(door["Location"], {"login": "alice", "password": "password"})
    assert lands_here(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", ELSEWHERE[:3])
def test_next_through_the_two_factor_step_never_leads_away(client, office, target):
    codes = RecoveryCodes.activate(office)
    TOTP.activate(office, generate_totp_secret())
    step = client.post("/login/", {"login": "alice", "password": "password", "next": target})
    response = client.post(step["Location"], {"code": codes.get_unused_codes()[0]})
    assert response.status_code == 302 and lands_here(response["Location"]), response["Location"]


def test_next_within_the_service_is_followed(client, office):
    response = client.post("/login/", {"login": "alice", "password": "password", "next": "/tasks/"})
    assert response["Location"] == "/tasks/"


@pytest.mark.parametrize(
    "url",
    [
        "/login/",
        "/accounts/login/",
        "/logout/",
        "/accounts/oidc/testidp/login/",
        "/account/sessions/end-others/",
        "/accounts/2fa/authenticate/",
    ],
)
def test_every_sign_in_form_asks_for_the_csrf_token(office, url):
    browser = Client(enforce_csrf_checks=True)
    if url.startswith(("/account/", "/logout/")):
        browser.force_login(office)
    response = browser.post(url, {"login": "alice", "password": "password"})
    assert response.status_code == 403, url


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/key/1-set-password/",
        "/accounts/password/set/",
        "/accounts/email/",
        "/accounts/3rdparty/signup/",
        "/accounts/login/code/confirm/",
        "/accounts/confirm-email/abc/",
    ],
)
def test_no_way_to_make_an_account_or_reset_a_password(client, url):
    assert client.get(url).status_code == 404, url
    assert client.post(url, {"email": "a@nhs.net", "username": "x"}).status_code in (403, 404)


@pytest.mark.parametrize(
    "url", ["/accounts/social/signup/", "/accounts/reauthenticate/code/", "/accounts/inactive/"]
)
def test_allauths_other_doors_lead_nowhere_new(client, url):
    response = client.get(url, follow=True)
    assert response.status_code in (404, 200)
    assert 'name="password1"' not in response.content.decode()
    assert 'name="email"' not in response.content.decode()
