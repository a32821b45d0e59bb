"""Read-only serializers for the escalation endpoints (no write serializers exist)."""

from datetime import date

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.columns import ColumnSerializer, reads
from core.api.fields import NamedEnumField
from core.audit import display_name
from escalation.models import CaseEvent, EscalationCase, EscalationRoute, EscalationStep, Risk
from escalation.rules import CaseStatus, RiskGrade, RiskRating
from partners.models import Organisation


# The route's own columns, nested in it with source="*" (so written as a ColumnSerializer).
class RouteCoversSerializer(ColumnSerializer):
    """Which items the route covers: an organisation's, a kind of organisation's, a
    workstream's or a commitment's (any left empty does not narrow it)."""

    organisation = serializers.IntegerField(
        source="covers_organisation_id", read_only=True, allow_null=True
    )
    organisation_kind = NamedEnumField(
        "OrganisationKindEnum",
        source="covers_organisation_kind",
        choices=Organisation.Kind.choices,
        allow_blank=True,
        read_only=True,
    )
    workstream = serializers.IntegerField(
        source="covers_workstream_id", read_only=True, allow_null=True
    )
    commitment = serializers.IntegerField(
        source="covers_commitment_id", read_only=True, allow_null=True
    )

    class Meta:
        model = EscalationRoute
        fields = ["organisation", "organisation_kind", "workstream", "commitment"]
        read_only_fields = fields


class EscalationStepSerializer(ColumnSerializer):
    step_up_period = serializers.SerializerMethodField(
        help_text="The agreed period before a case may step up, in words (e.g. 'more than 1 "
        "month'); blank when none is set.",
    )

    class Meta:
        model = EscalationStep
        fields = [
            "order",
            "escalate_to_committee",
            "escalate_to_organisation",
            "escalate_to_role",
            "response_required",
            "response_due_days",
            "step_up_after_days",
            "step_up_after_months",
            "step_up_period",
        ]
        read_only_fields = fields

    # What the period's words read (a list of routes gives the method each step's row).
    @extend_schema_field(serializers.CharField())
    @reads("step_up_after_days", "step_up_after_months")
    def get_step_up_period(self, step: EscalationStep) -> str:
        return step.step_up_period


class EscalationRouteSerializer(ColumnSerializer):
    covers = RouteCoversSerializer(source="*", read_only=True)
    steps = EscalationStepSerializer(source="step_rows", many=True, read_only=True)

    class Meta:
        model = EscalationRoute
        fields = [
            "id",
            "system",
            "name",
            "agreement",
            "clause",
            "covers",
            "steps",
            "withdrawn_on",
            "withdrawal_reason",
        ]
        read_only_fields = fields


# The case's own columns: each read and written as a column (core.api.columns).
class CaseResponseSerializer(ColumnSerializer):
    """The structured response to a case (empty until one is recorded)."""

    reasons = serializers.CharField(source="response_reasons", read_only=True)
    mitigations = serializers.CharField(source="response_mitigations", read_only=True)
    revised_timetable = serializers.CharField(source="response_revised_timetable", read_only=True)
    responded_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = EscalationCase
        fields = ["reasons", "mitigations", "revised_timetable", "responded_on"]
        read_only_fields = fields


def case_status(**kwargs) -> NamedEnumField:
    return NamedEnumField("CaseStatusEnum", choices=CaseStatus.choices, read_only=True, **kwargs)


