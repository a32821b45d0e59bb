"""Read-only serializers for the governance endpoints. Derived values (quorum, an agreement's
status today, a withdrawal's effective date, whether a delegation is in force) come from the
project's own functions, never re-computed here."""

from datetime import date
from functools import cached_property

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.addresses import RowAddresses
from core.api.columns import ColumnSerializer, ValueSerializer, reads
from governance.models import (
    Action,
    AgendaItem,
    Agreement,
    AgreementVersion,
    Attendance,
    Commitment,
    Committee,
    Decision,
    Delegation,
    Meeting,
    Membership,
    Paper,
    Party,
    QuorumRequirement,
    TermsOfReference,
)
from governance.querysets import CommitteeQuorum
from governance.rules import AgreementStatus, DeputyRule, QuorumOutcome
from partners.models import Person


class CommitteeSerializer(ColumnSerializer):
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


class QuorumRequirementSerializer(ColumnSerializer):
    class Meta:
        model = QuorumRequirement
        fields = ["organisation", "minimum_present"]
        read_only_fields = fields


# The terms' own columns, nested in them with source="*" (so written as a ColumnSerializer).
class QuorumRuleSerializer(ColumnSerializer):
    """The quorum rule of one version of the terms, as structured data and as written."""

    minimum_total = serializers.IntegerField(
        source="quorum_minimum_total", read_only=True, help_text="Minimum members present."
    )
    deputies = serializers.ChoiceField(
        choices=DeputyRule.choices,
        read_only=True,
        help_text="Whether deputies count towards quorum: not_counted, count, or "
        "chair_agreement (named deputies count; others only with the chair's agreement).",
    )
    chair_or_vice_chair = serializers.BooleanField(
        source="quorum_chair_or_vice_chair",
        read_only=True,
        help_text="Whether the chair or vice-chair must be present.",
    )
    fraction_of_members = serializers.SerializerMethodField(
        help_text="[numerator, denominator] of the members who must be present, or null."
    )
    named_role = serializers.CharField(
        source="quorum_named_role",
        read_only=True,
        help_text="A role someone present must hold (e.g. clinician), or blank.",
    )
    # The view reads them as a list of rows (core.api.children).
    requirements = QuorumRequirementSerializer(source="requirement_rows", many=True, read_only=True)
    quorum_text = serializers.CharField(read_only=True, help_text="The quorum as written.")

    class Meta:
        model = TermsOfReference
        fields = [
            "minimum_total",
            "deputies",
            "chair_or_vice_chair",
            "fraction_of_members",
            "named_role",
            "requirements",
            "quorum_text",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField(), allow_null=True))
    @reads("quorum_fraction_numerator", "quorum_fraction_denominator")
    def get_fraction_of_members(self, terms: TermsOfReference) -> list[int] | None:
        fraction = terms.quorum_fraction
        return list(fraction) if fraction else None


class TermsOfReferenceSerializer(ColumnSerializer):
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


class MembershipSerializer(ColumnSerializer):
    class Meta:
        model = Membership
        fields = [
            "id",
            "committee",
            "person",
            "organisation",
            "role",
            "role_on_board",
            "designation",
            "planned",
            "started_on",
            "ended_on",
            "ended_reason",
        ]
        read_only_fields = fields


class AttendanceSerializer(ColumnSerializer):
    class Meta:
        model = Attendance
        fields = ["person", "status", "deputising_for", "chair_agreed"]
        read_only_fields = fields


class QuorumShortfallSerializer(ValueSerializer):
    organisation = serializers.IntegerField(
        allow_null=True,
        read_only=True,
        help_text="The organisation short of its minimum; null for the minimum in all.",
    )
    required = serializers.IntegerField(read_only=True)
    present = serializers.IntegerField(read_only=True)


class QuorumCheckSerializer(ValueSerializer):
    met = serializers.BooleanField(read_only=True)
    reason = serializers.CharField(
        read_only=True, help_text="Why, in plain English, e.g. 'NHS England: 0 of 1 present'."
    )


class MeetingQuorumSerializer(ValueSerializer):
    """Quorum under the terms of reference in force on the meeting date."""

    quorate = serializers.BooleanField(
        allow_null=True,
        read_only=True,
        help_text="null when no terms of reference were in force on the meeting date, or the "
        "meeting has not been held yet (not_yet_held).",
    )
    not_yet_held = serializers.BooleanField(
        read_only=True, help_text="The meeting's date has not come: quorum is not yet known."
    )
    counted = serializers.IntegerField(read_only=True)
    deputies_excluded = serializers.IntegerField(read_only=True)
    shortfalls = QuorumShortfallSerializer(many=True, read_only=True)
    checks = QuorumCheckSerializer(
        many=True, read_only=True, help_text="Each part of the rule, whether it is met and why."
    )
    notes = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Which deputies counted, and why."
    )


# One instance for every row: building a serializer per meeting (its fields copied each time)
# cost more than assessing the quorum.
_QUORUM = MeetingQuorumSerializer()


