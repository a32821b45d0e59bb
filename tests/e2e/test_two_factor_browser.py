"""Two-factor sign-in in a real browser: a programme office whose role needs it is sent to set
up an authenticator app before anything else, gets recovery codes, then signs in with a code
from the app, and with a recovery code (once only). The codes are computed here as the app
would, from the secret the set-up page shows."""

import time
from urllib.parse import unquote

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_factor_required(settings):
    settings.MFA_REQUIRED_FOR_ROLES = frozenset({"programme_office", "chair", "superuser"})
    # One period either side, so the test may use the next period's code rather than wait.
    settings.MFA_TOTP_TOLERANCE = 1


def code(secret: str, periods_ahead: int = 0) -> str:
    counter = int(time.time()) // 30 + periods_ahead
    return format_hotp_value(hotp_value(secret, counter))


def signed_in(url: str) -> bool:
    return "/accounts/" not in url and "/login/" not in url


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").first.click()
    page.wait_for_url("**/login/**")


def test_enrol_then_sign_in_with_the_app_and_with_a_recovery_code(
    page, office, system, two_factor_required
):
    sign_in(page, "alice")
    # Sent to set it up, whatever page was asked for: first confirming the password (a
    # session left open elsewhere cannot add or remove a second factor).
    page.goto(reverse("reports:dashboard", args=[system.slug]))
    assert "/accounts/reauthenticate/?next=/accounts/2fa/totp/activate/" in unquote(page.url)
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill("000000" if code(secret) != "000000" else "1")
    page.get_by_role("button", name="Activate").click()
    expect(page.locator(".nhsuk-error-message")).to_have_count(1)
    page.get_by_label("Authenticator code").fill(code(secret))
    page.get_by_role("button", name="Activate").click()
    page.wait_for_url("**/recovery-codes/**")
    recovery = page.locator("#recovery_codes").input_value().split()
    assert len(recovery) == 10
    assert Authenticator.objects.filter(user=office, type="totp").exists()
    page.goto(reverse("reports:dashboard", args=[system.slug]))
    assert page.url.endswith(reverse("reports:dashboard", args=[system.slug]))
    sign_out(page)

    # Signing in now asks for a code: a wrong one is refused, the app's is taken.
    sign_in(page, "alice")
    assert "/accounts/2fa/authenticate/" in page.url
    page.get_by_label("Code").fill("12345678")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-message")).to_have_count(1)
    page.get_by_label("Code").fill(code(secret, periods_ahead=1))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(signed_in)
    sign_out(page)

    # A recovery code signs in once.
    sign_in(page, "alice")
    page.get_by_label("Code").fill(recovery[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(signed_in)
    sign_out(page)
    sign_in(page, "alice")
    page.get_by_label("Code").fill(recovery[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-message")).to_have_count(1)
    assert "/accounts/2fa/authenticate/" in page.url


def test_a_role_that_does_not_need_it_is_not_sent_to_set_it_up(
    page, regulator, system, two_factor_required
):
    sign_in(page, "rita")
    page.goto(reverse("reports:dashboard", args=[system.slug]))
    assert page.url.endswith(reverse("reports:dashboard", args=[system.slug]))
