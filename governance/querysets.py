"""Reads for governance: each screen's queryset with its prefetches, and the quorum selector."""

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from math import ceil
from operator import attrgetter

from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from core import as_recorded
from governance.models import (
    AgendaItem,
    Agreement,
    Attendance,
    Committee,
    Meeting,
    Membership,
    Party,
    QuorumRequirement,
    TermsOfReference,
)
from governance.models.committees import QUORUM_RULE_FIELDS
from governance.rules import (
    CHAIR_ROLES,
    NOT_YET_HELD_QUORUM,
    Presence,
    QuorumOutcome,
    QuorumRule,
    a_year_before,
    assess_quorum,
    fraction_label,
    membership_changes,
    membership_current_on,
)


def meeting_quorum_prefetches() -> tuple:
    """What meeting_quorum reads, so a list of meetings costs a fixed number of queries.

    Built on call: the querysets read through scoped managers, which need the caller's scope.
    """
    return (
        "attendances__deputising_for",
        Prefetch(
            "committee__terms",
            queryset=TermsOfReference.objects.prefetch_related(
                # The organisation's name is in the reasons: joined, at no extra query.
                Prefetch(
                    "quorum_requirements",
                    queryset=QuorumRequirement.objects.select_related("organisation"),
                )
            ),
        ),
        # The people and whom they represent are named on the attendance page and its export.
        Prefetch(
            "committee__memberships",
            queryset=Membership.objects.select_related("person__organisation", "organisation"),
        ),
    )


def terms_in_force(terms: Iterable[TermsOfReference], day: date) -> TermsOfReference | None:
    """The version of the terms of reference in force on ``day``: the latest to take effect."""
    candidates = [t for t in terms if t.effective_from <= day]
    return max(candidates, key=lambda t: t.effective_from, default=None)


def quorum_rule(terms: TermsOfReference | None, members: int = 0) -> QuorumRule | None:
    """The terms' quorum rule; ``members``: how many members are current on the meeting date
    (a rule may ask for a fraction of them)."""
    if terms is None:
        return None
    requirements = list(terms.quorum_requirements.all())
    return QuorumRule(
        minimum_total=terms.quorum_minimum_total,
        deputies=terms.deputies,
        per_organisation={r.organisation_id: r.minimum_present for r in requirements},
        names={r.organisation_id: r.organisation.name for r in requirements},
        chair_or_vice_chair=terms.quorum_chair_or_vice_chair,
        fraction=terms.quorum_fraction,
        members=members,
        named_role=terms.quorum_named_role,
    )


def _current(membership, on: date) -> bool:
    """``Membership.is_current_on`` of an instance or of a row of its columns."""
    return membership_current_on(membership.planned, membership.started_on, membership.ended_on, on)


# What CommitteeQuorum reads of each attendance: these columns only (a list may read them as rows).
QUORUM_ATTENDANCE = ("person_id", "status", "deputising_for_id", "chair_agreed")
_attendance_key = attrgetter(*QUORUM_ATTENDANCE)


def _quorum_members(memberships: list[Membership], on: date) -> dict[int, Membership]:
    """Each person's quorum membership (member, chair...) current on ``on``."""
    members: dict[int, Membership] = {}
    for membership in memberships:
        if membership.role in Membership.QUORUM_ROLES and _current(membership, on):
            # The chair's own row first, so the role the rules read is the highest held.
            current = members.get(membership.person_id)
            if current is None or membership.role != Membership.Role.MEMBER:
                members[membership.person_id] = membership
    return members


def meeting_presences(
    meeting: Meeting,
    memberships: list[Membership] | None = None,
    members: dict[int, Membership] | None = None,
    not_counted: Iterable[int] = (),
) -> list[Presence]:
    """Members present (by the organisation they represent) and deputies in place of absent ones.
    ``memberships`` (the committee's) and ``members`` (its quorum members on the meeting date)
    when the caller has read them already; ``not_counted``: people present who do not count
    (for one item: ``item_quorum``)."""
    if memberships is None:
        memberships = list(meeting.committee.memberships.all())
    if members is None:
        members = _quorum_members(memberships, meeting.held_on)
    return _presences(
        meeting.held_on, meeting.attendances.all(), memberships, members, set(not_counted)
    )


