"""The base of every domain model's admin, and the platform's own log of security events."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from core.admin_scope import ScopedAdminMixin, ScopedInlineMixin
from core.audit import delete_tracked, save_tracked
from core.models import SecurityEvent


class TrackedAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """The base of every domain model's admin: scoped by core.admin_scope, and its writes go
    through the same audited path as services."""

    def save_model(self, request, obj, form, change):
        if not self.may_change(request, obj):
            raise PermissionDenied
        save_tracked(obj, actor=request.user)

    def delete_model(self, request, obj):
        if not self.may_change(request, obj):
            raise PermissionDenied
        delete_tracked(obj, actor=request.user)


class TrackedInline(ScopedInlineMixin, admin.TabularInline):
    extra = 0
    show_change_link = True


@admin.register(SecurityEvent)
class SecurityEventAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Every system's security events, and those of no system (a user name no account has, a
    platform operator's own): a platform operator's alone, to read. The log is appended to by
    core.security only: nothing here adds, changes or deletes an event."""

    superuser_only = True
    list_display = ["occurred_at", "kind", "user", "username", "subject", "ip_address", "detail"]
    list_filter = ["kind", "occurred_at"]
    search_fields = ["username", "user__username", "subject__username", "ip_address", "detail"]
    list_select_related = ["user", "subject"]
    date_hierarchy = "occurred_at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
