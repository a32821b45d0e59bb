"""Issuing, checking and revoking API tokens. The token itself is shown once and never stored."""

import functools
import hashlib
import secrets
from datetime import timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection, transaction
from django.db.models import OuterRef, QuerySet
from django.utils import timezone

from partners import authz
from partners.api.precompiled import Precompiled
from partners.audit import save_tracked, update_tracked
from partners.models import Access, ApiToken

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


@functools.cache
def _token_fields() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The columns of a token and of its user, read once."""
    user_model = ApiToken._meta.get_field("user").related_model
    return (
        tuple(f.attname for f in ApiToken._meta.concrete_fields),
        tuple(f.attname for f in user_model._meta.concrete_fields),
    )


def _token_rows(key_hash: str) -> QuerySet:
    """The token with this hash, its user and the user's accesses, as the columns of the token,
    of the user, then the accesses' ``authz.ACCESS_COLUMNS``.

    On PostgreSQL, one row with each access column as an array (a regulator has an access per
    system it oversees: forty rows repeating the token and its user cost more to read than the
    statement took to run). Elsewhere a row per access (or one row with None, without any)."""
    token_fields, user_fields = _token_fields()
    tokens = ApiToken.objects.filter(key_hash=key_hash).order_by()
    columns = [*token_fields, *(f"user__{name}" for name in user_fields)]
    if connection.vendor != "postgresql":
        return tokens.values_list(*columns, *(f"user__accesses__{c}" for c in authz.ACCESS_COLUMNS))
    accesses = Access._base_manager.filter(user=OuterRef("user_id")).order_by("system_id")
    return tokens.values_list(
        *columns, *(ArraySubquery(accesses.values(c)) for c in authz.ACCESS_COLUMNS)
    )


def _access_rows(rows: list[tuple], start: int):
    """The accesses' columns of the lookup's rows (see _token_rows), a tuple per access."""
    if connection.vendor != "postgresql":
        return (row[start:] for row in rows)
    return zip(*rows[0][start:], strict=True)


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
    authz.remember_accesses(token.user, _access_rows(rows, user_end))
    return token
