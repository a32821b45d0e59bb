from django.contrib import admin

from core.admin import TrackedAdmin, TrackedInline
from milestones.models import (
    Baseline,
    Dependency,
    Gateway,
    Milestone,
    Plan,
    ProgressUpdate,
    Workstream,
)
from milestones.querysets import milestones_for_list


class GatewayInline(TrackedInline):
    model = Gateway


class WorkstreamInline(TrackedInline):
    model = Workstream
    fields = ["code", "name", "sro", "objective_kind", "target_date"]


@admin.register(Plan)
class PlanAdmin(TrackedAdmin):
    list_display = ["title", "system", "starts_on", "ends_on", "amber_tolerance_days"]
    list_filter = ["system"]
    search_fields = ["title"]
    list_select_related = ["system"]
    inlines = [GatewayInline, WorkstreamInline]


@admin.register(Gateway)
class GatewayAdmin(TrackedAdmin):
    list_display = ["number", "name", "plan", "from_date"]
    list_filter = ["plan__system"]
    search_fields = ["name", "objectives"]
    list_select_related = ["plan"]


@admin.register(Workstream)
class WorkstreamAdmin(TrackedAdmin):
    list_display = ["__str__", "plan", "sro", "lead_organisation", "objective_kind", "target_date"]
    list_filter = ["plan__system", "objective_kind"]
    search_fields = ["name", "objective", "sro_role"]
    list_select_related = ["plan", "sro__organisation", "lead_organisation"]


class BaselineInline(TrackedInline):
    model = Baseline
    readonly_fields = ["baseline_on", "set_by", "set_at", "reason"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DependencyInline(TrackedInline):
    model = Dependency
    fk_name = "milestone"


class ProgressUpdateInline(TrackedInline):
    model = ProgressUpdate
    fields = ["month", "narrative", "forecast_on", "rag", "reported_by"]
    readonly_fields = ["rag", "reported_by"]


@admin.register(Milestone)
class MilestoneAdmin(TrackedAdmin):
    list_display = [
        "title",
        "workstream",
        "responsible_organisation",
        "baseline_on",
        "forecast_on",
        "completed_on",
        "is_key",
        "rag",
    ]
    list_filter = ["workstream__plan__system", "is_key", "workstream"]
    search_fields = ["title"]
    date_hierarchy = "baseline_on"
    inlines = [BaselineInline, DependencyInline, ProgressUpdateInline]

    def get_queryset(self, request):
        return milestones_for_list(super().get_queryset(request))

    @admin.display(description="RAG")
    def rag(self, milestone):
        return milestone.rag.label


@admin.register(Baseline)
class BaselineAdmin(TrackedAdmin):
    list_display = ["milestone", "baseline_on", "set_by", "set_at", "reason"]
    list_filter = ["milestone__workstream__plan__system"]
    list_select_related = ["milestone", "set_by"]


@admin.register(Dependency)
class DependencyAdmin(TrackedAdmin):
    list_display = ["milestone", "depends_on"]
    list_filter = ["milestone__workstream__plan__system"]
    list_select_related = ["milestone", "depends_on"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(TrackedAdmin):
    list_display = ["milestone", "month", "rag", "forecast_on", "reported_by"]
    list_filter = ["milestone__workstream__plan__system", "rag"]
    search_fields = ["narrative", "milestone__title"]
    list_select_related = ["milestone", "reported_by"]
