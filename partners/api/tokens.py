"""Issuing, checking and revoking API tokens. The token itself is shown once and never stored."""

import functools
import json
import secrets
from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from core import authz, security, sql
from core.audit import save_tracked, update_tracked
from core.tokens import hash_token
from partners.models import Access, ApiToken, System
from partners.services import token_event

DEFAULT_LIFETIME = timedelta(days=90)
MAX_LIFETIME = timedelta(days=365)


def _check_lifetime(lifetime: timedelta) -> None:
    if not timedelta(0) < lifetime <= MAX_LIFETIME:
        raise ValidationError(
            {"days": f"A token lasts from 1 to {MAX_LIFETIME.days} days."}, code="lifetime"
        )


@transaction.atomic
def token_issue(
    *,
    actor,
    user,
    systems: Iterable[System | int] | None = None,
    name: str = "",
    lifetime: timedelta = DEFAULT_LIFETIME,
    by_operator: bool = False,
) -> tuple[ApiToken, str]:
    """A new token for ``user``, bound to ``systems`` (by default every system ``actor`` may bind
    it to: see ``authz.token_system_ids_for``); returns the record and the token text (shown
    only now). A system outside what the actor may bind is refused, and so is a token bound to
    nothing. ``by_operator``: a platform operator's command, which may bind any system the
    holder may see."""
    if by_operator:
        allowed = authz.visible_system_ids(user)
    else:
        allowed = authz.token_system_ids_for(actor, user)
    if systems is None:
        wanted = allowed
    else:
        wanted = frozenset(s if isinstance(s, int) else s.pk for s in systems)
    if not wanted or not wanted <= allowed:
        raise ValidationError(
            {"systems": "Choose systems that you administer and the token's holder may see."},
            code="systems",
        )
    _check_lifetime(lifetime)
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
    bound = System.objects.filter(pk__in=wanted).order_by("short_name")
    reason = "Issued to read " + ", ".join(bound.values_list("short_name", flat=True))
    save_tracked(token, actor=actor, reason=reason)
    token.systems.set(wanted)
    token_event(security.Kind.TOKEN_ISSUED, actor, token, wanted)
    return token, raw


@transaction.atomic
def token_extend(*, actor, token: ApiToken, lifetime: timedelta) -> ApiToken:
    """Let a usable token last ``lifetime`` from now; a revoked or expired one stays so (issue
    a new one instead, so that a leaked token cannot be brought back)."""
    if not token.is_usable_at(timezone.now()):
        raise ValidationError(
            {"days": "Only a token in use can be extended; issue a new one."}, code="unusable"
        )
    _check_lifetime(lifetime)
    expires_at = timezone.now() + lifetime
    if expires_at <= token.expires_at:
        raise ValidationError(
            {"days": f"It already lasts until {token.expires_at:%-d %B %Y}."}, code="shorter"
        )
    update_tracked(token, actor=actor, expires_at=expires_at)
    token_event(security.Kind.TOKEN_EXTENDED, actor, token)
    return token


def tokens_manageable_by(user, system: System) -> QuerySet[ApiToken]:
    """Tokens bound to ``system`` that ``user`` may list, revoke and extend: their own, and
    those bound only to systems the user administers."""
    administered = authz.administered_system_ids(user)
    foreign = System.objects.exclude(pk__in=administered).values("pk")
    tokens = ApiToken.objects.filter(systems=system)
    own = tokens.filter(user=user)
    governed = tokens.exclude(systems__in=foreign) if administered else tokens.none()
    return (own | governed).distinct().select_related("user").prefetch_related("systems")


@functools.cache
def _token_fields() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The columns of a token and of its user, read once."""
    user_model = ApiToken._meta.get_field("user").related_model
    return (
        tuple(f.attname for f in ApiToken._meta.concrete_fields),
        tuple(f.attname for f in user_model._meta.concrete_fields),
    )


@functools.cache
def _lookup_sql(vendor: str) -> str:
    """The statement that finds a token by its hash, as one row: the columns of the token, of its
    user, the token's bound systems (an array on PostgreSQL, "1,2" text elsewhere), then the
    user's accesses, each as a JSON array of ``authz.ACCESS_COLUMNS`` (a row per access would
    repeat the token and the user for each of a regulator's systems). Every API request runs
    it: written once (``core.sql``), only its parameter changes."""
    user_model = ApiToken._meta.get_field("user").related_model
    through = ApiToken.systems.through
    bound_from = (
        f"FROM {sql.table(through)} b "
        f"WHERE {sql.column(through, 'apitoken', 'b')} = {sql.column(ApiToken, 'pk', 't')}"
    )
    bound_system = sql.column(through, "system", "b")
    access = ", ".join(
        sql.column(Access, name.removesuffix("_id"), "a") for name in authz.ACCESS_COLUMNS
    )
    accesses_from = (
        f"FROM {sql.table(Access)} a "
        f"WHERE {sql.column(Access, 'user', 'a')} = {sql.column(user_model, 'pk', 'u')}"
    )
    if vendor == "postgresql":
        bound = f"ARRAY(SELECT {bound_system} {bound_from})"
        accesses = f"(SELECT json_agg(json_build_array({access})) {accesses_from})"
    else:
        bound = f"(SELECT GROUP_CONCAT({bound_system}) {bound_from})"
        accesses = f"(SELECT json_group_array(json_array({access})) {accesses_from})"
    select = [*sql.columns(ApiToken, "t"), *sql.columns(user_model, "u"), bound, accesses]
    return (
        f"SELECT {', '.join(select)} FROM {sql.table(ApiToken)} t "
        f"JOIN {sql.table(user_model)} u "
        f"ON {sql.column(user_model, 'pk', 'u')} = {sql.column(ApiToken, 'user', 't')} "
        f"WHERE {sql.column(ApiToken, 'key_hash', 't')} = %s"
    )


def _bound_ids(value) -> frozenset[int]:
    """The token's systems as the lookup read them: an array (PostgreSQL) or "1,2" text."""
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset(int(part) for part in value.split(",") if part)
    return frozenset(value)


def _access_rows(value) -> list[tuple]:
    """The user's accesses as the lookup read them (JSON: parsed by PostgreSQL's driver, text
    elsewhere; NULL without any), a tuple of ``authz.ACCESS_COLUMNS`` each, the end date as a
    date."""
    if isinstance(value, str):
        value = json.loads(value)
    return [
        (system_id, role, organisation_id, ends_on and date.fromisoformat(ends_on))
        for system_id, role, organisation_id, ends_on in value or ()
    ]


def token_lookup(raw: str) -> ApiToken | None:
    """The usable token with this text, or None (unknown, expired or revoked). Its user comes
    with it, and so do the user's accesses (kept for core.authz): one query instead of a
    query for each."""
    rows = sql.fetch(_lookup_sql(connection.vendor), [hash_token(raw)])
    if not rows:
        return None
    token_fields, user_fields = _token_fields()
    (first,), user_end = rows, len(token_fields) + len(user_fields)
    token = ApiToken.from_db("default", token_fields, sql.utc_aware(first[: len(token_fields)]))
    user_model = ApiToken._meta.get_field("user").related_model
    user_row = sql.utc_aware(first[len(token_fields) : user_end])
    token.user = user_model.from_db("default", user_fields, user_row)
    if not token.user.is_active or not token.is_usable_at(timezone.now()):
        return None
    authz.remember_accesses(token.user, _access_rows(first[user_end + 1]))
    # The request reads only the systems both the token and its holder's accesses allow.
    authz.bind(token.user, _bound_ids(first[user_end]))
    return token
