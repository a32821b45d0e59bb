from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from core.admin import TrackedAdmin, TrackedInline
from finance.models import (
    ControlTotal,
    CostShare,
    CostShareLine,
    EfficiencyPlan,
    FinancialYear,
    Fund,
    FundAllocation,
    FundContribution,
    FundDrawdown,
    MonthlyPosition,
    StatedTotal,
)


@admin.register(FinancialYear)
class FinancialYearAdmin(TrackedAdmin):
    list_display = ["label", "starts_on", "ends_on"]
    superuser_changes = True  # shared by every system


@admin.register(ControlTotal)
class ControlTotalAdmin(TrackedAdmin):
    list_display = [
        "organisation",
        "system",
        "year",
        "allocation_or_income",
        "plan_surplus_deficit",
        "psf",
        "frf",
        "mret",
        "support_not_split",
        "net",
    ]
    list_filter = ["system", "year", "organisation__kind"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "system", "year"]


@admin.register(MonthlyPosition)
class MonthlyPositionAdmin(TrackedAdmin):
    list_display = [
        "organisation",
        "month",
        "ytd_plan",
        "ytd_actual",
        "variance",
        "forecast_outturn",
    ]
    list_filter = ["system", "year"]
    list_select_related = ["organisation", "system"]


@admin.register(EfficiencyPlan)
class EfficiencyPlanAdmin(TrackedAdmin):
    list_display = [
        "organisation",
        "system",
        "year",
        "recurrent",
        "non_recurrent",
        "total",
        "denominator",
    ]
    list_filter = ["system", "year", "organisation__kind"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "system", "year"]


@admin.register(StatedTotal)
class StatedTotalAdmin(TrackedAdmin):
    list_display = ["system", "year", "table", "group", "column", "value"]
    list_filter = ["system", "table", "group"]
    list_select_related = ["system", "year"]


class ContributionInline(TrackedInline):
    model = FundContribution


class AllocationInline(TrackedInline):
    model = FundAllocation


class DrawdownInline(TrackedInline):
    model = FundDrawdown


@admin.register(Fund)
class FundAdmin(TrackedAdmin):
    list_display = ["name", "system", "kind", "year"]
    list_filter = ["system", "kind"]
    search_fields = ["name"]
    list_select_related = ["system", "year"]
    inlines = [ContributionInline, AllocationInline, DrawdownInline]


@admin.register(FundContribution)
class FundContributionAdmin(TrackedAdmin):
    list_display = ["fund", "organisation", "amount"]
    list_filter = ["fund__system"]
    list_select_related = ["fund", "organisation"]


@admin.register(FundAllocation)
class FundAllocationAdmin(TrackedAdmin):
    list_display = ["fund", "organisation", "amount", "purpose"]
    list_filter = ["fund__system"]
    list_select_related = ["fund", "organisation"]


@admin.register(FundDrawdown)
class FundDrawdownAdmin(TrackedAdmin):
    list_display = ["fund", "organisation", "amount", "decision", "drawn_on"]
    list_filter = ["fund__system"]
    list_select_related = ["fund", "organisation", "decision"]


class CostShareLineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        total = sum((data.get("percent") or Decimal(0) for data in kept), Decimal(0))
        if kept and total != 100:
            raise ValidationError(f"The shares add up to {total}%, not 100%.")


class CostShareLineInline(TrackedInline):
    model = CostShareLine
    formset = CostShareLineFormSet


@admin.register(CostShare)
class CostShareAdmin(TrackedAdmin):
    list_display = ["name", "system", "year"]
    list_filter = ["system"]
    list_select_related = ["system", "year"]
    inlines = [CostShareLineInline]


@admin.register(CostShareLine)
class CostShareLineAdmin(TrackedAdmin):
    """Read-only here: a line changes only with its split, which must still total 100%."""

    list_display = ["cost_share", "organisation", "percent"]
    list_filter = ["cost_share__system"]
    list_select_related = ["cost_share", "organisation"]

    def has_add_permission(self, request):
        return False

    def may_change(self, request, obj) -> bool:
        return obj is None
