"""Read-only serializers for the milestones endpoints (no write serializers exist)."""

from datetime import date

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.columns import ColumnSerializer, ValueSerializer
from milestones.models import Gateway, Milestone, Plan, ProgressUpdate, Workstream
from milestones.rag import Rag
from partners.models import Person


class PlanSerializer(ColumnSerializer):
    class Meta:
        model = Plan
        fields = ["id", "system", "title", "starts_on", "ends_on", "amber_tolerance_days"]
        read_only_fields = fields


class GatewaySerializer(ColumnSerializer):
    class Meta:
        model = Gateway
        fields = ["id", "plan", "number", "name", "from_date", "objectives"]
        read_only_fields = fields


class SroSerializer(ColumnSerializer):
    class Meta:
        model = Person
        fields = ["name", "title"]
        read_only_fields = fields


class WorkstreamSerializer(ColumnSerializer):
    sro = SroSerializer(read_only=True, allow_null=True)
    # Blank where the source does not say what kind of objective it is (never a default).
    objective_kind = serializers.ChoiceField(
        choices=Workstream.ObjectiveKind.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Workstream
        fields = [
            "id",
            "plan",
            "code",
            "name",
            "sro",
            "sro_role",
            "lead_organisation",
            "objective_kind",
            "objective",
            "target",
            "target_date",
            "status_note",
        ]
        read_only_fields = fields


class BaselineSerializer(ValueSerializer):
    baseline_on = serializers.DateField(read_only=True)
    set_at = serializers.DateTimeField(read_only=True)
    reason = serializers.CharField(read_only=True)


class MilestoneSerializer(ColumnSerializer):
    """RAG and slippage come from the model (milestones.rag), as on the pages."""

    first_baseline_on = serializers.SerializerMethodField()
    depends_on = serializers.SerializerMethodField()
    rag = serializers.SerializerMethodField()
    slippage_days = serializers.SerializerMethodField()
    baselines = BaselineSerializer(many=True, read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "workstream",
            "title",
            "commitment",
            "responsible_organisation",
            "responsible_person",
            "baseline_on",
            "first_baseline_on",
            "forecast_on",
            "completed_on",
            "is_key",
            "gateway",
            "depends_on",
            "rag",
            "slippage_days",
            "baselines",
            # A withdrawn milestone is kept (never deleted): the date and reason say so.
            "withdrawn_on",
            "withdrawal_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_first_baseline_on(self, milestone: Milestone) -> date | None:
        return milestone.first_baseline_on

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_depends_on(self, milestone: Milestone) -> list[int]:
        return sorted(d.depends_on_id for d in milestone.dependencies.all())

    @extend_schema_field(serializers.ChoiceField(choices=Rag.choices))
    def get_rag(self, milestone: Milestone) -> str:
        return milestone.rag_on(self.context.get("today") or date.today()).value

    @extend_schema_field(serializers.IntegerField())
    def get_slippage_days(self, milestone: Milestone) -> int:
        return milestone.slippage_on(self.context.get("today") or date.today())


class ProgressUpdateSerializer(ColumnSerializer):
    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "milestone",
            "month",
            "narrative",
            "forecast_on",
            "completed_on",
            "rag",
            "reported_at",
        ]
        read_only_fields = fields
