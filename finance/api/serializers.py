"""Read-only serializers for the finance endpoints. Money is a decimal string in £'000 with two
places (e.g. "-16379.00"); percentages are decimal strings too (e.g. "3.79")."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.columns import ColumnSerializer, ValueSerializer, reads, value_writer
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


def money_field(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, **kwargs)


def percent_field(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=8, decimal_places=2, read_only=True, **kwargs)


MONEY = money_field()
PERCENT = percent_field()
SHARE_PERCENT = serializers.DecimalField(max_digits=7, decimal_places=3, read_only=True)


# A derived figure formatted exactly as the model's money fields are.
money = value_writer(MONEY)
write_percent = value_writer(PERCENT)


class YearLabelField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="label", read_only=True, **kwargs)


class FinancialYearSerializer(ColumnSerializer):
    class Meta:
        model = FinancialYear
        fields = ["id", "label", "starts_on", "ends_on"]
        read_only_fields = fields


class ControlTotalSerializer(ColumnSerializer):
    year = YearLabelField(help_text='The financial year, e.g. "2019/20".')
    support = serializers.SerializerMethodField(
        help_text="PSF + FRF + MRET + support not split by kind (£'000)."
    )
    net = serializers.SerializerMethodField(
        help_text="Net control total: plan before support plus support (£'000)."
    )

    class Meta:
        model = ControlTotal
        fields = [
            "id",
            "system",
            "organisation",
            "year",
            "allocation_or_income",
            "plan_surplus_deficit",
            "psf",
            "frf",
            "mret",
            "support_not_split",
            "support",
            "net",
            "status",
        ]
        read_only_fields = fields

    @extend_schema_field(MONEY)
    @reads("psf", "frf", "mret", "support_not_split")
    def get_support(self, obj: ControlTotal) -> str:
        return money(obj.support)

    @extend_schema_field(MONEY)
    @reads("plan_surplus_deficit", "psf", "frf", "mret", "support_not_split")
    def get_net(self, obj: ControlTotal) -> str:
        return money(obj.net)


class MonthlyPositionSerializer(ColumnSerializer):
    year = YearLabelField()
    variance = serializers.SerializerMethodField(
        help_text="Year-to-date actual less plan (£'000): positive is better than plan."
    )

    class Meta:
        model = MonthlyPosition
        fields = [
            "id",
            "system",
            "organisation",
            "year",
            "month",
            "ytd_plan",
            "ytd_actual",
            "variance",
            "forecast_outturn",
        ]
        read_only_fields = fields

    @extend_schema_field(MONEY)
    @reads("ytd_actual", "ytd_plan")
    def get_variance(self, obj: MonthlyPosition) -> str:
        return money(obj.variance)


class EfficiencyPlanSerializer(ColumnSerializer):
    year = YearLabelField()
    total = serializers.SerializerMethodField(help_text="Recurrent plus non-recurrent (£'000).")
    percent = serializers.SerializerMethodField(
        help_text="Total as a percentage of the denominator, two places, rounded half up."
    )

    class Meta:
        model = EfficiencyPlan
        fields = [
            "id",
            "system",
            "organisation",
            "year",
            "recurrent",
            "non_recurrent",
            "total",
            "denominator",
            "percent",
            "status",
        ]
        read_only_fields = fields

    @extend_schema_field(MONEY)
    @reads("recurrent", "non_recurrent")
    def get_total(self, obj: EfficiencyPlan) -> str:
        return money(obj.total)

    @extend_schema_field(PERCENT)
    @reads("recurrent", "non_recurrent", "denominator")
    def get_percent(self, obj: EfficiencyPlan) -> str:
        return write_percent(obj.percent)


class FundContributionSerializer(ColumnSerializer):
    class Meta:
        model = FundContribution
        fields = ["id", "organisation", "amount"]
        read_only_fields = fields


class FundAllocationSerializer(ColumnSerializer):
    class Meta:
        model = FundAllocation
        fields = ["id", "organisation", "amount", "purpose"]
        read_only_fields = fields


class FundDrawdownSerializer(ColumnSerializer):
    class Meta:
        model = FundDrawdown
        fields = ["id", "organisation", "amount", "purpose", "decision", "drawn_on"]
        read_only_fields = fields


class FundTotalsSerializer(ValueSerializer):
    """Each total is null where the fund has no such rows (nothing recorded, not a recorded 0)."""

    contributed = money_field(allow_null=True)
    allocated = money_field(allow_null=True)
    drawn = money_field(allow_null=True)


class FundSerializer(ColumnSerializer):
    year = YearLabelField(allow_null=True)
    # The view reads each as a list of rows (core.api.children).
    contributions = FundContributionSerializer(
        source="contribution_rows", many=True, read_only=True
    )
    allocations = FundAllocationSerializer(source="allocation_rows", many=True, read_only=True)
    drawdowns = FundDrawdownSerializer(source="drawdown_rows", many=True, read_only=True)
    totals = serializers.SerializerMethodField(
        help_text="Money contributed to, allocated from and drawn from the fund (£'000)."
    )

    class Meta:
        model = Fund
        fields = [
            "id",
            "system",
            "name",
            "kind",
            "year",
            "decided_by",
            "gateway",
            "status",
            "contributions",
            "allocations",
            "drawdowns",
            "totals",
        ]
        read_only_fields = fields

    @extend_schema_field(FundTotalsSerializer)
    @reads("contributed", "allocated", "drawn")
    def get_totals(self, obj: Fund) -> dict:
        # The sums are annotated by the queryset (finance.querysets' per-fund subqueries),
        # written as FundTotalsSerializer's fields write them.
        totals = {"contributed": obj.contributed, "allocated": obj.allocated, "drawn": obj.drawn}
        return {name: None if value is None else money(value) for name, value in totals.items()}


class CostShareLineSerializer(ColumnSerializer):
    class Meta:
        model = CostShareLine
        fields = ["id", "organisation", "percent"]
        read_only_fields = fields


class CostShareSerializer(ColumnSerializer):
    year = YearLabelField(allow_null=True)
    lines = CostShareLineSerializer(source="line_rows", many=True, read_only=True)
    total_percent = serializers.SerializerMethodField(help_text="The lines' percentages summed.")

    class Meta:
        model = CostShare
        fields = ["id", "system", "name", "year", "status", "lines", "total_percent"]
        read_only_fields = fields

    @extend_schema_field(SHARE_PERCENT)
    @reads("total_percent")
    def get_total_percent(self, obj: CostShare) -> str:
        return SHARE_PERCENT.to_representation(obj.total_percent)


# -- finance summaries (built from finance.totals, not from one model) ---------------------------


class ControlSubtotalSerializer(ValueSerializer):
    allocation_or_income = money_field()
    allocations = money_field()
    income = money_field()
    plan_surplus_deficit = money_field()
    psf = money_field()
    frf = money_field()
    mret = money_field()
    support_not_split = money_field()
    support = money_field()
    net = money_field()


class EfficiencySubtotalSerializer(ValueSerializer):
    recurrent = money_field()
    non_recurrent = money_field()
    total = money_field()
    denominator = money_field()
    percent = percent_field(help_text="The group's total as a percentage of its denominator.")


class ControlGroupsSerializer(ValueSerializer):
    """Null for a group with no rows (e.g. a system whose table lists no CCG)."""

    ccg = ControlSubtotalSerializer(allow_null=True, read_only=True)
    provider = ControlSubtotalSerializer(allow_null=True, read_only=True)
    system = ControlSubtotalSerializer(allow_null=True, read_only=True)


class EfficiencyGroupsSerializer(ValueSerializer):
    ccg = EfficiencySubtotalSerializer(allow_null=True, read_only=True)
    provider = EfficiencySubtotalSerializer(allow_null=True, read_only=True)
    system = EfficiencySubtotalSerializer(allow_null=True, read_only=True)


class DifferenceSerializer(ValueSerializer):
    table = serializers.ChoiceField(choices=StatedTotal.Table.choices, read_only=True)
    group = serializers.ChoiceField(choices=StatedTotal.Group.choices, read_only=True)
    column = serializers.CharField(read_only=True, help_text='e.g. "net", "percent".')
    stated = money_field(help_text="As the source paper prints it.")
    computed = money_field(help_text="The sum of the rows (finance.totals).")
    difference = money_field(help_text="Computed less stated.")


class FinanceSummarySerializer(ValueSerializer):
    id = serializers.CharField(
        read_only=True, help_text='"<system id>-<year label with / as ->", e.g. "3-2019-20".'
    )
    system = serializers.IntegerField(read_only=True)
    year = serializers.CharField(read_only=True, help_text='e.g. "2019/20".')
    control_totals = ControlGroupsSerializer(read_only=True)
    efficiency_plans = EfficiencyGroupsSerializer(read_only=True)
    stated_totals_checked = serializers.IntegerField(
        read_only=True, help_text="How many totals printed in the source papers were checked."
    )
    reconciliation = DifferenceSerializer(
        many=True,
        read_only=True,
        help_text="Every stated total that the rows' own sum does not match (empty: all match).",
    )