def _presences(
    held_on: date,
    attendances: Iterable[Attendance],
    memberships: list[Membership],
    members: dict[int, Membership],
    not_counted: set[int],
    by_id: dict[int, Membership] | None = None,
    named_deputies: set[int] | None = None,
) -> list[Presence]:
    if named_deputies is None:
        named_deputies = _named_deputies(memberships, held_on)
    attendances = [a for a in attendances if a.status == "present"]
    present_people = {a.person_id for a in attendances}
    # The member deputised for is one of the committee's, read already: found by id, so a list
    # need not prefetch it (the attendance page, which names them, does).
    if by_id is None:
        by_id = {m.pk: m for m in memberships}
    presences = []
    for attendance in attendances:
        if attendance.person_id in not_counted:
            continue
        if attendance.deputising_for_id is not None:
            deputised = by_id.get(attendance.deputising_for_id)
            if deputised is None:
                # Not the committee's (only a record written around the services): read it
                # as the attendance's own foreign key would.
                deputised = Membership._base_manager.get(pk=attendance.deputising_for_id)
            if deputised.person_id not in present_people:
                own = members.get(attendance.person_id)
                presences.append(
                    Presence(
                        deputised.organisation_id,
                        is_deputy=True,
                        designation=own.designation if own else "",
                        named_deputy=attendance.person_id in named_deputies,
                        chair_agreed=attendance.chair_agreed,
                    )
                )
        elif attendance.person_id in members:
            membership = members[attendance.person_id]
            presences.append(
                Presence(
                    membership.organisation_id,
                    role=membership.role,
                    designation=membership.designation,
                )
            )
    return presences


def _named_deputies(memberships: Iterable[Membership], on: date) -> set[int]:
    """The people the committee names as deputies on ``on``."""
    return {
        m.person_id for m in memberships if m.role == Membership.Role.DEPUTY and _current(m, on)
    }


def meeting_quorum(meeting: Meeting, today: date | None = None) -> QuorumOutcome:
    """Quorum under the terms of reference in force on the meeting date; not yet known for a
    meeting whose date has not come. The committee's members and the meeting's attendance are
    read once (prefetched for a list: ``meeting_quorum_prefetches``)."""
    if meeting.held_on > (today or timezone.localdate()):
        return NOT_YET_HELD_QUORUM
    committee = meeting.committee
    quorum = CommitteeQuorum(committee.terms.all(), committee.memberships.all())
    return quorum.assess(meeting.held_on, meeting.attendances.all(), today)


def meeting_quorums(meetings: Iterable[Meeting], today: date | None = None):
    """Each of ``meetings`` (prefetched: ``meetings_for_list``) with its ``meeting_quorum``, in
    turn, as pairs: each committee's members and rule worked out once (``CommitteeQuorum``),
    not per meeting."""
    today = today or timezone.localdate()
    quorums: dict[int, CommitteeQuorum] = {}
    for meeting in meetings:
        quorum = quorums.get(meeting.committee_id)
        if quorum is None:
            committee = meeting.committee
            quorum = CommitteeQuorum(committee.terms.all(), committee.memberships.all())
            quorums[meeting.committee_id] = quorum
        yield meeting, quorum.assess(meeting.held_on, meeting.attendances.all(), today)


class CommitteeQuorum:
    """``meeting_quorum`` for any meeting of one committee, from its versions of the terms and
    its memberships read once (instances, or rows of ``quorum_terms`` and
    ``quorum_memberships``): a list of meetings works out each committee's members and rule
    once for each period in which they hold, not once per meeting, and assesses the same
    attendance under the same rule once."""

    def __init__(self, terms: Iterable[TermsOfReference], memberships: Iterable[Membership]):
        self.terms = list(terms)
        self.memberships = list(memberships)
        self.by_id = {m.id: m for m in self.memberships}
        # The days on which the members, the named deputies or the terms in force can change:
        # every day between two of them (bisect's index) has the same.
        changes = {t.effective_from for t in self.terms}
        for m in self.memberships:
            changes.update(membership_changes(m.planned, m.started_on, m.ended_on))
        self.changes = sorted(changes)
        self.periods: dict[int, tuple] = {}
        self.outcomes: dict[tuple, QuorumOutcome] = {}

    def _period(self, day: date) -> tuple[int, tuple]:
        """The period ``day`` falls in, and its quorum members, named deputies and rule."""
        index = bisect_right(self.changes, day)
        period = self.periods.get(index)
        if period is None:
            members = _quorum_members(self.memberships, day)
            rule = quorum_rule(terms_in_force(self.terms, day), len(members))
            period = (members, _named_deputies(self.memberships, day), rule)
            self.periods[index] = period
        return index, period

    def assess(
        self, held_on: date, attendances: Iterable[Attendance], today: date | None = None
    ) -> QuorumOutcome:
        """The meeting held on ``held_on`` with these attendances (model rows, or named rows of
        ``QUORUM_ATTENDANCE``)."""
        if held_on > (today or timezone.localdate()):
            return NOT_YET_HELD_QUORUM
        index, (members, deputies, rule) = self._period(held_on)
        # Within a period the outcome depends on nothing but what the attendances record.
        attendances = list(attendances)
        key = (index, tuple(map(_attendance_key, attendances)))
        outcome = self.outcomes.get(key)
        if outcome is None:
            presences = _presences(
                held_on, attendances, self.memberships, members, set(), self.by_id, deputies
            )
            outcome = self.outcomes[key] = assess_quorum(rule, presences)
        return outcome