class CaseEventSerializer(ColumnSerializer):
    from_status = case_status(allow_blank=True)
    to_status = case_status()
    who = serializers.SerializerMethodField()

    class Meta:
        model = CaseEvent
        fields = ["action", "from_status", "to_status", "step_order", "at", "who", "note"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    @reads("by_id", "by__first_name", "by__last_name", "by__username")
    def get_who(self, event: CaseEvent) -> str:
        return display_name(event.by)


# What names a case's subject: the columns each kind of subject's __str__ reads.
SUBJECT_COLUMNS = (
    "milestone__title",
    "commitment__number",
    "commitment__text",
    "risk__reference",
    "risk__title",
)


class EscalationCaseSerializer(ColumnSerializer):
    """Due dates come from the case's current step (EscalationCase.response_due_on and
    step_up_due_on), as on the board."""

    current_step = serializers.IntegerField(source="current_step.order", read_only=True)
    subject = serializers.SerializerMethodField()
    status = case_status()
    response = CaseResponseSerializer(source="*", read_only=True)
    response_due_on = serializers.SerializerMethodField()
    step_up_due_on = serializers.SerializerMethodField()
    events = CaseEventSerializer(source="event_rows", many=True, read_only=True)

    class Meta:
        model = EscalationCase
        fields = [
            "id",
            "route",
            "current_step",
            "step_since",
            "subject_kind",
            "milestone",
            "commitment",
            "risk",
            "subject",
            "organisation",
            "raised_on",
            "reason",
            "status",
            "response",
            "flagged_for_chair",
            "response_due_on",
            "step_up_due_on",
            "events",
        ]
        read_only_fields = fields

    # What each method reads of the case's row (a list gives it the row, core.api.columns):
    # what names the subject (each model's __str__), and the step's due days.
    @extend_schema_field(serializers.CharField())
    @reads("subject_text", "milestone_id", "commitment_id", "risk_id", *SUBJECT_COLUMNS)
    def get_subject(self, case: EscalationCase) -> str:
        return case.subject_label

    @extend_schema_field(serializers.DateField(allow_null=True))
    @reads("step_since", "current_step_id", "current_step__response_due_days")
    def get_response_due_on(self, case: EscalationCase) -> date | None:
        return case.response_due_on

    @extend_schema_field(serializers.DateField(allow_null=True))
    @reads(
        "step_since",
        "current_step_id",
        "current_step__step_up_after_days",
        "current_step__step_up_after_months",
    )
    def get_step_up_due_on(self, case: EscalationCase) -> date | None:
        return case.step_up_due_on


class RiskSerializer(ColumnSerializer):
    """As the register rates the risk: ``grade`` (H / M / L) where it rates qualitatively, else
    ``likelihood`` and ``impact`` with the score and its rating (escalation.rules: likelihood x
    impact, NHS 5x5 bands); never both, and neither converted into the other. ``band`` is what
    ranks them side by side (H with high scores), ``rating_label`` the words the pages show."""

    grade = serializers.ChoiceField(choices=RiskGrade.choices, allow_blank=True, read_only=True)
    # Blank where the source paper gives the risk no category.
    category = serializers.ChoiceField(
        choices=Risk.Category.choices, allow_blank=True, read_only=True
    )
    score = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()
    band = serializers.SerializerMethodField()
    rating_label = serializers.SerializerMethodField()
    workstreams = serializers.SerializerMethodField()
    milestones = serializers.SerializerMethodField()

    class Meta:
        model = Risk
        fields = [
            "id",
            "system",
            "reference",
            "title",
            "description",
            "category",
            "owner",
            "owner_organisation",
            "grade",
            "likelihood",
            "impact",
            "score",
            "rating",
            "band",
            "rating_label",
            "mitigations",
            "status",
            "review_on",
            "workstreams",
            "milestones",
        ]
        read_only_fields = fields

    # What the rating reads (escalation.rules); a list gives each method the row.
    @extend_schema_field(serializers.IntegerField(allow_null=True, min_value=1, max_value=25))
    @reads("likelihood", "impact")
    def get_score(self, risk: Risk) -> int | None:
        return risk.score

    @extend_schema_field(serializers.ChoiceField(choices=RiskRating.choices, allow_null=True))
    @reads("likelihood", "impact")
    def get_rating(self, risk: Risk) -> str | None:
        rating = risk.rating
        return rating.value if rating is not None else None

    @extend_schema_field(serializers.ChoiceField(choices=RiskRating.choices, allow_null=True))
    @reads("grade", "likelihood", "impact")
    def get_band(self, risk: Risk) -> str | None:
        band = risk.band
        return band.value if band is not None else None

    @extend_schema_field(serializers.CharField())
    @reads("grade", "likelihood", "impact")
    def get_rating_label(self, risk: Risk) -> str:
        return risk.rating_label

    # The links are the risk's children (RiskViewSet.child_rows): no column of its own.
    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    @reads()
    def get_workstreams(self, risk: Risk) -> list[int]:
        return [link.workstream_id for link in risk.workstream_link_rows]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    @reads()
    def get_milestones(self, risk: Risk) -> list[int]:
        return [link.milestone_id for link in risk.milestone_link_rows]
