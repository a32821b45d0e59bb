"""The browsers signed in as a person: recorded at sign-in by a hash of the session key (never
the key), their use noted at most once a minute, forgotten at sign-out; their holder signs one
out, or all but this one, and that browser is really signed out. No one reaches another's."""

import datetime

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import SEEN_AT
from accounts.models import UserSession
from core.tokens import hash_token
from tests import record_factories

pytestmark = pytest.mark.django_db
PAGE = reverse("accounts:account")
EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def _browser(user, agent: str, address: str) -> Client:
    """A browser signed in through the sign-in form."""
    browser = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    response = browser.post(reverse("login"), {"login": user.username, "password": "password"})
    assert response.status_code == 302, "signed in"
    return browser


def _key(browser: Client) -> str:
    return browser.cookies["sessionid"].value


def test_signing_in_records_the_browser_by_a_hash_of_its_key(chair):
    desk = _browser(chair, EDGE, "192.0.2.1")
    key = _key(desk)
    record = UserSession.objects.get(user=chair)
    assert record.key_hash == hash_token(key) and record.key_prefix == key[:6]
    assert key not in {record.key_hash, record.device, str(record.ip_address)}
    assert (record.device, record.ip_address) == ("Edge on Windows", "192.0.2.1")
    body = desk.get(PAGE).content.decode()
    assert "Edge on Windows" in body and "192.0.2.1" in body and "This session" in body
    assert key not in body and record.key_hash not in body
    assert record.history.get().history_change_reason == "Signed in"


def test_use_is_noted_at_most_once_a_minute(chair):
    desk = _browser(chair, EDGE, "192.0.2.1")
    record = UserSession.objects.get(user=chair)
    dashboard = reverse("reminders:my-tasks")
    desk.get(dashboard)
    assert UserSession.objects.get(pk=record.pk).last_seen_at == record.last_seen_at
    session = desk.session
    session[SEEN_AT] -= 61
    session.save()
    desk.get(dashboard)
    assert UserSession.objects.get(pk=record.pk).last_seen_at > record.last_seen_at
    assert record.history.count() == 1  # the time of use is not history


def test_signing_out_forgets_the_session(chair):
    desk = _browser(chair, EDGE, "192.0.2.1")
    desk.post(reverse("logout"))
    assert not UserSession.objects.filter(user=chair).exists()
    assert UserSession.history.filter(history_type="-").get().history_change_reason == "Signed out"


def test_signing_out_another_browser_really_signs_it_out(chair):
    desk = _browser(chair, EDGE, "192.0.2.1")
    phone = _browser(chair, IPHONE, "198.51.100.7")
    assert phone.get(PAGE).status_code == 200
    body = desk.get(PAGE).content.decode()
    assert "Mobile Safari on iOS" in body and "198.51.100.7" in body
    theirs = UserSession.objects.get(key_hash=hash_token(_key(phone)))

    response = desk.post(reverse("accounts:session-end", args=[theirs.pk]))

    assert response.status_code == 302 and response["Location"] == PAGE
    assert not Session.objects.filter(session_key=_key(phone)).exists()
    signed_out = phone.get(PAGE)
    assert signed_out.status_code == 302 and signed_out["Location"].startswith("/login/")
    assert desk.get(PAGE).status_code == 200, "this browser stays signed in"
    ended = UserSession.history.filter(history_type="-").get()
    assert ended.history_user == chair
    assert ended.history_change_reason == "Signed out from another browser"


def test_signing_out_everywhere_else_keeps_this_browser(chair, office):
    desk = _browser(chair, EDGE, "192.0.2.1")
    phones = [_browser(chair, IPHONE, f"198.51.100.{n}") for n in (1, 2)]
    theirs = _browser(office, EDGE, "192.0.2.99")

    desk.post(reverse("accounts:sessions-end-others"))

    for phone in phones:
        assert phone.get(PAGE).status_code == 302
    assert desk.get(PAGE).status_code == 200 and theirs.get(PAGE).status_code == 200
    assert UserSession.objects.filter(user=chair).count() == 1
    assert UserSession.objects.filter(user=office).count() == 1


