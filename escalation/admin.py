from django.contrib import admin

from core.admin import TrackedAdmin, TrackedInline
from escalation.models import (
    CaseEvent,
    EscalationCase,
    EscalationRoute,
    EscalationStep,
    Risk,
    RiskMilestone,
    RiskWorkstream,
)


class StepInline(TrackedInline):
    model = EscalationStep


@admin.register(EscalationRoute)
class EscalationRouteAdmin(TrackedAdmin):
    list_display = ["name", "system", "agreement", "clause", "covers_organisation"]
    list_filter = ["system"]
    search_fields = ["name", "clause"]
    list_select_related = ["system", "agreement", "covers_organisation"]
    inlines = [StepInline]


@admin.register(EscalationStep)
class EscalationStepAdmin(TrackedAdmin):
    list_display = [
        "route",
        "order",
        "escalate_to_label",
        "response_due_days",
        "step_up_after_days",
        "step_up_after_months",
    ]
    list_filter = ["route__system"]
    list_select_related = ["route", "escalate_to_committee", "escalate_to_organisation"]


class CaseEventInline(TrackedInline):
    model = CaseEvent
    readonly_fields = ["action", "from_status", "to_status", "step_order", "by", "at", "note"]
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EscalationCase)
class EscalationCaseAdmin(TrackedAdmin):
    list_display = [
        "subject_label",
        "route",
        "current_step",
        "status",
        "raised_on",
        "flagged_for_chair",
    ]
    list_filter = ["route__system", "status", "flagged_for_chair", "subject_kind"]
    search_fields = ["subject_text", "reason", "milestone__title"]
    list_select_related = ["route", "current_step", "milestone", "commitment", "risk"]
    inlines = [CaseEventInline]


@admin.register(CaseEvent)
class CaseEventAdmin(TrackedAdmin):
    list_display = ["case", "action", "from_status", "to_status", "by", "at"]
    list_filter = ["case__route__system", "action"]
    list_select_related = ["case__route", "by"]


class RiskWorkstreamInline(TrackedInline):
    model = RiskWorkstream


class RiskMilestoneInline(TrackedInline):
    model = RiskMilestone


@admin.register(Risk)
class RiskAdmin(TrackedAdmin):
    list_display = [
        "reference",
        "title",
        "system",
        "category",
        "likelihood",
        "impact",
        "score",
        "status",
    ]
    list_filter = ["system", "category", "status"]
    search_fields = ["reference", "title", "description", "mitigations"]
    list_select_related = ["system"]
    inlines = [RiskWorkstreamInline, RiskMilestoneInline]


@admin.register(RiskWorkstream)
class RiskWorkstreamAdmin(TrackedAdmin):
    list_display = ["risk", "workstream"]
    list_filter = ["risk__system"]
    list_select_related = ["risk", "workstream"]


@admin.register(RiskMilestone)
class RiskMilestoneAdmin(TrackedAdmin):
    list_display = ["risk", "milestone"]
    list_filter = ["risk__system"]
    list_select_related = ["risk", "milestone"]
