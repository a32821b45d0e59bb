"""Read-only viewsets for governance: each reads the user's systems only (core.api.base) and
prefetches what its serializer reads, so a page costs a fixed number of queries."""

from django.db.models import F

from core.api.base import ScopedReadOnlyViewSet
from core.api.children import ChildRows, ChildRowsMixin
from core.history import history_rows
from governance import confidential
from governance.api import examples, filters, serializers
from governance.models import (
    Action,
    AgendaItem,
    Agreement,
    AgreementVersion,
    Attendance,
    Commitment,
    CommitmentOwner,
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
from governance.querysets import QUORUM_ATTENDANCE, quorum_memberships, quorum_terms


@examples.documented("A committee", examples.COMMITTEE)
class CommitteeViewSet(ScopedReadOnlyViewSet):
    """Boards, committees, groups and forums: what kind, how established, whom each reports to,
    how often it meets, its purpose and the authority delegated to it."""

    model = Committee
    serializer_class = serializers.CommitteeSerializer
    filterset_class = filters.CommitteeFilterSet
    ordering_fields = ["name"]


@examples.documented("Terms of reference", examples.TERMS_OF_REFERENCE)
class TermsOfReferenceViewSet(ChildRowsMixin, ScopedReadOnlyViewSet):
    """Each version of a committee's terms of reference, with its quorum rule as structured data
    (minimum in all, whether deputies count, minimum present per organisation) and as written."""

    model = TermsOfReference
    serializer_class = serializers.TermsOfReferenceSerializer
    filterset_class = filters.TermsOfReferenceFilterSet
    ordering_fields = ["effective_from", "review_on"]

    def child_rows(self):
        # Rows of their columns (core.api.children): the list is read as rows too.
        requirements = QuorumRequirement.objects.all()
        return (
            ChildRows(
                "requirement_rows",
                requirements,
                "terms_id",
                serializers.QuorumRequirementSerializer,
            ),
        )


@examples.documented("A membership", examples.MEMBERSHIP)
class MembershipViewSet(ScopedReadOnlyViewSet):
    """Who sits on each committee, for which organisation, in what role and since when."""

    model = Membership
    serializer_class = serializers.MembershipSerializer
    filterset_class = filters.MembershipFilterSet
    ordering_fields = ["started_on", "ended_on"]


@examples.documented("A meeting that was not quorate", examples.MEETING)
class MeetingViewSet(ChildRowsMixin, ScopedReadOnlyViewSet):
    """Meetings with their attendance and quorum, assessed under the terms of reference in force
    on the meeting date (quorate is null when none were). Filtering by quorate assesses every
    meeting the other filters leave, so narrow by committee or date where you can."""

    model = Meeting
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilterSet
    ordering_fields = ["held_on"]

    def child_rows(self):
        # Read after the page (core.api.children): the attendance as rows of what it shows and
        # the quorum reads; each committee's terms and members once, shared by its meetings
        # (governance.querysets.CommitteeQuorum). Built per request: scoped managers.
        attendances = Attendance.objects.all()
        return (
            ChildRows(
                "attendance_rows",
                attendances,
                "meeting_id",
                serializers.AttendanceSerializer,
                extra=QUORUM_ATTENDANCE,
            ),
            ChildRows("term_rows", quorum_terms(), "committee_id", key="committee_id"),
            ChildRows("membership_rows", quorum_memberships(), "committee_id", key="committee_id"),
        )


@examples.documented("A decision", examples.DECISION)
class DecisionViewSet(ScopedReadOnlyViewSet):
    """Decisions recorded at meetings, with any amount in thousands of pounds."""

    model = Decision
    serializer_class = serializers.DecisionSerializer
    filterset_class = filters.DecisionFilterSet
    ordering_fields = ["reference"]


@examples.documented("An open action", examples.ACTION)
class ActionViewSet(ScopedReadOnlyViewSet):
    """Actions set at meetings: who owns each, when it is due and whether it was done.
    An action is overdue when it is still open after its due date, and not withdrawn."""

    model = Action
    serializer_class = serializers.ActionSerializer
    filterset_class = filters.ActionFilterSet
    ordering_fields = ["due_on", "completed_on"]


@examples.documented("An agreement past its expiry date", examples.AGREEMENT)
class AgreementViewSet(ChildRowsMixin, ScopedReadOnlyViewSet):
    """Memoranda of understanding and other agreements: the recorded status and the status
    today (expired once past the expiry date), parties and who signed for them, withdrawals,
    versions and commitments. The status filter matches the recorded status; use
    expires_on_before to find agreements that have expired."""

    model = Agreement
    serializer_class = serializers.AgreementSerializer
    filterset_class = filters.AgreementFilterSet
    ordering_fields = ["title", "expires_on", "review_on"]

    def child_rows(self):
        # Built per request: scoped managers. Written from rows of what their serializers read
        # (core.api.children), the list's agreements too; for a detail, the parties are
        # instances with their signatory and agreement (a withdrawal's date reads its notice).
        parties = Party.objects.select_related("signatory", "agreement")
        owners = CommitmentOwner.objects.only("commitment", "organisation")
        commitments = Commitment.objects.all()
        return (
            ChildRows("party_rows", parties, "agreement_id", serializers.PartySerializer),
            ChildRows(
                "version_rows",
                AgreementVersion.objects.all(),
                "agreement_id",
                serializers.AgreementVersionSerializer,
            ),
            ChildRows(
                "commitment_rows",
                commitments,
                "agreement_id",
                serializers.CommitmentSerializer,
                children=(
                    ChildRows("owner_rows", owners, "commitment_id", extra=("organisation_id",)),
                ),
            ),
        )


@examples.documented("A delegation in effect", examples.DELEGATION)
class DelegationViewSet(ScopedReadOnlyViewSet):
    """Functions a statutory body delegates to a committee. Nothing is delegated until it is:
    delegated_today is true only from the effective date until any revocation."""

    model = Delegation
    serializer_class = serializers.DelegationSerializer
    filterset_class = filters.DelegationFilterSet
    ordering_fields = ["effective_from"]


@examples.documented("An agenda item", examples.AGENDA_ITEM)
class AgendaItemViewSet(ScopedReadOnlyViewSet):
    """A meeting's agenda items in order. Confidential (part B) items are listed only for the
    committee's members on the meeting date, the meeting's attendees and the programme office;
    for anyone else they do not exist (404)."""

    model = AgendaItem
    serializer_class = serializers.AgendaItemSerializer
    filterset_class = filters.AgendaItemFilterSet
    ordering_fields = ["number"]

    def get_queryset(self):
        return confidential.visible_items(self.request.user, super().get_queryset())

    def history_rows(self, instance) -> list:
        # Its versions while in part B are for those who may see part B only.
        versions = confidential.readable_versions(
            self.request.user, instance, instance.history.all(), own=True
        )
        return history_rows(instance, 200, records=versions, fields=self.history_fields())


@examples.documented("A paper replaced late", examples.PAPER)
class PaperViewSet(ScopedReadOnlyViewSet):
    """Papers of agenda items, every version (``replaces`` names the one a version replaced).
    The file is not in the API: ``download_url`` serves it to a signed-in user who may see it,
    as an attachment checked against ``sha256``. Confidential papers are listed only for those
    who may see the meeting's confidential business."""

    model = Paper
    serializer_class = serializers.PaperSerializer
    filterset_class = filters.PaperFilterSet
    ordering_fields = ["uploaded_at", "version"]

    def get_queryset(self):
        # The download address needs the system's slug only: annotated, not five models a row.
        papers = (
            super().get_queryset().annotate(system_slug=F("item__meeting__committee__system__slug"))
        )
        return confidential.visible_papers(self.request.user, papers)

    def history_rows(self, instance) -> list:
        # Its versions while it or its item was in part B are for those who may see part B.
        versions = confidential.readable_versions(
            self.request.user, instance.item, instance.history.all(), own=True
        )
        return history_rows(instance, 200, records=versions, fields=self.history_fields())
