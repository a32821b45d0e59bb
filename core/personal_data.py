"""What the platform holds about people: the security events (who signed in, failed, was locked
out or refused, from which address and browser; access and token changes). Their retention
(core.retention); an erasure rewrites their text like every project table's (core.erasure)."""

from datetime import datetime

from core.models import SecurityEvent
from core.retention import retention


@retention(
    "security_events",
    "Security events (sign-in and its failures, lockouts, refusals, access and token changes)",
    days=365,
    action="Deleted.",
)
def security_events(before: datetime, apply: bool) -> int:
    past = SecurityEvent.objects.filter(occurred_at__lt=before)
    count = past.count()
    if apply:
        past.delete()
    return count
