from django.contrib import admin

from core.admin import TrackedAdmin
from reports.models import MonthlyReport


@admin.register(MonthlyReport)
class MonthlyReportAdmin(TrackedAdmin):
    """Read-mostly: reports are built by the worker and published by the chair on their page."""

    list_display = ("system", "month", "version", "status", "published_at")
    list_filter = ("status", "system")
    readonly_fields = (
        "status",
        "sha256",
        "task_id",
        "attempts",
        "requested_by",
        "requested_at",
        "started_at",
        "generated_at",
        "publish_requested_at",
        "published_by",
        "published_at",
        "error",
        "supersedes",
    )
    exclude = ("pdf", "snapshot")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
