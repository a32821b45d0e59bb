"""What governance holds about people: memberships, attendance, interests and declarations,
actions they own, items they present, agreements they signed.

Retention (core.retention): a withdrawn interest or declaration is kept, for the governance
record, but what it said about the person goes after its period. Subject access sections
(core.subject_access).
"""

from datetime import datetime

from django.db.models import Q

from core.audit import system_actor
from core.erasure import Erasure, after_erase
from core.retention import retention
from core.subject_access import Subject, section
from governance.models import (
    Action,
    AgendaItem,
    Attendance,
    Declaration,
    Interest,
    Membership,
    Paper,
    Party,
)
from governance.services_packs import packs_outdate

REMOVED = "Removed after its retention period."
# Each withdrawn record's fields that describe the person's interests.
WITHDRAWN_PERSONAL_FIELDS = {
    Interest: ("description", "organisation_name"),
    Declaration: ("description", "action"),
}


@retention(
    "withdrawn_interests",
    "What withdrawn interests and declarations said",
    days=6 * 365,
    action="The record is kept (that it was declared, when, by whom, whether they took part); "
    "what it said is removed, in its history too.",
)
def withdrawn_interests(before: datetime, apply: bool) -> int:
    count = 0
    for model, fields in WITHDRAWN_PERSONAL_FIELDS.items():
        past = model.objects.filter(withdrawn_on__lt=before.date()).exclude(description=REMOVED)
        ids = list(past.values_list("pk", flat=True))
        count += len(ids)
        if apply and ids:
            blank = {field: REMOVED if field == "description" else "" for field in fields}
            # The history's rows say the same: rewritten with the record, adding no row.
            model.history.filter(id__in=ids).update(**blank)
            model._base_manager.filter(pk__in=ids).update(**blank)
    return count


def _meeting(row) -> str:
    meeting = row.meeting
    return f"{meeting.committee.name}, {meeting.held_on:%-d %b %Y}"


@section("Committee memberships", order=20)
def memberships(subject: Subject) -> list[dict]:
    rows = Membership.objects.filter(
        person__in=subject.person_ids, **subject.in_systems("committee__system")
    ).select_related("committee", "organisation")
    return [
        {
            "Committee": m.committee.name,
            "Role": m.get_role_display(),
            "Organisation represented": m.organisation.name if m.organisation_id else "",
            "From": m.started_on,
            "To": m.ended_on,
            "Why they stood down": m.ended_reason,
        }
        for m in rows.order_by("committee__name", "started_on")
    ]


@section("Attendance at meetings", order=21)
def attendance(subject: Subject) -> list[dict]:
    rows = Attendance.objects.filter(
        Q(person__in=subject.person_ids) | Q(deputising_for__in=subject.person_ids),
        **subject.in_systems("meeting__committee__system"),
    ).select_related("meeting__committee", "person", "deputising_for")
    return [
        {
            "Meeting": _meeting(a),
            "Who attended": "They" if a.person_id in subject.person_ids else "Their deputy",
            "Status": a.get_status_display(),
            "Deputising for": str(a.deputising_for) if a.deputising_for_id else "",
        }
        for a in rows.order_by("meeting__held_on", "pk")
    ]


@section("Register of interests", order=22)
def interests(subject: Subject) -> list[dict]:
    rows = Interest.objects.filter(
        person__in=subject.person_ids, **subject.in_systems("person__system")
    )
    return [
        {
            "Kind": i.get_kind_display(),
            "Organisation concerned": i.organisation_name,
            "Nature of the interest": i.description,
            "From": i.held_from,
            "To": i.held_to,
            "Declared on": i.declared_on,
            "Withdrawn on": i.withdrawn_on,
        }
        for i in rows.order_by("declared_on", "pk")
    ]


@section("Declarations at meetings", order=23)
def declarations(subject: Subject) -> list[dict]:
    rows = Declaration.objects.filter(
        person__in=subject.person_ids, **subject.in_systems("item__meeting__committee__system")
    ).select_related("item__meeting__committee")
    return [
        {
            "Meeting": _meeting(d.item),
            "Agenda item": d.item.title,
            "Interest declared": d.description,
            "Took part": d.takes_part,
            "How it was managed": d.action,
            "Withdrawn on": d.withdrawn_on,
        }
        for d in rows.order_by("item__meeting__held_on", "pk")
    ]


@section("Actions they own", order=24)
def actions(subject: Subject) -> list[dict]:
    rows = Action.objects.filter(
        owner__in=subject.person_ids, **subject.in_systems("meeting__committee__system")
    ).select_related("meeting__committee")
    return [
        {
            "Meeting": _meeting(a),
            "Action": a.description,
            "Due on": a.due_on,
            "Status": a.get_status_display(),
            "Completed on": a.completed_on,
        }
        for a in rows.order_by("meeting__held_on", "pk")
    ]


@section("Agenda items they present", order=25)
def presented(subject: Subject) -> list[dict]:
    rows = AgendaItem.objects.filter(
        presenter__in=subject.person_ids, **subject.in_systems("meeting__committee__system")
    ).select_related("meeting__committee")
    return [
        {"Meeting": _meeting(item), "Item": item.title}
        for item in rows.order_by("meeting__held_on")
    ]


@section("Agreements they signed", order=26)
def signatures(subject: Subject) -> list[dict]:
    rows = Party.objects.filter(
        signatory__in=subject.person_ids, **subject.in_systems("agreement__system")
    ).select_related("agreement", "organisation")
    return [
        {
            "Agreement": str(p.agreement),
            "For": p.organisation.name,
            "Signed on": p.signed_on,
        }
        for p in rows.order_by("signed_on", "pk")
    ]


@after_erase
def outdate_packs(erasure: Erasure) -> None:
    """A built meeting pack that named the person (an item they present, an item's or paper's
    words the erasure rewrote) says what the records no longer say: it is out of date, as after
    any change that makes it untrue, the public one too, until the office builds it again."""
    items = AgendaItem._base_manager.filter(
        Q(presenter_id__in=erasure.person_ids)
        | Q(pk__in=erasure.changed.get(AgendaItem._meta.label, set()))
        | Q(papers__in=erasure.changed.get(Paper._meta.label, set()))
    )
    for meeting_id in sorted(set(items.values_list("meeting_id", flat=True))):
        packs_outdate(
            meeting_id,
            actor=erasure.actor or system_actor(),
            reason="a person's identity was erased",
            public=True,
        )
