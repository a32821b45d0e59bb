"""Reads for governance: each screen's queryset with its prefetches, and the quorum selector."""

from collections.abc import Iterable
from datetime import date

from django.db import models
from django.db.models import Prefetch

from governance.models import (
    Agreement,
    Committee,
    Meeting,
    Membership,
    Party,
    TermsOfReference,
)
from governance.rules import Presence, QuorumOutcome, QuorumRule, assess_quorum


def meeting_quorum_prefetches() -> tuple:
    """What meeting_quorum reads, so a list of meetings costs a fixed number of queries.

    Built on call: the querysets read through scoped managers, which need the caller's scope.
    """
    return (
        "attendances__deputising_for",
        Prefetch(
            "committee__terms",
            queryset=TermsOfReference.objects.prefetch_related("quorum_requirements"),
        ),
        "committee__memberships",
    )


def terms_in_force(terms: Iterable[TermsOfReference], day: date) -> TermsOfReference | None:
    """The version of the terms of reference in force on ``day``: the latest to take effect."""
    candidates = [t for t in terms if t.effective_from <= day]
    return max(candidates, key=lambda t: t.effective_from, default=None)


def quorum_rule(terms: TermsOfReference | None) -> QuorumRule | None:
    if terms is None:
        return None
    return QuorumRule(
        minimum_total=terms.quorum_minimum_total,
        deputies_count=terms.deputies_count,
        per_organisation={
            r.organisation_id: r.minimum_present for r in terms.quorum_requirements.all()
        },
    )


def meeting_presences(meeting: Meeting) -> list[Presence]:
    """Members present (by the organisation they represent) and deputies in place of absent ones."""
    day = meeting.held_on
    members: dict[int, Membership] = {}
    for membership in meeting.committee.memberships.all():
        if membership.role in Membership.QUORUM_ROLES and membership.is_current_on(day):
            members.setdefault(membership.person_id, membership)
    present_people = {a.person_id for a in meeting.attendances.all() if a.status == "present"}
    presences = []
    for attendance in meeting.attendances.all():
        if attendance.status != "present":
            continue
        deputised = attendance.deputising_for
        if deputised is not None:
            if deputised.person_id not in present_people:
                presences.append(Presence(deputised.organisation_id, is_deputy=True))
        elif attendance.person_id in members:
            presences.append(Presence(members[attendance.person_id].organisation_id))
    return presences


def meeting_quorum(meeting: Meeting) -> QuorumOutcome:
    """Quorum under the terms of reference in force on the meeting date."""
    terms = terms_in_force(meeting.committee.terms.all(), meeting.held_on)
    return assess_quorum(quorum_rule(terms), meeting_presences(meeting))


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


def meeting_detail(queryset: models.QuerySet[Meeting]) -> models.QuerySet[Meeting]:
    return meetings_for_list(queryset).prefetch_related(
        "attendances__person__organisation",
        "attendances__deputising_for__person",
        "decisions",
        "actions__owner",
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
