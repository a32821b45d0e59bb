"""The platform layer's own records: none belongs to a system or to a domain app."""

from django.conf import settings
from django.db import models


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
