from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from core import authz
from core.admin import TrackedAdmin, TrackedInline
from core.admin_scope import SameSystemForm, ScopedAdminMixin
from core.forms import add_service_error
from core.roles import Role
from partners import services
from partners.models import (
    Access,
    AccessReview,
    ApiToken,
    Invitation,
    Organisation,
    Partnership,
    Person,
    PersonalDataRequest,
    System,
)


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
    superuser_changes = True  # platform operators manage systems


@admin.register(Organisation)
class OrganisationAdmin(TrackedAdmin):
    list_display = ["name", "short_name", "ods_code", "kind", "statutory"]
    list_filter = ["kind", "statutory"]
    search_fields = ["name", "short_name", "ods_code"]
    # Shared by several systems: one system's programme office may not change it for the others
    # (it adds partnerships on its pages).
    superuser_changes = True


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


class AccessForm(SameSystemForm):
    """Who may grant what is core.authz's; whether the system keeps a programme office is
    the service's. Both answer here next to the field, before anything is saved."""

    user = None  # the signed-in user, set by the admin for each request

    def clean(self):
        data = super().clean()
        system, role = data.get("system"), data.get("role")
        if system is None or not role:
            return data
        if role not in authz.grantable_roles(self.user):
            label = Role(role).label.lower()
            self.add_error("role", f"Only platform operators grant the {label} role.")
        elif not authz.can_grant_role(self.user, system, role):
            self.add_error(
                "system", "You can only grant access to systems you run as programme office."
            )
        if self.instance.pk is not None:
            original = Access.objects.get(pk=self.instance.pk)
            try:
                services.check_keeps_programme_office(original, role=role, system_id=system.pk)
            except ValidationError as error:
                add_service_error(self, error)
        return data


@admin.register(Access)
class AccessAdmin(TrackedAdmin):
    list_display = ["user", "system", "role", "organisation"]
    list_filter = ["role", "system"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "system", "organisation"]
    form = AccessForm
    # Access ends on the system's access page, through partners.services.access_end (a date
    # not in the past, a reason, the last programme office kept), never by typing a date here.
    readonly_fields = ["ends_on", "end_reason"]

    def rows_of_no_system(self, request, systems):
        return Access.objects.filter(system_id__in=systems)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        formfield = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name == "role":
            grantable = authz.grantable_roles(request.user)
            formfield.choices = [c for c in formfield.choices if not c[0] or c[0] in grantable]
        return formfield

    def may_change(self, request, obj) -> bool:
        if obj is None or obj.pk is None:
            return True
        return authz.can_change_access(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not self._keeps_programme_office(obj):
            return False
        return super().has_delete_permission(request, obj)

    @staticmethod
    def _keeps_programme_office(access) -> bool:
        try:
            services.check_keeps_programme_office(access, role=None, system_id=None)
        except ValidationError:
            return False
        return True

    def save_model(self, request, obj, form, change):
        if not self.may_change(request, obj):
            raise PermissionDenied
        services.access_admin_save(actor=request.user, access=obj)

    def delete_model(self, request, obj):
        if not self.may_change(request, obj):
            raise PermissionDenied
        services.access_revoke(actor=request.user, access=obj)


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
    # A token can read several systems: here only platform operators see it; its holder and
    # its systems' programme offices use the token pages.
    superuser_only = True

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # a revoked token is never brought back; revoke one on the token pages


# Accounts and groups carry superuser and staff status and every permission: only platform
# operators manage them (programme offices invite people from the pages).
admin.site.unregister(get_user_model())
admin.site.unregister(Group)


@admin.register(get_user_model())
class PlatformUserAdmin(ScopedAdminMixin, UserAdmin):
    form = UserAdmin.form
    superuser_only = True


@admin.register(Group)
class PlatformGroupAdmin(ScopedAdminMixin, GroupAdmin):
    form = GroupAdmin.form
    superuser_only = True


# Sign-in attempts (django-axes, whose own admin is switched off in the settings): usernames and
# addresses of every system's people, so only platform operators read or clear them.
@admin.register(AccessAttempt)
class SignInAttemptAdmin(ScopedAdminMixin, AccessAttemptAdmin):
    superuser_only = True


@admin.register(AccessLog)
class SignInLogAdmin(ScopedAdminMixin, AccessLogAdmin):
    superuser_only = True


@admin.register(AccessFailureLog)
class SignInFailureAdmin(ScopedAdminMixin, AccessFailureLogAdmin):
    superuser_only = True


@admin.register(Invitation)
class InvitationAdmin(TrackedAdmin):
    """Read-only, each system's to its own staff: invitations are made, sent again and revoked
    on the system's access page, which sends the e-mail (the admin has no link to give)."""

    list_display = ["email", "system", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    list_select_related = ["system"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessReview)
class AccessReviewAdmin(TrackedAdmin):
    """Read-only: programme offices confirm reviews on the access page."""

    list_display = ["system", "quarter", "confirmed_by", "confirmed_at"]
    list_select_related = ["system", "confirmed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PersonalDataRequest)
class PersonalDataRequestAdmin(TrackedAdmin):
    """Read-only: the audit of subject access files and erasures, made on a person's pages."""

    list_display = ["kind", "system", "person", "made_by", "made_at"]
    list_filter = ["kind"]
    list_select_related = ["system", "person", "made_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
