"""Writes for accounts: a session's record made at sign-in, its use noted, and its end (by its
holder from another browser, or by signing out). Recorded in history against the actor, with a
reason; ending a session deletes Django's session, so that browser is signed out at once."""

from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from accounts.devices import device_label
from accounts.models import UserSession
from accounts.session_keys import SEEN_AT, fingerprint, session_keys, store, within_limits
from core.audit import delete_tracked, save_tracked, update_tracked
from core.client_ip import client_ip
from core.sessions import SIGNED_IN_AT
from core.sessions import now as seconds_now


def _signed_in_at(session) -> datetime:
    """When the session began, as ``core.sessions`` keeps it (it starts its clock first)."""
    started = session.get(SIGNED_IN_AT)
    return datetime.fromtimestamp(started, tz=UTC) if started else timezone.now()


@transaction.atomic
def session_record_start(*, request, user, reason: str = "Signed in") -> UserSession:
    """Record the request's session as ``user``'s, and forget their sessions that have ended
    without signing out (expired, timed out, or their key changed)."""
    session = request.session
    if session.session_key is None:
        # Signing in over another person's session empties it and leaves its new key to the
        # response: make the key now, to record it.
        session.save()
    key_hash, key_prefix = fingerprint(session.session_key)
    session[SEEN_AT] = seconds_now()
    now = timezone.now()
    details = {
        "device": device_label(request.META.get("HTTP_USER_AGENT", "")),
        "ip_address": client_ip(request) or None,
        "signed_in_at": _signed_in_at(session),
        "last_seen_at": now,
    }
    _forget_ended(user, keep=key_hash, at=now)
    record = UserSession.objects.filter(key_hash=key_hash).first()
    if record is not None:
        # Signing in again in the same browser keeps its session (Django keeps the key).
        update_tracked(record, actor=user, reason=reason, user=user, **details)
        return record
    record = UserSession(user=user, key_hash=key_hash, key_prefix=key_prefix, **details)
    return save_tracked(record, actor=user, reason=reason)


def _forget_ended(user, *, keep: str, at: datetime) -> None:
    records = list(UserSession.objects.filter(user=user).exclude(key_hash=keep))
    live = session_keys(records)
    for record in records:
        if record.key_hash not in live or not within_limits(record, at):
            delete_tracked(record, actor=user, reason="Session ended without signing out")


def session_record_seen(*, request) -> None:
    """Note that the request's session is in use (the caller asks at most once a minute). A
    signed-in session with no record (from before sessions were listed, or whose key changed)
    gets one now."""
    key_hash, _ = fingerprint(request.session.session_key)
    # The time of last use is kept out of history (excluded there), as a token's last use is:
    # an update, not a change to record.
    seen = UserSession.objects.filter(key_hash=key_hash, user=request.user)
    if not seen.update(last_seen_at=timezone.now()):
        session_record_start(request=request, user=request.user, reason="Found signed in")


@transaction.atomic
def session_end(*, actor, user_session: UserSession, reason: str) -> None:
    """End a session: its browser is signed out at its next request."""
    for key in session_keys([user_session]).values():
        store(key).delete()
    delete_tracked(user_session, actor=actor, reason=reason)


@transaction.atomic
def sessions_end_others(*, actor, current_key: str) -> int:
    """End every session of ``actor``'s but this one; returns how many were listed."""
    current_hash, _ = fingerprint(current_key)
    others = list(UserSession.objects.filter(user=actor).exclude(key_hash=current_hash))
    keys = session_keys(others)
    for record in others:
        if record.key_hash in keys:
            store(keys[record.key_hash]).delete()
        delete_tracked(record, actor=actor, reason="Signed out everywhere else")
    return len(others)


def session_record_forget(*, request, user) -> None:
    """Signing out: the session's record goes with it."""
    key = request.session.session_key
    if key is None:
        return
    key_hash, _ = fingerprint(key)
    record = UserSession.objects.filter(key_hash=key_hash).first()
    if record is not None:
        delete_tracked(record, actor=user, reason="Signed out")
