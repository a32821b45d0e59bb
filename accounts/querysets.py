"""Reads for the account page: a person's own accesses, sessions and API tokens, each in one
query (the sessions in two: their records, and Django's session rows they stand for)."""

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from accounts.models import UserSession
from accounts.session_keys import fingerprint, session_keys, within_limits
from core import authz
from partners.models import Access, ApiToken, System


def accesses_of(user) -> list[Access]:
    """The person's accesses, current and ended, with when each was granted (its history's
    first row) and whether it has ended (``authz.has_ended``)."""
    granted = (
        Access.history.filter(id=OuterRef("pk"), history_type="+")
        .order_by("history_date")
        .values("history_date")[:1]
    )
    accesses = list(
        Access.objects.filter(user=user)
        .select_related("system", "organisation")
        .annotate(granted_at=Subquery(granted))
        .order_by("system__name")
    )
    today = timezone.localdate()
    for access in accesses:
        access.ended = authz.has_ended(access.ends_on, today)
    return sorted(accesses, key=lambda access: access.ended)


def signed_in_sessions(user, *, current_key: str | None) -> list[UserSession]:
    """The person's sessions still signed in (Django's session is there and within the time
    limits), this one first, then the most recently used; ``current`` marks this one."""
    records = list(UserSession.objects.filter(user=user))
    live = session_keys(records)
    now = timezone.now()
    current_hash = fingerprint(current_key)[0] if current_key else None
    sessions = []
    for record in records:
        if record.key_hash in live and within_limits(record, now):
            record.current = record.key_hash == current_hash
            sessions.append(record)
    return sorted(sessions, key=lambda s: (not s.current, -s.last_seen_at.timestamp()))


def tokens_held(user) -> QuerySet[ApiToken]:
    """The API tokens the person holds, newest first, with the systems each may read."""
    systems = Prefetch("systems", queryset=System.objects.order_by("short_name"))
    return ApiToken.objects.filter(user=user).prefetch_related(systems).order_by("-created_at")
