"""The admin's one rule for tenancy: every admin screen shows and offers only the systems the
signed-in user administers, decided by core.authz and the fail-closed scoping of
core.scoping, as the pages are.

The admin is a platform operator's tool: superusers see everything. Staff who are not superusers
may keep it for a record kind until the pages cover it, but then every view of it (lists, change
and add forms, history and a history record's form, inlines, autocomplete, foreign-key and
many-to-many choices, list filters, actions) is limited to the systems they administer. Every
registered ModelAdmin and inline uses the mixins below (a test walks the registry), so no admin
can forget it.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import (
    FieldDoesNotExist,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import models
from django.http import Http404

from core import authz
from core.scoping import SystemScopedManager, is_shared_across_systems, system_path
from core.tenancy import is_tenant


def is_system_owned(model: type[models.Model]) -> bool:
    return isinstance(model._default_manager, SystemScopedManager)


def is_shared_reference(model: type[models.Model]) -> bool:
    """Reference data that belongs to no system and is the same for all (e.g. financial years):
    offering it discloses nothing about any system. A model says so with ``shared_reference``."""
    return bool(getattr(model, "shared_reference", False))


def owner_system_id(instance: models.Model) -> int | None:
    """The system a record belongs to, or None for records of no one system (organisations,
    financial years) or one not yet tied to a system (a half-filled form)."""
    model = type(instance)
    if is_tenant(model):
        return instance.pk
    if not is_system_owned(model):
        try:
            model._meta.get_field("system")
        except FieldDoesNotExist:
            return None
    try:
        return authz.system_id_of(instance)
    except (ObjectDoesNotExist, AttributeError):
        return None


def scoped_choices(request, model: type[models.Model], queryset: models.QuerySet):
    """Limit a choice list of ``model`` rows to what the user's administered systems hold.

    Unknown kinds of record offer nothing (fail closed) unless they are shared reference data."""
    user = request.user
    if authz.is_platform_operator(user):
        return queryset
    systems = authz.administered_system_ids(user)
    if is_tenant(model):
        return queryset.filter(pk__in=systems)
    if is_system_owned(model):
        return queryset.filter(**{f"{system_path(model)}__in": systems})
    if is_shared_across_systems(model):
        return queryset.filter(pk__in=model._default_manager.in_systems(systems).values("pk"))
    if model is get_user_model():
        members = authz.current_accesses().filter(system_id__in=systems)
        return queryset.filter(pk__in=members.values("user_id"))
    if is_shared_reference(model):
        return queryset
    return queryset.none()


class ScopedListFilter(admin.RelatedOnlyFieldListFilter):
    """A relation's filter offers only the values the (scoped) list holds: a filter by system
    does not list every system's name, nor one by committee every system's committees."""


def _related_model(model: type[models.Model], path: str) -> type[models.Model] | None:
    """The model a list filter's lookup path ends at, when it ends at a relation."""
    field = None
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if not field.is_relation:
            return None
        model = field.related_model
    return model if field is not None else None


class SameSystemForm(forms.ModelForm):
    """A record may refer only to its own system's records: a reporting line, a milestone's
    workstream, an inline's new row (its other relations). An organisation it names must be a
    partner in that system, when the form changes it."""

    def _post_clean(self):
        super()._post_clean()
        owner = owner_system_id(self.instance)
        if owner is None:
            return
        for name, field in self.fields.items():
            if not isinstance(field, forms.ModelChoiceField) or name not in self.cleaned_data:
                continue
            value = self.cleaned_data[name]
            values = list(value) if isinstance(field, forms.ModelMultipleChoiceField) else [value]
            for related in values:
                message = self.refusal(owner, related, changed=name in self.changed_data)
                if message:
                    self.add_error(name, message)
                    break

    def refusal(self, owner: int, related, *, changed: bool) -> str | None:
        if not isinstance(related, models.Model):
            return None
        shared = type(related)._default_manager
        if is_shared_across_systems(type(related)) and not shared.is_link_model(self._meta.model):
            # (A partnership is what makes an organisation a partner.)
            partner = shared.in_systems([owner]).filter(pk=related.pk)
            if changed and not partner.exists():
                return f"{related} is not a partner in this system."
            return None
        related_system = (
            owner_system_id(related)
            if is_tenant(type(related)) or is_system_owned(type(related))
            else None
        )
        if related_system is not None and related_system != owner:
            return "Choose one in this record's system."
        return None


