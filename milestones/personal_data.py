"""What milestones holds about people: workstreams they lead, milestones they are responsible
for, and the monthly updates their account reported (core.subject_access)."""

from core.subject_access import Subject, section
from milestones.models import Milestone, ProgressUpdate, Workstream


@section("Workstreams they lead (SRO)", order=30)
def workstreams(subject: Subject) -> list[dict]:
    rows = Workstream.objects.filter(
        sro__in=subject.person_ids, **subject.in_systems("plan__system")
    )
    return [{"Workstream": w.name, "Code": w.code} for w in rows.order_by("code", "name")]


@section("Milestones they are responsible for", order=31)
def milestones(subject: Subject) -> list[dict]:
    rows = Milestone.objects.filter(
        responsible_person__in=subject.person_ids,
        **subject.in_systems("workstream__plan__system"),
    ).select_related("workstream")
    return [
        {"Workstream": m.workstream.name, "Milestone": m.title, "Completed on": m.completed_on}
        for m in rows.order_by("workstream__code", "pk")
    ]


@section("Monthly updates they reported", order=32)
def updates(subject: Subject) -> list[dict]:
    if subject.user is None:
        return []
    rows = ProgressUpdate.objects.filter(
        reported_by=subject.user, **subject.in_systems("milestone__workstream__plan__system")
    ).select_related("milestone")
    return [
        {"Milestone": u.milestone.title, "Month": u.month, "Narrative": u.narrative}
        for u in rows.order_by("month", "pk")
    ]
