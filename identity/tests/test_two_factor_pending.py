"""Someone whose role needs two-factor sign-in and who has not set it up, tried everywhere:
pages, a download, the API, the account page's actions, adding a single sign-on to skip it,
removing it once set up; and signing out or being signed out while a code is awaited."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY
from django.test import Client

from tests import factories, record_factories

pytestmark = pytest.mark.django_db
ACTIVATE = "/accounts/2fa/totp/activate/"
CODE_STEP = "/accounts/2fa/authenticate/"


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED_FOR_ROLES = frozenset({"programme_office", "chair", "regulator"})


def signed_in(user) -> Client:
    browser = Client()
    response = browser.post("/login/", {"login": user.username, "password": "password"})
    assert response.status_code == 302
    return browser


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/account/"),
        ("get", "/s/alpha/"),
        ("get", "/s/alpha/people/"),
        ("get", "/api/v1/systems/"),
        ("get", "/accounts/3rdparty/"),
        ("get", "/accounts/oidc/testidp/login/"),
        ("post", "/account/sessions/end-others/"),
        ("get", "/admin/"),
    ],
)
def test_nothing_but_setting_it_up_is_reached(required, office, system, method, url):
    browser = signed_in(office)
    response = getattr(browser, method)(url)
    assert response.status_code == 302 and response["Location"] == ACTIVATE, url


def test_a_token_it_holds_cannot_be_revoked_nor_its_sessions_ended(required, regulator, system):
    token = record_factories.ApiTokenFactory(user=regulator)
    browser = signed_in(regulator)
    assert browser.post(f"/account/tokens/{token.pk}/revoke/")["Location"] == ACTIVATE
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_api_token_reads_without_a_second_factor(required, regulator, system):
    """By design: a token is its own credential, issued from a page behind two-factor sign-in
    (the regulator's, or their programme office's), and revoked there."""
    raw = factories.api_token(regulator)
    response = Client().get("/api/v1/systems/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


def test_once_set_up_it_cannot_be_removed(required, office, system):
    RecoveryCodes.activate(office)
    totp = TOTP.activate(office, generate_totp_secret())
    browser = Client()
    browser.post("/login/", {"login": "alice", "password": "password"})
    code = RecoveryCodes(Authenticator.objects.get(user=office, type="recovery_codes"))
    browser.post(CODE_STEP, {"code": code.get_unused_codes()[0]})
    assert browser.session[SESSION_KEY] == str(office.pk)
    browser.post("/accounts/2fa/totp/deactivate/", {})
    assert Authenticator.objects.filter(pk=totp.instance.pk).exists()


def test_signing_out_at_the_code_step_forgets_the_step(office):
    RecoveryCodes.activate(office)
    TOTP.activate(office, generate_totp_secret())
    browser = Client()
    assert browser.post("/login/", {"login": "alice", "password": "password"})["Location"] == (
        CODE_STEP
    )
    browser.post("/logout/")
    response = browser.get(CODE_STEP)
    assert response.status_code == 302 and CODE_STEP not in response["Location"]
    assert SESSION_KEY not in browser.session


def test_another_persons_single_sign_on_cannot_be_removed(office, chair):
    theirs = SocialAccount.objects.create(user=chair, provider="testidp", uid="carol-sub")
    chair.set_password("password")
    chair.save()
    browser = signed_in(office)
    browser.post("/accounts/3rdparty/", {"account": theirs.pk})
    assert SocialAccount.objects.filter(pk=theirs.pk).exists()
