"""The platform layer's own records: a one-time form token, a previewed import, and the log of
security events."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.scoping import SystemScopedManager


class FormSubmission(models.Model):
    """A create form's one-time token, used once (``core.once``): the unique key is what makes
    a second submission of the same form find the first instead of creating again."""

    key = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    # Where the first submission sent its author: the record it created, or its list.
    location = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.key


class ImportBatch(models.Model):
    """An uploaded spreadsheet read into rows and previewed, kept until the user confirms it
    (``core.import_batches``): what each row will do, and the version of every record it
    matched, so that a confirmation applies exactly what was shown, or is refused."""

    system = models.ForeignKey(
        settings.TRACKER_TENANT_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=40)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Each row as read: its number, action, parsed values, changes (old -> new) and errors.
    rows = models.JSONField(default=list, blank=True)
    # The latest history id of each record a row matched, by primary key, at the preview.
    fingerprints = models.JSONField(default=dict, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    system_path = "system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.kind})"


class SecurityEvent(models.Model):
    """One security event: a sign-in, a failed one, a lockout, a change of two-factor method,
    access granted, changed, ended or removed, an API token issued, extended or revoked, or a
    request refused (403). Written by ``core.security.record`` and never changed by the product
    (the admin shows it read-only): a log, kept for ``occurred_at``'s retention.

    ``systems`` are those whose programme offices see it: the system an access or a refused
    page belongs to, a token's systems, and for events about a person's account (signing in,
    two-factor) every system the person had access to at that moment. An event of no system
    (a failed sign-in with an unknown user name, a platform operator's own) is for platform
    operators only. No password, token or session key is ever kept."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        LOCKED_OUT = "locked_out", "Locked out"
        TWO_FACTOR_ADDED = "two_factor_added", "Two-factor method added"
        TWO_FACTOR_REMOVED = "two_factor_removed", "Two-factor method removed"
        TWO_FACTOR_RESET = "two_factor_reset", "Two-factor codes renewed"
        ACCESS_GRANTED = "access_granted", "Access granted"
        ACCESS_CHANGED = "access_changed", "Access changed"
        ACCESS_ENDED = "access_ended", "Access ended"
        ACCESS_REVOKED = "access_revoked", "Access removed"
        TOKEN_ISSUED = "token_issued", "API token issued"
        TOKEN_EXTENDED = "token_extended", "API token extended"
        TOKEN_REVOKED = "token_revoked", "API token revoked"
        PERMISSION_DENIED = "permission_denied", "Permission denied"

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    # Who acted (for signing in: the account signed in to, or tried), and whom it affected when
    # that is someone else (the person given access, a token's holder).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the index with occurred_at below serves both
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the index with occurred_at below serves both
    )
    # The user name as typed, for a failed sign-in or a lockout (it may name no account).
    username = models.CharField(max_length=150, blank=True)
    systems = models.ManyToManyField(settings.TRACKER_TENANT_MODEL, blank=True, related_name="+")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    detail = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "occurred_at"], name="core_security_kind_when"),
            models.Index(fields=["user", "occurred_at"], name="core_security_user_when"),
            models.Index(fields=["subject", "occurred_at"], name="core_security_subject_when"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.occurred_at:%Y-%m-%d %H:%M:%S}"
