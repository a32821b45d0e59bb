from django.contrib import admin
from django.db import models

from core.admin import TrackedAdmin, TrackedInline
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
    Declaration,
    Delegation,
    Interest,
    Meeting,
    Membership,
    MinuteEntry,
    Minutes,
    Pack,
    Paper,
    Party,
    Publication,
    QuorumRequirement,
    TermsOfReference,
)
from governance.models.committees import QUORUM_RULE_FIELDS
from governance.querysets import meeting_quorum, meetings_for_list


class MembershipInline(TrackedInline):
    model = Membership
    fields = [
        "person",
        "organisation",
        "role",
        "role_on_board",
        "designation",
        "started_on",
        "ended_on",
    ]


class TermsInline(TrackedInline):
    model = TermsOfReference
    fields = ["version", "effective_from", "review_on", *QUORUM_RULE_FIELDS]


class DelegationInline(TrackedInline):
    model = Delegation
    fields = ["from_organisation", "functions", "status", "effective_from", "revoked_on"]


@admin.register(Committee)
class CommitteeAdmin(TrackedAdmin):
    list_display = ["name", "system", "kind", "stage", "reports_to", "cadence"]
    list_filter = ["system", "kind", "stage"]
    search_fields = ["name", "short_name", "purpose"]
    list_select_related = ["system", "reports_to"]
    inlines = [TermsInline, MembershipInline, DelegationInline]


class QuorumRequirementInline(TrackedInline):
    model = QuorumRequirement


@admin.register(TermsOfReference)
class TermsOfReferenceAdmin(TrackedAdmin):
    list_display = ["committee", "version", "effective_from", "review_on", "deputies"]
    list_filter = ["committee__system", "deputies"]
    search_fields = ["committee__name", "quorum_text"]
    list_select_related = ["committee"]
    inlines = [QuorumRequirementInline]


@admin.register(Membership)
class MembershipAdmin(TrackedAdmin):
    list_display = ["person", "committee", "organisation", "role", "started_on", "ended_on"]
    list_filter = ["committee__system", "role"]
    search_fields = ["person__name", "person__title", "committee__name"]
    list_select_related = ["person__organisation", "committee", "organisation"]


class AttendanceInline(TrackedInline):
    model = Attendance
    fields = ["person", "status", "deputising_for", "chair_agreed"]


class DecisionInline(TrackedInline):
    model = Decision
    fields = ["reference", "title", "amount_thousands"]


class ActionInline(TrackedInline):
    model = Action
    fields = ["description", "owner", "due_on", "status", "completed_on"]


@admin.register(Meeting)
class MeetingAdmin(TrackedAdmin):
    list_display = ["committee", "held_on", "status", "quorate"]
    list_filter = ["committee__system", "status", "committee"]
    search_fields = ["committee__name", "location", "notes"]
    date_hierarchy = "held_on"
    inlines = [AttendanceInline, DecisionInline, ActionInline]
    # A meeting's online link typed without its scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return meetings_for_list(super().get_queryset(request))

    @admin.display(boolean=True)
    def quorate(self, meeting):
        return meeting_quorum(meeting).quorate


@admin.register(Attendance)
class AttendanceAdmin(TrackedAdmin):
    list_display = ["person", "meeting", "status", "deputising_for", "chair_agreed"]
    list_filter = ["status", "meeting__committee__system"]
    search_fields = ["person__name", "meeting__committee__name"]
    list_select_related = ["person__organisation", "meeting__committee", "deputising_for__person"]


@admin.register(Decision)
class DecisionAdmin(TrackedAdmin):
    list_display = ["title", "meeting", "reference", "amount_thousands"]
    list_filter = ["meeting__committee__system"]
    search_fields = ["title", "text", "reference"]
    list_select_related = ["meeting__committee"]


@admin.register(Action)
class ActionAdmin(TrackedAdmin):
    list_display = ["__str__", "meeting", "owner", "due_on", "status"]
    list_filter = ["status", "meeting__committee__system"]
    search_fields = ["description"]
    list_select_related = ["meeting__committee", "owner__organisation"]


class AgreementVersionInline(TrackedInline):
    model = AgreementVersion


class PartyInline(TrackedInline):
    model = Party
    fields = ["organisation", "signatory", "signed_on", "scope", "withdrawal_notice_given_on"]


class CommitmentInline(TrackedInline):
    model = Commitment


