"""Two-factor sign-in required by role (``MFA_REQUIRED_FOR_ROLES``): who is sent to set it up,
what they may still reach, who keeps it, and the account page's partial. (Setting it up and
signing in with it, in the browser: tests/e2e/test_two_factor_browser.py.)"""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from identity.mfa import METHODS_SESSION_KEY, MFAAdapter, two_factor_required

ACTIVATE = "/accounts/2fa/totp/activate/"


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED_FOR_ROLES = frozenset({"programme_office", "chair", "superuser"})


def dashboard(system) -> str:
    return reverse("reports:dashboard", args=[system.slug])


def with_app(user) -> TOTP:
    RecoveryCodes.activate(user)
    return TOTP.activate(user, generate_totp_secret())


@pytest.mark.parametrize("who", ["office", "chair"])
def test_a_role_that_needs_it_is_sent_to_set_it_up_first(client, required, system, who, request):
    client.force_login(request.getfixturevalue(who))
    for url in (dashboard(system), "/tasks/", "/api/v1/systems/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == ACTIVATE, url


def test_setting_it_up_and_signing_out_stay_reachable(client, required, office):
    client.force_login(office)
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/session/").status_code == 200
    assert client.post("/logout/").status_code == 302


def test_a_superuser_is_sent_too(client, required, system):
    root = get_user_model().objects.create_superuser("root", password="password")
    client.force_login(root)
    assert client.get(dashboard(system))["Location"] == ACTIVATE


@pytest.mark.parametrize("who", ["lead", "regulator"])
def test_other_roles_are_not(client, required, system, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(dashboard(system)).status_code == 200


def test_no_one_is_sent_without_the_setting(client, office, system):
    client.force_login(office)
    assert client.get(dashboard(system)).status_code == 200
    assert not two_factor_required(office)


def test_with_an_app_set_up_the_pages_open(client, required, office, system):
    with_app(office)
    client.force_login(office)
    assert client.get(dashboard(system)).status_code == 200


def test_a_single_sign_on_is_not_asked(client, required, office, system):
    client.force_login(office)
    session = client.session
    session[METHODS_SESSION_KEY] = [{"method": "socialaccount", "provider": "nhsmail"}]
    session.save()
    assert client.get(dashboard(system)).status_code == 200


def test_whoever_must_use_it_cannot_remove_their_app(required, office, regulator):
    office_app = with_app(office).instance
    assert not MFAAdapter().can_delete_authenticator(office_app)
    assert MFAAdapter().can_delete_authenticator(with_app(regulator).instance)


def partial(user, **session) -> str:
    request = RequestFactory().get("/account/")
    request.user = user
    request.session = session
    return render_to_string("accounts/_two_factor.html", {"request": request}, request=request)


def test_the_partial_says_what_is_set_up_and_links_to_it(
    required, office, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        before = partial(office)
    assert "Not set up (your role needs it)" in before
    assert f'href="{ACTIVATE}"' in before
    with_app(office)
    after = partial(office)
    assert "Authenticator app" in after and "Set up" in after and "10 unused" in after
    assert 'href="/accounts/2fa/"' in after and 'href="/accounts/2fa/recovery-codes/"' in after
    assert Authenticator.objects.filter(user=office).count() == 2


def test_the_partial_names_the_single_sign_on(office):
    signed_in = {METHODS_SESSION_KEY: [{"method": "socialaccount", "provider": "nhsmail"}]}
    assert "You signed in through nhsmail" in partial(office, **signed_in)
