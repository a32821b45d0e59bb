"""The sign-in pages (the form and its error, confirming the password, setting up and entering
a two-factor code, its settings) pass axe-core at a desktop's and a phone's width, and none is
wider than the phone."""

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.e2e.conftest import sign_in
from tests.e2e.test_accessibility import AXE, WIDTHS, _violations

pytestmark = pytest.mark.django_db(transaction=True)


def check(page, problems: list[str]) -> None:
    axe = AXE.read_text()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate(axe)
        problems += _violations(page)
        if page.evaluate("document.documentElement.scrollWidth") > width:
            problems.append(f"{page.url}: wider than {width} px")


def test_the_sign_in_pages_pass_axe(page, office, regulator, settings):
    settings.MFA_REQUIRED_FOR_ROLES = frozenset({"programme_office"})
    problems: list[str] = []
    page.goto("/login/")
    check(page, problems)
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    check(page, problems)
    sign_in(page, "alice")
    check(page, problems)  # confirming the password before setting up
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/totp/activate/")
    check(page, problems)
    page.get_by_label("Authenticator code").fill("1")
    page.get_by_role("button", name="Activate").click()
    page.wait_for_load_state()
    check(page, problems)
    page.goto("/accounts/2fa/")
    check(page, problems)
    page.context.clear_cookies()
    RecoveryCodes.activate(regulator)
    TOTP.activate(regulator, generate_totp_secret())
    sign_in(page, "rita")
    page.wait_for_url("**/2fa/authenticate/")
    check(page, problems)
    assert problems == []
