"""Signing in, failing to and being locked out are security events, recorded by doing them
through the sign-in form: who, when, from where, and in the systems the person had access to at
that moment. A user name no account has is kept as typed, in no system. Two-factor changes
(django-allauth's mfa signals) are recorded when that app is installed."""

import pytest
from django.apps import apps
from django.contrib.auth.signals import user_login_failed
from django.test import RequestFactory
from django.utils import timezone

from core.models import SecurityEvent
from core.roles import Role
from partners.models import Access

pytestmark = pytest.mark.django_db

Kind = SecurityEvent.Kind
LOGIN = "/login/"
HERE = "192.0.2.10"
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edge/120 " + "x" * 400


def attempt(client, username, password):
    return client.post(
        LOGIN,
        {"login": username, "password": password},
        REMOTE_ADDR=HERE,
        HTTP_USER_AGENT=BROWSER,
    )


def events(kind):
    return list(SecurityEvent.objects.filter(kind=kind).order_by("pk"))


def system_ids(event) -> set[int]:
    return set(event.systems.values_list("pk", flat=True))


def test_signing_in_is_recorded_in_each_system_the_person_has_access_to(
    client, chair, system, other_system
):
    Access.objects.create(user=chair, system=other_system, role=Role.REGULATOR)
    assert attempt(client, "carol", "password").status_code == 302
    [event] = events(Kind.SIGN_IN)
    assert event.user == chair and event.subject is None
    assert system_ids(event) == {system.pk, other_system.pk}
    assert event.ip_address == HERE
    assert event.user_agent == BROWSER[:254] + "\u2026"
    assert event.detail == "With a user name and password"


def test_an_access_that_has_ended_no_longer_makes_the_sign_in_that_systems(
    client, chair, system, other_system
):
    Access.objects.create(
        user=chair, system=other_system, role=Role.CHAIR, ends_on=timezone.localdate()
    )
    attempt(client, "carol", "password")
    assert system_ids(events(Kind.SIGN_IN)[0]) == {system.pk}


def test_a_wrong_password_is_recorded_against_the_account_and_its_systems(client, chair, system):
    assert attempt(client, "carol", "not-my-password").status_code == 200
    [event] = events(Kind.SIGN_IN_FAILED)
    assert (event.user, event.username, event.detail) == (chair, "carol", "Not accepted")
    assert system_ids(event) == {system.pk}
    assert event.ip_address == HERE


def test_a_user_name_no_account_has_is_kept_as_typed_in_no_system(client, chair):
    attempt(client, "mallory", "guess")
    [event] = events(Kind.SIGN_IN_FAILED)
    assert event.user is None and event.username == "mallory"
    assert event.detail == "No account has this user name"
    assert system_ids(event) == set()


def test_a_long_user_name_is_cut_to_its_column():
    # The sign-in form takes at most 150 characters; a credential from elsewhere may be longer
    # (django-axes keeps up to 255 of it).
    request = RequestFactory().post(LOGIN, REMOTE_ADDR=HERE)
    user_login_failed.send(
        sender=__name__, credentials={"username": "m" * 250, "password": "x"}, request=request
    )
    [event] = events(Kind.SIGN_IN_FAILED)
    assert event.username == "m" * 149 + "\u2026"


def test_a_failure_with_no_request_is_still_recorded(chair):
    user_login_failed.send(sender=__name__, credentials={"username": "carol"}, request=None)
    [event] = events(Kind.SIGN_IN_FAILED)
    assert event.user == chair and event.ip_address is None


def test_the_attempt_that_locks_out_is_recorded_once(client, chair, system):
    for _ in range(5):
        attempt(client, "carol", "wrong")
    [lockout] = events(Kind.LOCKED_OUT)
    assert (lockout.user, lockout.username) == (chair, "carol")
    assert lockout.detail == "5 failed attempts: refused at this address for 15 minutes"
    assert system_ids(lockout) == {system.pk} and lockout.ip_address == HERE
    # Refused while locked out, the right password too: a failure that says so, no new lockout.
    assert attempt(client, "carol", "password").status_code == 429
    failures = events(Kind.SIGN_IN_FAILED)
    assert len(failures) == 6
    assert failures[-1].detail == "Not accepted; locked out"
    assert len(events(Kind.LOCKED_OUT)) == 1
    assert not events(Kind.SIGN_IN)


def test_no_password_or_session_key_is_kept(client, chair):
    chair.set_password("Correct-Horse-42")
    chair.save()
    attempt(client, "carol", "the-secret-guess")
    attempt(client, "carol", "Correct-Horse-42")
    session_key = client.session.session_key
    kept = " ".join(
        " ".join(str(value) for value in row)
        for row in SecurityEvent.objects.values_list("username", "user_agent", "detail")
    )
    assert len(events(Kind.SIGN_IN_FAILED)) == 1 and len(events(Kind.SIGN_IN)) == 1
    assert "the-secret-guess" not in kept and "Correct-Horse-42" not in kept
    assert session_key not in kept


def test_signing_in_works_even_when_its_event_cannot_be_recorded(client, chair, monkeypatch):
    def broken(user):
        raise RuntimeError("the accesses could not be read")

    monkeypatch.setattr("core.security.systems_of", broken)
    assert attempt(client, "carol", "password").status_code == 302
    assert client.session["_auth_user_id"] == str(chair.pk)
    assert not events(Kind.SIGN_IN)


def test_a_forwarded_address_that_is_no_address_is_not_kept(client, chair, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        LOGIN,
        {"login": "carol", "password": "password"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="not-an-address",
    )
    [event] = events(Kind.SIGN_IN)
    assert event.user == chair and event.ip_address is None


@pytest.mark.skipif(
    not apps.is_installed("allauth.mfa"), reason="django-allauth's mfa app is not installed"
)
def test_two_factor_changes_are_recorded_from_allauths_signals(chair, system):
    from allauth.mfa import signals
    from allauth.mfa.models import Authenticator

    request = RequestFactory().post("/accounts/2fa/", REMOTE_ADDR=HERE)
    request.user = chair
    totp = Authenticator.objects.create(user=chair, type=Authenticator.Type.TOTP, data={})
    codes = Authenticator.objects.create(
        user=chair, type=Authenticator.Type.RECOVERY_CODES, data={}
    )
    signals.authenticator_added.send(Authenticator, request=request, user=chair, authenticator=totp)
    signals.authenticator_reset.send(
        Authenticator, request=request, user=chair, authenticator=codes
    )
    signals.authenticator_removed.send(
        Authenticator, request=request, user=chair, authenticator=totp
    )
    recorded = SecurityEvent.objects.filter(user=chair).exclude(kind=Kind.SIGN_IN).order_by("pk")
    assert [(e.kind, e.detail) for e in recorded] == [
        (Kind.TWO_FACTOR_ADDED, totp.get_type_display()),
        (Kind.TWO_FACTOR_RESET, codes.get_type_display()),
        (Kind.TWO_FACTOR_REMOVED, totp.get_type_display()),
    ]
    assert all(system_ids(e) == {system.pk} and e.ip_address == HERE for e in recorded)
    assert all(e.subject is None for e in recorded)  # their own