class MeetingSerializer(ColumnSerializer):
    # The view reads them as a list of rows (core.api.children).
    attendance = AttendanceSerializer(source="attendance_rows", many=True, read_only=True)
    quorum = serializers.SerializerMethodField()
    # A string, not a URLField: a meeting without a link writes "", which format "uri" refuses.
    link = serializers.CharField(
        read_only=True, help_text="The online meeting's link (a URL); empty when none is recorded."
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "committee",
            "held_on",
            "status",
            "cancelled_reason",
            "location",
            "link",
            "attendance",
            "quorum",
        ]
        read_only_fields = fields

    @extend_schema_field(MeetingQuorumSerializer)
    def get_quorum(self, meeting: Meeting) -> dict:
        quorum = self._quorums.get(meeting.committee_id)
        if quorum is None:
            # The view reads the committee's as lists (core.api.children).
            quorum = CommitteeQuorum(meeting.term_rows, meeting.membership_rows)
            self._quorums[meeting.committee_id] = quorum
        outcome = quorum.assess(meeting.held_on, meeting.attendance_rows, self._today)
        written = self._written.get(outcome)
        if written is None:
            written = self._written[outcome] = _QUORUM.to_representation(outcome)
        return written

    # One serializer writes a whole list (ListSerializer's child): each committee's quorum
    # lookups are built once, every meeting is assessed as at the same day, and each distinct
    # outcome (a value) is written once.
    @cached_property
    def _quorums(self) -> dict[int, CommitteeQuorum]:
        return {}

    @cached_property
    def _written(self) -> dict[QuorumOutcome, dict]:
        return {}

    @cached_property
    def _today(self) -> date:
        return timezone.localdate()


class DecisionSerializer(ColumnSerializer):
    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "reference",
            "title",
            "text",
            "amount_thousands",
            "withdrawn_on",
            "withdrawn_reason",
        ]
        read_only_fields = fields


class ActionSerializer(ColumnSerializer):
    class Meta:
        model = Action
        fields = [
            "id",
            "meeting",
            "description",
            "owner",
            "due_on",
            "status",
            "completed_on",
            "withdrawn_on",
            "withdrawn_reason",
        ]
        read_only_fields = fields


# Writes a date the API's way (settings' DATE_FORMAT), as a DateField of the record would.
_DATE = serializers.DateField()


class SignatorySerializer(ColumnSerializer):
    class Meta:
        model = Person
        fields = ["name", "title"]
        read_only_fields = fields


class PartySerializer(ColumnSerializer):
    signatory = SignatorySerializer(read_only=True, allow_null=True)
    withdrawal_effective_on = serializers.SerializerMethodField(
        help_text="When the party's notice of withdrawal has run (null if none given)."
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
            "withdrawn_on",
            "withdrawn_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DateField(allow_null=True))
    @reads("withdrawal_notice_given_on", "agreement_id", "agreement__withdrawal_notice_days")
    def get_withdrawal_effective_on(self, party: Party) -> str | None:
        effective = party.withdrawal_effective_on
        return None if effective is None else _DATE.to_representation(effective)


class AgreementVersionSerializer(ColumnSerializer):
    class Meta:
        model = AgreementVersion
        fields = ["number", "issued_on", "author", "note"]
        read_only_fields = fields


class CommitmentSerializer(ColumnSerializer):
    owners = serializers.SerializerMethodField(help_text="Ids of the organisations answerable.")

    class Meta:
        model = Commitment
        fields = ["number", "text", "owners", "withdrawn_on", "withdrawn_reason"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    @reads("owner_rows")
    def get_owners(self, commitment: Commitment) -> list[int]:
        return [owner.organisation_id for owner in commitment.owner_rows]


# A plain enum (not the model's choices) so the schema names it apart from the recorded status.
STATUS_TODAY_SCHEMA = {
    "type": "string",
    "enum": [value for value, _ in AgreementStatus.choices],
    "description": "The status today: expired the day after the expiry date, whatever is "
    "recorded, unless it was terminated or superseded.",
}


class AgreementSerializer(ColumnSerializer):
    status_today = serializers.SerializerMethodField()
    binding_clauses = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Legally binding clauses."
    )
    dispute_resolution = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Dispute resolution steps."
    )
    # The view reads each as a list (core.api.children).
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
    @reads("status", "expires_on")
    def get_status_today(self, agreement: Agreement) -> str:
        return agreement.status_on(self._today)

    # One serializer writes a whole list: every agreement's status is as at the same day.
    @cached_property
    def _today(self) -> date:
        return date.today()


class DelegationSerializer(ColumnSerializer):
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
            "revoked_reason",
            "delegated_today",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    @reads("status", "effective_from", "revoked_on")
    def get_delegated_today(self, delegation: Delegation) -> bool:
        return delegation.is_delegated_on(self._today)

    # One serializer writes a whole list: every delegation is judged as at the same day.
    @cached_property
    def _today(self) -> date:
        return date.today()


class AgendaItemSerializer(ColumnSerializer):
    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "number",
            "title",
            "presenter",
            "purpose",
            "minutes_allowed",
            "confidential",
            "withdrawn_on",
            "withdrawn_reason",
        ]
        read_only_fields = fields


class PaperSerializer(ColumnSerializer):
    """A paper's record; its file is never inlined: ``download_url`` is the access-checked page
    that serves it (as an attachment, checked against ``sha256``)."""

    replaces = serializers.PrimaryKeyRelatedField(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Paper
        fields = [
            "id",
            "item",
            "title",
            "confidential",
            "version",
            "replaces",
            "filename",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "withdrawn_on",
            "withdrawn_reason",
            "download_url",
        ]
        read_only_fields = fields

    # The slug is annotated (PaperViewSet): a list is written from rows.
    @reads("pk", "system_slug")
    def get_download_url(self, paper: Paper) -> str:
        return self._download_urls(paper.pk, paper.system_slug)

    @cached_property
    def _download_urls(self) -> RowAddresses:
        return RowAddresses("governance:paper-download", self.context.get("request"))
