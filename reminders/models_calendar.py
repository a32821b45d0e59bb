"""A person's secret calendar address (the subscribed feed of their meetings and deadlines).

Only the SHA-256 of the token in the address is stored, as for API tokens and invitations: the
address is shown once, when it is made. A person has at most one address in use; making a new
one revokes the old, and a revoked one is kept (history records who made and revoked it)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class CalendarToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    prefix = models.CharField(max_length=8, help_text="The token's first characters, to tell it")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=200, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # Every calendar client's fetch would otherwise add a history row.
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_token_one_in_use_per_user",
                violation_error_message="You already have a calendar address in use.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
