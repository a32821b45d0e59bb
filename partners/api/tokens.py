"""Issuing, checking and revoking API tokens. The token itself is shown once and never stored."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from partners import authz
from partners.api.precompiled import Precompiled
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


def _token_fields() -> tuple[list[str], list[str]]:
    user_model = ApiToken._meta.get_field("user").related_model
    return (
        [f.attname for f in ApiToken._meta.concrete_fields],
        [f.attname for f in user_model._meta.concrete_fields],
    )


def _token_rows(key_hash: str) -> QuerySet:
    """The token with this hash, its user and the user's accesses: a row per access (or one
    row without any), as the columns of the token, of the user, then authz.ACCESS_COLUMNS."""
    token_fields, user_fields = _token_fields()
    return (
        ApiToken.objects.filter(key_hash=key_hash)
        .order_by()
        .values_list(
            *token_fields,
            *(f"user__{name}" for name in user_fields),
            *(f"user__accesses__{name}" for name in authz.ACCESS_COLUMNS),
        )
    )


# Every API request runs it: compiled once (a hash never equals another parameter).
_TOKEN_ROWS = Precompiled(_token_rows, "precompiled key hash")


def token_lookup(raw: str) -> ApiToken | None:
    """The usable token with this text, or None (unknown, expired or revoked). Its user comes
    with it, and so do the user's accesses (kept for partners.authz): one query instead of a
    query for each."""
    rows = _TOKEN_ROWS.rows(hash_token(raw))
    if not rows:
        return None
    token_fields, user_fields = _token_fields()
    first, user_end = rows[0], len(token_fields) + len(user_fields)
    token = ApiToken.from_db("default", token_fields, first[: len(token_fields)])
    user_model = ApiToken._meta.get_field("user").related_model
    token.user = user_model.from_db("default", user_fields, first[len(token_fields) : user_end])
    if not token.user.is_active or not token.is_usable_at(timezone.now()):
        return None
    authz.remember_accesses(token.user, (row[user_end:] for row in rows))
    return token
