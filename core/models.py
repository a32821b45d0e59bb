"""The platform layer's own records: a one-time form token, and a previewed import."""

from django.conf import settings
from django.db import models

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