def _person_label(person) -> str:
    return person.name or person.title


def item_quorum(item: AgendaItem, today: date | None = None) -> QuorumOutcome:
    """Quorum for one agenda item: the meeting's, under the same rules (``assess_quorum``),
    except that where the terms in force say a conflicted member does not count, those present
    who declared an interest and took no part in the item are left out. The notes name each
    of them and say whether they counted, and why. Reads the item's declarations (prefetch
    ``declarations__person`` for a page of items) and its meeting as ``meeting_quorum`` does."""
    meeting = item.meeting
    if meeting.held_on > (today or timezone.localdate()):
        return NOT_YET_HELD_QUORUM
    terms = terms_in_force(meeting.committee.terms.all(), meeting.held_on)
    memberships = list(meeting.committee.memberships.all())
    members = _quorum_members(memberships, meeting.held_on)
    # Those who would count for the meeting: members present, and deputies.
    counting = {
        a.person_id
        for a in meeting.attendances.all()
        if a.status == "present" and (a.deputising_for_id or a.person_id in members)
    }
    conflicted = [
        d.person
        for d in item.declarations.all()
        if not d.takes_part and d.withdrawn_on is None and d.person_id in counting
    ]
    excluded = terms is not None and terms.conflicted_not_counted
    presences = meeting_presences(
        meeting, memberships, members, not_counted={p.pk for p in conflicted} if excluded else ()
    )
    outcome = assess_quorum(quorum_rule(terms, len(members)), presences)
    if terms is None:
        return outcome
    if excluded:
        notes = [
            f"{_person_label(p)} declared an interest and took no part: not counted for this "
            "item, as the terms of reference say."
            for p in conflicted
        ]
    else:
        notes = [
            f"{_person_label(p)} declared an interest and took no part, but still counts: the "
            "terms of reference are silent on conflicted members."
            for p in conflicted
        ]
    return replace(outcome, notes=(*outcome.notes, *notes))


def quorum_terms() -> models.QuerySet[TermsOfReference]:
    """The versions of the terms as ``CommitteeQuorum`` reads them: only the columns it reads,
    each with its quorum requirements (and the organisation's name, which the reasons give).
    Built on call: the querysets read through scoped managers."""
    requirements = QuorumRequirement.objects.select_related("organisation").only(
        "terms", "organisation__name", "minimum_present"
    )
    return TermsOfReference.objects.only(
        "committee", "effective_from", *QUORUM_RULE_FIELDS
    ).prefetch_related(Prefetch("quorum_requirements", queryset=requirements))


def quorums_from_rows(
    meetings: list[Meeting], attendances: models.QuerySet[Attendance], today: date
) -> dict[int, QuorumOutcome]:
    """Each of ``meetings``' quorum (by its id) as ``meeting_quorums`` assesses it, read as rows:
    their attendance as rows of ``QUORUM_ATTENDANCE`` (from ``attendances``, the caller's scoped
    queryset), each committee's terms and members once (``quorum_terms``,
    ``quorum_memberships``): four queries whatever the number of meetings, none for none. Of a
    meeting only ``held_on`` and ``committee_id`` are read."""
    if not meetings:
        return {}
    attended: dict[int, list] = {}
    rows = attendances.filter(meeting__in=[m.pk for m in meetings])
    for attendance in rows.values_list("meeting_id", *QUORUM_ATTENDANCE, named=True):
        attended.setdefault(attendance.meeting_id, []).append(attendance)
    committees = {m.committee_id for m in meetings}
    terms: dict[int, list] = {}
    for version in quorum_terms().filter(committee__in=committees):
        terms.setdefault(version.committee_id, []).append(version)
    members: dict[int, list] = {}
    for membership in quorum_memberships().filter(committee__in=committees):
        members.setdefault(membership.committee_id, []).append(membership)
    quorums = {pk: CommitteeQuorum(terms.get(pk, ()), members.get(pk, ())) for pk in committees}
    return {
        m.pk: quorums[m.committee_id].assess(m.held_on, attended.get(m.pk, ()), today)
        for m in meetings
    }


def quorum_memberships() -> models.QuerySet:
    """The memberships as ``CommitteeQuorum`` reads them: named rows of the columns it reads
    (no instance built for each). Of the memberships' order only the role matters to it (a
    person's rows by role, ``_quorum_members``): the committee's and the person's names are
    not joined to sort them."""
    return Membership.objects.order_by("role", "pk").values_list(
        "id",
        "committee_id",
        "person_id",
        "organisation_id",
        "role",
        "designation",
        "planned",
        "started_on",
        "ended_on",
        named=True,
    )