class ScopedAdminBase:
    """What a model admin and an inline share: rows, choices and forms, all scoped."""

    form = SameSystemForm
    # Only platform operators see or change these records here (shared or per-user records).
    superuser_only = False
    # Shared records everyone with the permission may read, but only platform operators change.
    superuser_changes = False

    def rows(self, request) -> models.QuerySet:
        """The records this admin shows the user: fail-closed, like the pages."""
        user = request.user
        model = self.model
        if authz.is_platform_operator(user):
            # Every system's rows, through the same scope (Organisation: those in no system too).
            if is_system_owned(model):
                return authz.scoped(user, model)
            return model._default_manager.all()
        if self.superuser_only:
            return model._base_manager.none()
        systems = authz.administered_system_ids(user)
        if is_tenant(model) or is_shared_across_systems(model) or is_system_owned(model):
            return authz.scoped(user, model, within=systems)
        if is_shared_reference(model):
            return model._default_manager.all()
        return self.rows_of_no_system(request, systems)

    def rows_of_no_system(self, request, systems: frozenset[int]) -> models.QuerySet:
        """Records of no system (per-user ones): none, unless an admin says which."""
        return self.model._base_manager.none()

    def get_queryset(self, request):
        queryset = self.rows(request)
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and hasattr(formfield, "queryset"):
            formfield.queryset = scoped_choices(request, db_field.related_model, formfield.queryset)
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None and hasattr(formfield, "queryset"):
            formfield.queryset = scoped_choices(request, db_field.related_model, formfield.queryset)
        return formfield

    def _operator_only(self, request) -> bool:
        return not self.superuser_only or authz.is_platform_operator(request.user)

    def _may_write(self, request) -> bool:
        operator = authz.is_platform_operator(request.user)
        return operator or not (self.superuser_only or self.superuser_changes)

    def has_view_permission(self, request, obj=None):
        return self._operator_only(request) and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return self._operator_only(request) and super().has_module_permission(request)


class ScopedAdminMixin(ScopedAdminBase):
    """For every ModelAdmin: scoped rows, choices, filters, history, writes and actions."""

    def may_change(self, request, obj) -> bool:
        """Whether the user may change or delete this record (None: records in general)."""
        if obj is None or obj.pk is None:
            return True
        if authz.is_platform_operator(request.user):
            return True
        system_id = owner_system_id(obj)
        return system_id is not None and authz.can_administer(request.user, system_id)

    def has_add_permission(self, request, *args):
        return self._may_write(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return (
            self._may_write(request)
            and super().has_change_permission(request, obj)
            and self.may_change(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return (
            self._may_write(request)
            and super().has_delete_permission(request, obj)
            and self.may_change(request, obj)
        )

    def get_readonly_fields(self, request, obj=None):
        # A saved record does not move to another system: its records would stay behind in the
        # old one (a committee's meetings, a plan's milestones). Services refuse it too.
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and is_system_owned(self.model) and "system" not in fields:
            try:
                self.model._meta.get_field("system")
            except FieldDoesNotExist:
                return fields
            fields.append("system")
        return fields

    def get_list_filter(self, request):
        return [self._scoped_filter(entry) for entry in super().get_list_filter(request)]

    def _scoped_filter(self, entry):
        if isinstance(entry, str) and _related_model(self.model, entry) is not None:
            return (entry, ScopedListFilter)
        return entry

    def delete_queryset(self, request, queryset):
        # The delete action checks permission for records in general; each one is checked here,
        # and each is deleted as the delete view would (audited, by the admin's delete_model).
        objects = list(queryset)
        if not all(self.has_delete_permission(request, obj) for obj in objects):
            raise PermissionDenied
        for obj in objects:
            self.delete_model(request, obj)

    def in_scope_or_404(self, request, object_id) -> models.Model:
        """The record if this admin shows it to the user; otherwise not found, whether it is
        another system's, deleted, or never was (history included: no existence oracle)."""
        try:
            return self.get_queryset(request).get(pk=unquote(object_id))
        except (self.model.DoesNotExist, ValidationError, ValueError, TypeError):
            raise Http404("No such record.") from None

    def history_view(self, request, object_id, extra_context=None):
        if not authz.is_platform_operator(request.user):
            self.in_scope_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not authz.is_platform_operator(request.user):
            self.in_scope_or_404(request, object_id)
        if not str(version_id).isdigit():
            raise Http404("No such version.")
        return super().history_form_view(request, object_id, version_id, extra_context)


class ScopedInlineMixin(ScopedAdminBase):
    """For every inline: its rows and choices scoped, new rows only of the parent's system, and
    nothing editable where the parent is not."""

    def get_queryset(self, request):
        # As Django's inline does: no rows for someone who may not view them.
        queryset = super().get_queryset(request)
        return queryset if self.has_view_or_change_permission(request) else queryset.none()

    def _parent_changeable(self, request, obj) -> bool:
        if obj is None or obj.pk is None or authz.is_platform_operator(request.user):
            return True
        system_id = owner_system_id(obj)
        return system_id is not None and authz.can_administer(request.user, system_id)

    def has_add_permission(self, request, obj=None):
        return (
            self._may_write(request)
            and super().has_add_permission(request, obj)
            and self._parent_changeable(request, obj)
        )

    def has_change_permission(self, request, obj=None):
        return (
            self._may_write(request)
            and super().has_change_permission(request, obj)
            and self._parent_changeable(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return (
            self._may_write(request)
            and super().has_delete_permission(request, obj)
            and self._parent_changeable(request, obj)
        )
