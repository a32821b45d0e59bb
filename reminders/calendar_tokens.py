"""Making, finding and revoking a person's calendar address. The token is shown once, when it is
made, and never stored: only its SHA-256 is (as for API tokens and invitations)."""

import secrets

from django.db import transaction
from django.utils import timezone

from core.audit import save_tracked, update_tracked
from core.tokens import hash_token
from reminders.models import CalendarToken

# A token is 43 characters; anything much longer is not one and is not hashed.
MAX_LENGTH = 100


def calendar_token_in_use(user) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user, revoked_at=None).first()


@transaction.atomic
def calendar_token_create(*, actor, user) -> tuple[CalendarToken, str]:
    """A new address for ``user``, returned with the token text (shown only now). One already
    in use is revoked first: its old address stops working at once."""
    old = CalendarToken.objects.select_for_update().filter(user=user, revoked_at=None).first()
    if old is not None:
        calendar_token_revoke(actor=actor, token=old, reason="Replaced by a new address")
    raw = secrets.token_urlsafe(32)
    token = CalendarToken(
        user=user, prefix=raw[:8], key_hash=hash_token(raw), created_at=timezone.now()
    )
    save_tracked(token, actor=actor, reason="Made again" if old else "Made")
    return token, raw


@transaction.atomic
def calendar_token_revoke(*, actor, token: CalendarToken, reason: str) -> CalendarToken:
    if token.revoked_at is None:
        update_tracked(
            token, actor=actor, reason=reason, revoked_at=timezone.now(), revoked_reason=reason
        )
    return token


def calendar_token_lookup(raw: str) -> CalendarToken | None:
    """The address in use with this token, with its (active) user, or None. Unknown, revoked
    and an inactive holder's tokens take the same one query and the same answer."""
    if len(raw) > MAX_LENGTH:
        return None
    return (
        CalendarToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at=None, user__is_active=True)
        .first()
    )