def meetings_for_list(queryset: models.QuerySet[Meeting]) -> models.QuerySet[Meeting]:
    return queryset.select_related("committee").prefetch_related(*meeting_quorum_prefetches())


def committees_for_list(queryset: models.QuerySet[Committee]) -> models.QuerySet[Committee]:
    return queryset.select_related("reports_to").prefetch_related(
        Prefetch(
            "terms",
            queryset=TermsOfReference.objects.prefetch_related("quorum_requirements__organisation"),
        )
    )


def agreements_for_list(queryset: models.QuerySet[Agreement]) -> models.QuerySet[Agreement]:
    return queryset.prefetch_related(
        Prefetch(
            "parties",
            queryset=Party.objects.select_related("organisation", "signatory"),
        )
    )


def committee_detail_memberships(committee: Committee) -> models.QuerySet[Membership]:
    return committee.memberships.select_related("person__organisation", "organisation")


def memberships_for_export(
    memberships: models.QuerySet[Membership], committees: models.QuerySet[Committee]
) -> models.QuerySet[Membership]:
    """The members of ``committees`` as the committee list's download lists them."""
    # The committees may be history rows (core.as_recorded), whose own key is the version's.
    return (
        memberships.filter(committee_id__in=committees.values(as_recorded.id_of(committees)))
        .select_related("committee", "person__organisation", "organisation")
        .order_by("committee__name", "role", "person__name", "person__title", "pk")
    )


def meeting_detail(queryset: models.QuerySet[Meeting]) -> models.QuerySet[Meeting]:
    return meetings_for_list(queryset).prefetch_related(
        "attendances__person__organisation",
        "attendances__deputising_for__person",
        "decisions",
        "actions__owner__organisation",
    )


def agreement_detail(queryset: models.QuerySet[Agreement]) -> models.QuerySet[Agreement]:
    return agreements_for_list(queryset).prefetch_related(
        "versions", "commitments__owners__organisation"
    )


def members_on(meeting: Meeting) -> list[Membership]:
    """The committee's members (and those in attendance) current on the meeting date."""
    return [
        m
        for m in meeting.committee.memberships.all()
        if m.is_current_on(meeting.held_on) and m.role != Membership.Role.DEPUTY
    ]


def _label(membership: Membership) -> str:
    return membership.person.name or membership.person.title


def quorum_parts(terms: TermsOfReference | None, memberships: Iterable[Membership], day: date):
    """What the terms ask for to be quorate, part by part, each with the members (current on
    ``day``) who can meet it: the rule explained on the committee's own membership."""
    if terms is None:
        return []
    current = [m for m in memberships if m.is_current_on(day)]
    members = [m for m in current if m.role in Membership.QUORUM_ROLES]
    parts = []
    if terms.quorum_minimum_total:
        parts.append((f"At least {terms.quorum_minimum_total} members present", []))
    for requirement in terms.quorum_requirements.all():
        organisation = requirement.organisation
        who = [_label(m) for m in members if m.organisation_id == organisation.pk]
        count = requirement.minimum_present
        noun = "representative" if count == 1 else "representatives"
        parts.append((f"{organisation.name}: at least {count} {noun} present", who))
    if terms.quorum_chair_or_vice_chair:
        who = [_label(m) for m in members if m.role in CHAIR_ROLES]
        parts.append(("The chair or vice-chair present", who))
    if terms.quorum_fraction:
        numerator, denominator = terms.quorum_fraction
        needed = max(ceil(len(members) * numerator / denominator), 1)
        label = fraction_label(numerator, denominator).capitalize()
        parts.append((f"{label} of the {len(members)} members present: {needed}", []))
    if terms.quorum_named_role:
        role = terms.quorum_named_role.strip().lower()
        who = [_label(m) for m in members if m.designation.strip().lower() == role]
        parts.append((f"A {terms.quorum_named_role} present", who))
    deputies = [_label(m) for m in current if m.role == Membership.Role.DEPUTY]
    parts.append((terms.get_deputies_display(), deputies))
    return parts


def interests_review_due(queryset: models.QuerySet, as_at: date) -> models.QuerySet:
    """``rules.interest_review_due`` as a filter."""
    return queryset.alias(last_looked_at=Coalesce("reviewed_on", "declared_on")).filter(
        Q(withdrawn_on__isnull=True), last_looked_at__lte=a_year_before(as_at)
    )


def register_of_interests(queryset: models.QuerySet) -> models.QuerySet:
    return queryset.select_related("person__organisation")
