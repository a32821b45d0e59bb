from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from partners import authz
from partners.audit import delete_tracked, save_tracked
from partners.models import Access, ApiToken, Organisation, Partnership, Person, System


class TrackedAdmin(SimpleHistoryAdmin):
    """Admin writes go through the same audited path as services, and obey partners.authz.

    Rows come from the model's scoped manager, which the request middleware has limited to the
    user's systems, so staff never see another system's records here.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is System:
            kwargs["queryset"] = System.objects.filter(
                pk__in=[
                    pk
                    for pk in authz.visible_system_ids(request.user)
                    if authz.can_administer(request.user, pk)
                ]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not self._may_change(request, obj):
            raise PermissionDenied
        save_tracked(obj, actor=request.user)

    def delete_model(self, request, obj):
        delete_tracked(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            delete_tracked(obj, actor=request.user)

    def _may_change(self, request, obj) -> bool:
        return obj is None or authz.can_change(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_change(request, obj)


class TrackedInline(admin.TabularInline):
    extra = 0
    show_change_link = True


class PartnershipInline(TrackedInline):
    model = Partnership
    autocomplete_fields = ["organisation"]


@admin.register(System)
class SystemAdmin(TrackedAdmin):
    list_display = ["name", "short_name", "region", "stage"]
    list_filter = ["region", "stage"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [PartnershipInline]

    def get_queryset(self, request):
        return authz.visible_systems(request.user)


@admin.register(Organisation)
class OrganisationAdmin(TrackedAdmin):
    list_display = ["name", "short_name", "ods_code", "kind", "statutory"]
    list_filter = ["kind", "statutory"]
    search_fields = ["name", "short_name", "ods_code"]

    def get_queryset(self, request):
        return authz.scoped(request.user, Organisation)

    def _may_change(self, request, obj) -> bool:
        # Shared between systems: any system's programme office that partners with it.
        if obj is None or obj.pk is None:
            return True
        system_ids = obj.partnerships.values_list("system_id", flat=True)
        return any(authz.can_administer(request.user, s) for s in system_ids)


@admin.register(Partnership)
class PartnershipAdmin(TrackedAdmin):
    list_display = ["organisation", "system", "role", "scope_note", "joined_on", "left_on"]
    list_filter = ["system"]
    search_fields = ["organisation__name", "role"]
    list_select_related = ["organisation", "system"]
    autocomplete_fields = ["organisation"]


@admin.register(Person)
class PersonAdmin(TrackedAdmin):
    list_display = ["__str__", "title", "organisation", "system", "user"]
    list_filter = ["system", "organisation__kind"]
    search_fields = ["name", "title", "organisation__name", "email"]
    list_select_related = ["organisation", "system", "user"]
    autocomplete_fields = ["organisation"]


@admin.register(Access)
class AccessAdmin(TrackedAdmin):
    list_display = ["user", "system", "role", "organisation"]
    list_filter = ["role", "system"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "system", "organisation"]

    def get_queryset(self, request):
        visible = authz.visible_system_ids(request.user)
        return super().get_queryset(request).filter(system_id__in=visible)

    def _may_change(self, request, obj) -> bool:
        return obj is None or authz.can_administer(request.user, obj.system_id)


@admin.register(ApiToken)
class ApiTokenAdmin(TrackedAdmin):
    """Platform operators only: programme offices and regulators manage tokens on the system's
    tokens page, whose rule (a token's holder, or whoever administers every system it is bound
    to) the admin could not keep. Tokens are issued by the command or that page, never here
    (the token text would have nowhere safe to go), and a revoked token is never brought back."""

    list_display = ["prefix", "user", "name", "created_at", "expires_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "name", "prefix"]
    readonly_fields = [
        "prefix",
        "key_hash",
        "created_at",
        "last_used_at",
        "created_by",
        "user",
        "systems",
        "revoked_at",
        "revoked_reason",
        "expires_at",
    ]
    list_select_related = ["user"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def _may_change(self, request, obj) -> bool:
        if obj is None:
            return True
        systems = Access.objects.filter(user=obj.user).values_list("system_id", flat=True)
        return any(authz.can_administer(request.user, s) for s in systems)
