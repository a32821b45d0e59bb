"""The base of every domain model's admin."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from core.admin_scope import ScopedAdminMixin, ScopedInlineMixin
from core.audit import delete_tracked, save_tracked


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
