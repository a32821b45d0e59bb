"""Issuing, checking and revoking API tokens. The token itself is shown once and never stored."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from partners.audit import save_tracked, update_tracked
from partners.models import ApiToken

DEFAULT_LIFETIME = timedelta(days=90)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_issue(
    *, actor, user, name: str = "", lifetime: timedelta = DEFAULT_LIFETIME
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the record and the token text (shown only now)."""
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken(
        user=user,
        name=name,
        prefix=raw[:8],
        key_hash=hash_token(raw),
        created_at=now,
        expires_at=now + lifetime,
        created_by=actor,
    )
    save_tracked(token, actor=actor)
    return token, raw


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        update_tracked(token, actor=actor, revoked_at=timezone.now())
    return token


def token_lookup(raw: str) -> ApiToken | None:
    """The usable token with this text, or None (unknown, expired or revoked)."""
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
    if token is None or not token.user.is_active or not token.is_usable_at(timezone.now()):
        return None
    return token