def test_signing_out_this_browser_from_its_own_row_signs_out(chair):
    desk = _browser(chair, EDGE, "192.0.2.1")
    mine = UserSession.objects.get(user=chair)
    response = desk.post(reverse("accounts:session-end", args=[mine.pk]))
    assert response["Location"].startswith("/login/")
    assert desk.get(PAGE).status_code == 302


def test_another_persons_session_or_token_is_not_found(chair, regulator):
    desk = _browser(chair, EDGE, "192.0.2.1")
    laptop = _browser(regulator, EDGE, "192.0.2.2")
    theirs = UserSession.objects.get(user=regulator)
    token = record_factories.ApiTokenFactory(user=regulator)

    assert desk.post(reverse("accounts:session-end", args=[theirs.pk])).status_code == 404
    assert desk.post(reverse("accounts:token-revoke", args=[token.pk])).status_code == 404
    assert desk.post(reverse("accounts:session-end", args=[theirs.pk + 999])).status_code == 404

    assert laptop.get(PAGE).status_code == 200, "still signed in"
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_holder_revokes_their_token(regulator):
    laptop = _browser(regulator, EDGE, "192.0.2.2")
    token = record_factories.ApiTokenFactory(user=regulator)
    response = laptop.post(reverse("accounts:token-revoke", args=[token.pk]))
    assert response["Location"] == PAGE
    token.refresh_from_db()
    assert token.revoked_at is not None
    revoked = token.history.latest("history_date")
    assert revoked.history_user == regulator
    assert revoked.history_change_reason == "Revoked by its holder"
    assert ">Revoked</strong>" in laptop.get(PAGE).content.decode()


def test_changes_need_a_post_with_its_csrf_token(chair):
    desk = _browser(chair, EDGE, "192.0.2.1")
    mine = UserSession.objects.get(user=chair)
    assert desk.get(reverse("accounts:session-end", args=[mine.pk])).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = desk.cookies
    assert strict.post(reverse("accounts:sessions-end-others")).status_code == 403


def test_sessions_past_their_limits_are_not_listed_and_go_at_the_next_sign_in(chair, settings):
    desk = _browser(chair, EDGE, "192.0.2.1")
    idle = timezone.now() - datetime.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT + 5)
    stale = _browser(chair, IPHONE, "198.51.100.7")
    UserSession.objects.filter(key_hash=hash_token(_key(stale))).update(last_seen_at=idle)
    gone = record_factories.UserSessionFactory(user=chair, device="Opera on Linux")

    body = desk.get(PAGE).content.decode()
    assert "Mobile Safari" not in body and "Opera on Linux" not in body

    _browser(chair, EDGE, "192.0.2.3")
    assert UserSession.objects.filter(user=chair).count() == 2  # the two desks
    assert not UserSession.objects.filter(pk=gone.pk).exists()


def test_a_session_from_before_the_list_is_recorded_on_its_next_use(chair):
    desk = _browser(chair, EDGE, "192.0.2.1")
    UserSession.objects.filter(user=chair).delete()
    session = desk.session
    del session[SEEN_AT]
    session.save()
    assert "This session" in desk.get(PAGE).content.decode()
    record = UserSession.objects.get(user=chair)
    assert record.key_hash == hash_token(_key(desk))
    assert record.history.get().history_change_reason == "Found signed in"


def test_ending_the_other_sessions_ends_one_still_to_set_it_up(settings, office):
    settings.MFA_REQUIRED_FOR_ROLES = frozenset({"programme_office"})
    waiting = _browser(
        office, EDGE, "192.0.2.1"
    )  # someone else with the password, sent to set it up
    desk = _browser(office, EDGE, "192.0.2.1")
    RecoveryCodes.activate(office)
    TOTP.activate(office, generate_totp_secret())  # the owner set it up at their desk
    assert UserSession.objects.filter(user=office).count() == 2
    assert desk.post("/account/sessions/end-others/").status_code == 302
    response = waiting.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert SESSION_KEY not in waiting.session
