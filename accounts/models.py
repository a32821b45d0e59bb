"""The browser sessions a person is signed in with, one row each, so that they can see them and
end one. Django's own session row holds the session; this one says whose it is and where it came
from. It is found by the SHA-256 of the session key: the key itself is never kept here or shown
(``key_prefix``, its first few characters, only narrows the search for the session row to end)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class UserSession(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="user_sessions"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    key_prefix = models.CharField(max_length=6)
    device = models.CharField(max_length=100, blank=True, help_text="Browser and system")
    ip_address = models.GenericIPAddressField("address", null=True, blank=True)
    signed_in_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    # History keeps who signed in, from where, and who ended the session; not every minute's
    # use, and not the key's fingerprint.
    history = HistoricalRecords(excluded_fields=["key_hash", "key_prefix", "last_seen_at"])

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.device or 'A browser'} ({self.user}), signed in {self.signed_in_at:%Y-%m-%d}"