@admin.register(Agreement)
class AgreementAdmin(TrackedAdmin):
    list_display = ["title", "system", "kind", "status", "current_status_label", "expires_on"]
    list_filter = ["system", "kind", "status"]
    search_fields = ["title"]
    list_select_related = ["system"]
    inlines = [AgreementVersionInline, PartyInline, CommitmentInline]

    @admin.display(description="status today")
    def current_status_label(self, agreement):
        return agreement.current_status_label


@admin.register(AgreementVersion)
class AgreementVersionAdmin(TrackedAdmin):
    list_display = ["agreement", "number", "issued_on", "author"]
    list_filter = ["agreement__system"]
    search_fields = ["agreement__title", "author", "note"]
    list_select_related = ["agreement"]


@admin.register(Party)
class PartyAdmin(TrackedAdmin):
    list_display = ["organisation", "agreement", "signatory", "signed_on", "scope"]
    list_filter = ["agreement__system"]
    search_fields = ["organisation__name", "agreement__title"]
    list_select_related = ["organisation", "agreement", "signatory__organisation"]


class CommitmentOwnerInline(TrackedInline):
    model = CommitmentOwner


@admin.register(Commitment)
class CommitmentAdmin(TrackedAdmin):
    list_display = ["number", "agreement", "__str__"]
    list_filter = ["agreement__system"]
    search_fields = ["text"]
    list_select_related = ["agreement"]
    inlines = [CommitmentOwnerInline]


@admin.register(CommitmentOwner)
class CommitmentOwnerAdmin(TrackedAdmin):
    list_display = ["organisation", "commitment"]
    list_filter = ["commitment__agreement__system"]
    list_select_related = ["organisation", "commitment"]


@admin.register(QuorumRequirement)
class QuorumRequirementAdmin(TrackedAdmin):
    list_display = ["terms", "organisation", "minimum_present"]
    list_filter = ["terms__committee__system"]
    list_select_related = ["terms__committee", "organisation"]


@admin.register(Delegation)
class DelegationAdmin(TrackedAdmin):
    list_display = ["from_organisation", "committee", "status", "effective_from"]
    list_filter = ["status", "committee__system"]
    search_fields = ["functions", "from_organisation__name"]
    list_select_related = ["from_organisation", "committee"]


@admin.register(AgendaItem)
class AgendaItemAdmin(TrackedAdmin):
    list_display = ["__str__", "meeting", "purpose", "confidential"]
    list_filter = ["purpose", "confidential", "meeting__committee__system"]
    search_fields = ["title"]
    list_select_related = ["meeting__committee"]


@admin.register(Paper)
class PaperAdmin(TrackedAdmin):
    list_display = ["__str__", "item", "confidential", "size", "uploaded_at"]
    list_filter = ["confidential", "item__meeting__committee__system"]
    search_fields = ["title", "filename"]
    list_select_related = ["item__meeting__committee"]


@admin.register(Pack)
class PackAdmin(TrackedAdmin):
    list_display = ["__str__", "status", "pages", "built_at", "outdated_at"]
    list_filter = ["part", "status", "meeting__committee__system"]
    list_select_related = ["meeting__committee"]


@admin.register(Minutes)
class MinutesAdmin(TrackedAdmin):
    list_display = ["__str__", "status", "circulated_on", "approved_at"]
    list_filter = ["status", "meeting__committee__system"]
    list_select_related = ["meeting__committee", "approved_at__committee"]


@admin.register(MinuteEntry)
class MinuteEntryAdmin(TrackedAdmin):
    list_display = ["__str__"]
    list_filter = ["minutes__meeting__committee__system"]
    list_select_related = ["minutes__meeting__committee", "item__presenter__organisation"]


@admin.register(Interest)
class InterestAdmin(TrackedAdmin):
    list_display = ["person", "kind", "organisation_name", "declared_on", "reviewed_on"]
    list_filter = ["kind", "person__system"]
    search_fields = ["person__name", "organisation_name", "description"]
    list_select_related = ["person__organisation"]


@admin.register(Declaration)
class DeclarationAdmin(TrackedAdmin):
    list_display = ["person", "item", "takes_part"]
    list_filter = ["takes_part", "item__meeting__committee__system"]
    search_fields = ["person__name", "description"]
    list_select_related = ["person__organisation", "item__meeting__committee"]


@admin.register(Publication)
class PublicationAdmin(TrackedAdmin):
    list_display = ["system", "committees", "meetings", "minutes", "interests", "reports"]
