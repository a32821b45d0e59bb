"""Who sees a meeting's confidential (part B) business: the one rule.

Confidential items and papers are for the committee's members on the meeting's date, the people
recorded as attending that meeting (present, or deputising) and the system's
programme office (those who administer it, superusers included).
Nobody else sees them: not the system's chair, regulators or partner leads (unless they sit on
the committee or attended), not the public pages, and not the API for those roles. A person is a
user through their entry in the people register (``Person.user``).

A pack outdated by a later change (a paper or item it shows made confidential, withdrawn or
replaced) is for those who see part B only, the public pack included: it may show what is now
confidential.

Everything that lists or serves agenda items, papers, packs or minutes filters through these
functions; nothing else decides.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from core import authz
from governance.models import (
    AgendaItem,
    Attendance,
    Meeting,
    Membership,
    MinuteEntry,
    Pack,
    Paper,
)
from partners.models import Person


def _people(user) -> list[int]:
    """The user's entries in the people register, read once per user object (a request's)."""
    people = getattr(user, "_tracker_people", None)
    if people is None:
        people = user._tracker_people = list(
            Person.objects.filter(user=user).values_list("pk", flat=True)
        )
    return people


def privileged_meetings(user, meeting_path: str = "") -> Q:
    """A condition on a queryset whose ``meeting_path`` leads to a meeting (``""`` for meetings
    themselves): true where the user may see that meeting's confidential business."""
    prefix = f"{meeting_path}__" if meeting_path else ""
    outer = meeting_path or "pk"
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    office = authz.administered_system_ids(user)
    # Known before the statement is built: a user who is nobody in the people register (most
    # regulators) is asked only about the office, and the planner is spared two subqueries.
    condition = Q(**{f"{prefix}committee__system_id__in": office}) if office else Q(pk__in=[])
    people = _people(user)
    if not people:
        return condition
    member = Membership.objects.filter(
        committee=OuterRef(f"{prefix}committee"), person__in=people, planned=False
    ).filter(
        Q(started_on__isnull=True) | Q(started_on__lte=OuterRef(f"{prefix}held_on")),
        Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef(f"{prefix}held_on")),
    )
    attended = Attendance.objects.filter(
        meeting=OuterRef(outer), person__in=people, status=Attendance.Status.PRESENT
    )
    return condition | Q(Exists(member)) | Q(Exists(attended))


def may_see_confidential(user, meeting: Meeting) -> bool:
    """Whether the user may see this meeting's confidential items, papers and minutes."""
    return Meeting.objects.filter(pk=meeting.pk).filter(privileged_meetings(user)).exists()


def visible_items(user, items: models.QuerySet[AgendaItem]) -> models.QuerySet[AgendaItem]:
    """The items the user may see: every public one, and confidential ones of meetings whose
    confidential business is theirs."""
    return items.filter(Q(confidential=False) | privileged_meetings(user, "meeting"))


def visible_papers(user, papers: models.QuerySet[Paper]) -> models.QuerySet[Paper]:
    """The papers the user may see: public papers of public items, and every paper of a meeting
    whose confidential business is theirs."""
    return papers.filter(
        Q(confidential=False, item__confidential=False) | privileged_meetings(user, "item__meeting")
    )


def visible_declarations(user, declarations: models.QuerySet) -> models.QuerySet:
    """The declarations the user may see: those on public items, and those on confidential items
    of meetings whose confidential business is theirs (as ``visible_items``)."""
    return declarations.filter(
        Q(item__confidential=False) | privileged_meetings(user, "item__meeting")
    )


# An entry of approved minutes carries its item's part B flag as approved as well as the item's
# own: it is hidden if either says part B, so neither a later change to the item nor the copy can
# reveal what was, or has since become, confidential. Open minutes copy nothing (the copy's flag
# is False), so the item's own flag decides.
_ENTRY_PUBLIC = Q(item__confidential=False, item_confidential=False)


def visible_minute_entries(
    user, entries: models.QuerySet[MinuteEntry]
) -> models.QuerySet[MinuteEntry]:
    """The minute entries the user may see: part A ones, and part B ones of meetings whose
    confidential business is theirs."""
    return entries.filter(_ENTRY_PUBLIC | privileged_meetings(user, "minutes__meeting"))


def public_items(items: models.QuerySet[AgendaItem]) -> models.QuerySet[AgendaItem]:
    """What may be shown to anyone, signed in or not (the public pages)."""
    return items.filter(confidential=False, withdrawn_on__isnull=True)


def public_minute_entries(entries: models.QuerySet[MinuteEntry]) -> models.QuerySet[MinuteEntry]:
    """Entries anyone may read: part A by both flags, of an item not withdrawn when the minutes
    were approved (or, for minutes still open, not withdrawn now). An item withdrawn after the
    approval keeps its entry: the approved minutes stand as approved."""
    return entries.filter(_ENTRY_PUBLIC).filter(
        Q(item_number__isnull=False, item_withdrawn=False)
        | Q(item_number__isnull=True, item__withdrawn_on__isnull=True)
    )


def public_papers(papers: models.QuerySet[Paper]) -> models.QuerySet[Paper]:
    return papers.filter(
        confidential=False,
        item__confidential=False,
        withdrawn_on__isnull=True,
        item__withdrawn_on__isnull=True,
    )


def public_packs(packs: models.QuerySet[Pack]) -> models.QuerySet[Pack]:
    """The packs anyone who may see the meeting may have: public ones not outdated since."""
    return packs.filter(part=Pack.Part.PUBLIC, outdated_at__isnull=True)


def visible_packs(user, meeting: Meeting, packs: models.QuerySet[Pack]) -> models.QuerySet[Pack]:
    """The meeting's packs (of ``packs``) the user may see: every one for those who may see its
    confidential business, the public ones not outdated for everyone else."""
    packs = packs.filter(meeting=meeting)
    return packs if may_see_confidential(user, meeting) else public_packs(packs)


def _public_since(versions: models.QuerySet):
    """When a record last stopped being part B: its first version saved after its last
    confidential one (None if it never was; a record part B now is not read at all)."""
    private = versions.filter(confidential=True).order_by("-history_date")
    last = private.values_list("history_date", flat=True).first()
    if last is None:
        return None
    after = versions.filter(history_date__gt=last).order_by("history_date")
    return after.values_list("history_date", flat=True).first() or last


def readable_versions(user, item: AgendaItem, versions: models.QuerySet, *, own=False):
    """The versions of ``versions`` (the history of ``item``, or of a paper or declaration on
    it) the user may read: every one for those who see the meeting's confidential business;
    for anyone else only those saved once the item (and, ``own``, the record itself: a paper)
    was last made public, so a title or text it had while in part B is not shown through its
    history."""
    if may_see_confidential(user, item.meeting):
        return versions
    since = [_public_since(item.history.all())]
    if own:
        since.append(_public_since(versions))
    since = [moment for moment in since if moment is not None]
    return versions.filter(history_date__gte=max(since)) if since else versions
