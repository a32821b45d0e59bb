"""The reminders' records in the admin: a platform operator's tool, not a programme office's."""

from django.contrib import admin

from core.admin import TrackedAdmin
from reminders.calendar_tokens import calendar_token_revoke
from reminders.models import CalendarToken


@admin.register(CalendarToken)
class CalendarTokenAdmin(TrackedAdmin):
    """Platform operators only: who has a calendar address in use, when a calendar last read it,
    and stopping one (a lost phone, an account under review). Each person makes and stops their
    own on /calendar/. None is made here (the address would have nowhere safe to go), and a
    stopped one is kept, never brought back or deleted."""

    list_display = ["prefix", "user", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["user__username", "prefix"]
    readonly_fields = [
        "prefix",
        "user",
        "key_hash",
        "created_at",
        "last_used_at",
        "revoked_at",
        "revoked_reason",
    ]
    list_select_related = ["user"]
    superuser_only = True
    actions = ["stop"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Stop the selected calendar addresses")
    def stop(self, request, queryset):
        for token in queryset.filter(revoked_at=None):
            calendar_token_revoke(
                actor=request.user, token=token, reason="Stopped by a platform operator"
            )
