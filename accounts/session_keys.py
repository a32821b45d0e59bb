"""Finding Django's session row for a ``UserSession`` without keeping the session key.

The record keeps the key's SHA-256 and its first few characters: the prefix narrows Django's
session table to a handful of rows, and the hash picks the one. Sessions are read and deleted
through the configured engine's store (database-backed: ``SESSION_ENGINE``), so a cache in front
of it (``cached_db``) is emptied too.
"""

from collections.abc import Iterable
from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.db.models.functions import Left
from django.utils import timezone

from core.sessions import ACTIVE_AT, SIGNED_IN_AT, remaining
from core.tokens import hash_token

PREFIX_LENGTH = 6
# In the session: when its record last noted its use (seconds since the epoch).
SEEN_AT = "_record_seen_at"


def store(key: str | None = None):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)


def fingerprint(key: str) -> tuple[str, str]:
    """The hash and prefix a record keeps of a session key."""
    return hash_token(key), key[:PREFIX_LENGTH]


def session_keys(records: Iterable) -> dict[str, str]:
    """The keys of the unexpired Django sessions these records stand for, by the records'
    ``key_hash``: one query, whatever the number of records."""
    records = list(records)
    if not records:
        return {}
    wanted = {record.key_hash for record in records}
    # The keys that begin with one of the prefixes: one list to match, where a condition for
    # each record cost more to build than the database took to read.
    rows = (
        store()
        .get_model_class()
        .objects.alias(prefix=Left("session_key", PREFIX_LENGTH))
        .filter(
            prefix__in={record.key_prefix for record in records},
            expire_date__gt=timezone.now(),
        )
        .values_list("session_key", flat=True)
    )
    found = {hash_token(key): key for key in rows}
    return {key_hash: key for key_hash, key in found.items() if key_hash in wanted}


def within_limits(record, at: datetime) -> bool:
    """Whether the session is still within the idle and absolute limits of ``core.sessions``,
    by its record's times (its last use is noted as often as the session's own)."""
    clock = {
        SIGNED_IN_AT: int(record.signed_in_at.timestamp()),
        ACTIVE_AT: int(record.last_seen_at.timestamp()),
    }
    idle, lifetime = remaining(clock, int(at.timestamp()))
    return idle > 0 and lifetime > 0
