"""Read-only serializers for the governance endpoints. Derived values (quorum, an agreement's
status today, a withdrawal's effective date, whether a delegation is in force) come from the
project's own functions, never re-computed here."""

from datetime import date

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from governance.models import (
    Action,
    Agreement,
    AgreementVersion,
    Attendance,
    Commitment,
    Committee,
    Decision,
    Delegation,
    Meeting,
    Membership,
    Party,
    QuorumRequirement,
    TermsOfReference,
)
from governance.querysets import meeting_quorum
from governance.rules import AgreementStatus
from partners.models import Person


class CommitteeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Committee
        fields = [
            "id",
            "system",
            "name",
            "short_name",
            "kind",
            "stage",
            "reports_to",
            "cadence",
            "purpose",
            "delegated_authority",
        ]
        read_only_fields = fields


class QuorumRequirementSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuorumRequirement
        fields = ["organisation", "minimum_present"]
        read_only_fields = fields


class QuorumRuleSerializer(serializers.Serializer):
    """The quorum rule of one version of the terms, as structured data and as written."""

    minimum_total = serializers.IntegerField(
        source="quorum_minimum_total", read_only=True, help_text="Minimum members present."
    )
    deputies_count = serializers.BooleanField(
        read_only=True, help_text="Whether deputies count towards quorum."
    )
    # The view prefetches them as a list (to_attr).
    requirements = QuorumRequirementSerializer(source="requirement_rows", many=True, read_only=True)
    quorum_text = serializers.CharField(read_only=True, help_text="The quorum as written.")


class TermsOfReferenceSerializer(serializers.ModelSerializer):
    quorum_rule = QuorumRuleSerializer(source="*", read_only=True)

    class Meta:
        model = TermsOfReference
        fields = [
            "id",
            "committee",
            "version",
            "effective_from",
            "review_on",
            "approved_on",
            "quorum_rule",
        ]
        read_only_fields = fields


class MembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = [
            "id",
            "committee",
            "person",
            "organisation",
            "role",
            "planned",
            "started_on",
            "ended_on",
        ]
        read_only_fields = fields


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["person", "status", "deputising_for"]
        read_only_fields = fields


class QuorumShortfallSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(
        allow_null=True,
        read_only=True,
        help_text="The organisation short of its minimum; null for the minimum in all.",
    )
    required = serializers.IntegerField(read_only=True)
    present = serializers.IntegerField(read_only=True)


class MeetingQuorumSerializer(serializers.Serializer):
    """Quorum under the terms of reference in force on the meeting date."""

    quorate = serializers.BooleanField(
        allow_null=True,
        read_only=True,
        help_text="null when no terms of reference were in force on the meeting date.",
    )
    counted = serializers.IntegerField(read_only=True)
    deputies_excluded = serializers.IntegerField(read_only=True)
    shortfalls = QuorumShortfallSerializer(many=True, read_only=True)


# One instance for every row: building a serializer per meeting (its fields copied each time)
# cost more than assessing the quorum.
_QUORUM = MeetingQuorumSerializer()


class MeetingSerializer(serializers.ModelSerializer):
    attendance = AttendanceSerializer(source="attendances", many=True, read_only=True)
    quorum = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "committee", "held_on", "status", "location", "attendance", "quorum"]
        read_only_fields = fields

    @extend_schema_field(MeetingQuorumSerializer)
    def get_quorum(self, meeting: Meeting) -> dict:
        return _QUORUM.to_representation(meeting_quorum(meeting))


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "meeting", "reference", "title", "text", "amount_thousands"]
        read_only_fields = fields


class ActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Action
        fields = ["id", "meeting", "description", "owner", "due_on", "status", "completed_on"]
        read_only_fields = fields


class SignatorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["name", "title"]
        read_only_fields = fields


class PartySerializer(serializers.ModelSerializer):
    signatory = SignatorySerializer(read_only=True, allow_null=True)
    withdrawal_effective_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="When the party's notice of withdrawal has run (null if none given).",
    )

    class Meta:
        model = Party
        fields = [
            "organisation",
            "signatory",
            "signed_on",
            "scope",
            "withdrawal_notice_given_on",
            "withdrawal_effective_on",
        ]
        read_only_fields = fields


class AgreementVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreementVersion
        fields = ["number", "issued_on", "author", "note"]
        read_only_fields = fields


class CommitmentSerializer(serializers.ModelSerializer):
    owners = serializers.SerializerMethodField(help_text="Ids of the organisations answerable.")

    class Meta:
        model = Commitment
        fields = ["number", "text", "owners"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_owners(self, commitment: Commitment) -> list[int]:
        return [owner.organisation_id for owner in commitment.owner_rows]


# A plain enum (not the model's choices) so the schema names it apart from the recorded status.
STATUS_TODAY_SCHEMA = {
    "type": "string",
    "enum": [value for value, _ in AgreementStatus.choices],
    "description": "The status today: expired the day after the expiry date, whatever is "
    "recorded, unless it was terminated or superseded.",
}


class AgreementSerializer(serializers.ModelSerializer):
    status_today = serializers.SerializerMethodField()
    binding_clauses = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Legally binding clauses."
    )
    dispute_resolution = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Dispute resolution steps."
    )
    # The view prefetches each as a list (to_attr).
    parties = PartySerializer(source="party_rows", many=True, read_only=True)
    versions = AgreementVersionSerializer(source="version_rows", many=True, read_only=True)
    commitments = CommitmentSerializer(source="commitment_rows", many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "system",
            "title",
            "kind",
            "status",
            "status_today",
            "effective_on",
            "expires_on",
            "review_on",
            "withdrawal_notice_days",
            "variation",
            "expiry",
            "report_recipients",
            "report_recipients_clause",
            "binding_clauses",
            "dispute_resolution",
            "parties",
            "versions",
            "commitments",
        ]
        read_only_fields = fields

    @extend_schema_field(STATUS_TODAY_SCHEMA)
    def get_status_today(self, agreement: Agreement) -> str:
        return agreement.current_status


class DelegationSerializer(serializers.ModelSerializer):
    delegated_today = serializers.SerializerMethodField(
        help_text="Whether the functions are delegated today (in effect and not revoked)."
    )

    class Meta:
        model = Delegation
        fields = [
            "id",
            "committee",
            "from_organisation",
            "functions",
            "status",
            "effective_from",
            "revoked_on",
            "delegated_today",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_delegated_today(self, delegation: Delegation) -> bool:
        return delegation.is_delegated_on(date.today())
