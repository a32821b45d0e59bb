"""Secret tokens that stand for a person (an API token, a calendar address): made at random,
kept only as their SHA-256, and their last use recorded cheaply."""

import hashlib
from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone

# Pages show a token's last use to the minute: a token used again within it writes nothing.
LAST_USE_PRECISION = timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def note_use(token: models.Model) -> None:
    """Record the token's last use (its ``last_used_at``), unless the time read with it is still
    within the minute: then a busy token's requests cost no statement at all. Recorded without
    history or a save signal (a timestamp, not a change to the token), and conditional in SQL
    as well, so that requests racing past the first check still write the row once."""
    now = timezone.now()
    if token.last_used_at is not None and token.last_used_at > now - LAST_USE_PRECISION:
        return
    type(token)._base_manager.filter(
        Q(last_used_at=None) | Q(last_used_at__lte=now - LAST_USE_PRECISION), pk=token.pk
    ).update(last_used_at=now)
