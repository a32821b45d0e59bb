"""The reads behind the public pages: only what the system chose to publish, and of that only
what governance.confidential says anyone may see. Each function runs inside the scope of the one
system whose pages are asked for (public.views.public_page opens it)."""

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from governance.confidential import public_items, public_minute_entries, public_papers
from governance.minutes_reads import ENTRY_ORDER
from governance.models import (
    AgendaItem,
    Committee,
    Interest,
    Meeting,
    Membership,
    MinuteEntry,
    Minutes,
    Paper,
    Publication,
)
from partners.models import System
from reports.models import MonthlyReport, ReportStatus

SECTIONS = ("committees", "meetings", "minutes", "interests", "reports")


def publishing_system(slug: str) -> tuple[System, Publication]:
    """The system and what it publishes: 404 for an unknown slug and for a system that publishes
    nothing (one query: the publication settings come with the system)."""
    system = System.objects.select_related("publication").filter(slug=slug).first()
    publication = getattr(system, "publication", None) if system is not None else None
    if publication is None or not publication.publishes_anything:
        raise Http404("This system publishes nothing here.")
    return system, publication


def publishing_system_ids() -> list[int]:
    """Every system that publishes at least one section (for the sitemap)."""
    chosen = Q()
    for section in SECTIONS:
        chosen |= Q(**{f"publication__{section}": True})
    return list(System.objects.filter(chosen).values_list("pk", flat=True))


def committees(system: System) -> QuerySet[Committee]:
    """Every committee, those standing first; each with its current members and planned posts."""
    today = timezone.localdate()
    members = (
        Membership.objects.filter(
            Q(planned=True)
            | (
                (Q(started_on__isnull=True) | Q(started_on__lte=today))
                & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))
            )
        )
        .select_related("person__organisation", "organisation")
        .order_by("planned", "role", "person__name")
    )
    return (
        Committee.objects.filter(system=system)
        .order_by(F("stood_down_on").asc(nulls_first=True), "name")
        .prefetch_related(Prefetch("memberships", queryset=members, to_attr="public_members"))
    )


def meetings(system: System) -> QuerySet[Meeting]:
    """Meetings held or scheduled; a cancelled one had no business to publish (and its reason
    for cancelling is the office's note, not a public statement)."""
    return (
        Meeting.objects.filter(committee__system=system)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("committee")
        .only("pk", "held_on", "starts_at", "status", "location", "committee__name")
    )


def meeting(system: System, pk: int) -> Meeting:
    found = meetings(system).filter(pk=pk).first()
    if found is None:
        raise Http404("No such meeting is published.")
    return found


def current_papers() -> QuerySet[Paper]:
    """Public papers in their current version: an earlier version a later one replaced is not
    published (a paper is replaced because it was wrong; the public sees what the board uses)."""
    return public_papers(Paper.objects.filter(replaced_by__isnull=True)).order_by("title", "pk")


def agenda(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's public items, each with its public, current papers."""
    return list(
        public_items(AgendaItem.objects.filter(meeting=meeting))
        .select_related("presenter")
        .prefetch_related(Prefetch("papers", queryset=current_papers(), to_attr="public_papers"))
        .order_by("number")
    )


def paper(system: System, pk: int) -> Paper:
    """A paper anyone may download: public, of a public item, current, not withdrawn, of a
    meeting that is published."""
    found = (
        current_papers()
        .filter(pk=pk, item__meeting__in=meetings(system).values("pk"))
        .only("pk", "file", "filename", "content_type", "sha256")
        .first()
    )
    if found is None:
        raise Http404("No such paper is published.")
    return found


def approved_minutes(system: System) -> QuerySet[Minutes]:
    """Approved minutes (never a draft, a circulated draft or a superseded version), of
    published meetings."""
    return (
        Minutes.objects.filter(
            status=Minutes.Status.APPROVED, meeting__in=meetings(system).values("pk")
        )
        .select_related("meeting__committee", "approved_at")
        .order_by("-meeting__held_on", "meeting__committee__name")
    )


def minutes_of(system: System, meeting: Meeting) -> Minutes | None:
    return approved_minutes(system).filter(meeting=meeting).first()


def minute_entries(minutes: Minutes) -> list[MinuteEntry]:
    """What the minutes say of the meeting's public items only, as approved."""
    return list(
        public_minute_entries(MinuteEntry.objects.filter(minutes=minutes))
        .select_related("item__presenter__organisation")
        .order_by(*ENTRY_ORDER)
    )


def interests(system: System) -> QuerySet[Interest]:
    """The register as it stands: interests not withdrawn and not ended before today."""
    today = timezone.localdate()
    return (
        Interest.objects.filter(person__system=system, withdrawn_on__isnull=True)
        .filter(Q(held_to__isnull=True) | Q(held_to__gte=today))
        .select_related("person__organisation")
        .order_by("person__name", "-declared_on", "pk")
    )


def reports(system: System) -> QuerySet[MonthlyReport]:
    """Published monthly reports: one a month, the version in force (a corrected one is
    superseded and no longer listed)."""
    return (
        MonthlyReport.objects.filter(system=system, status=ReportStatus.PUBLISHED)
        .exclude(pdf="")
        .select_related("system")
        .only("pk", "month", "version", "status", "published_at", "pdf", "sha256", "system")
        .order_by("-month")
    )


def report(system: System, pk: int) -> MonthlyReport:
    found = reports(system).filter(pk=pk).first()
    if found is None:
        raise Http404("No such report is published.")
    return found
