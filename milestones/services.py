"""Writes for the plan and its milestones. Keyword-only, atomic, recorded against ``actor``."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import save_tracked, update_tracked
from core.services import check_changes, required_reason
from governance.models import Commitment
from milestones.models import (
    Baseline,
    Dependency,
    Gateway,
    Milestone,
    Plan,
    ProgressUpdate,
    Workstream,
)
from partners.models import Organisation, Person, System


def _same_system(system_id: int, other_system_id: int, field: str) -> None:
    if system_id != other_system_id:
        raise ValidationError({field: "Choose one in this system."})


@transaction.atomic
def plan_create(*, actor, system: System, title: str, **fields) -> Plan:
    return save_tracked(Plan(system=system, title=title, **fields), actor=actor)


@transaction.atomic
def gateway_create(
    *,
    actor,
    plan: Plan,
    number: int,
    name: str,
    from_date: date | None = None,
    objectives: str = "",
) -> Gateway:
    gateway = Gateway(
        plan=plan, number=number, name=name, from_date=from_date, objectives=objectives
    )
    return save_tracked(gateway, actor=actor)


def _check_open(record, field: str | None = None) -> None:
    """A withdrawn record is kept as it was: nothing is added to it or changed on it."""
    if record.withdrawn_on is not None:
        message = (
            f"{record} was withdrawn on {record.withdrawn_on:%-d %B %Y} and is kept as it was."
        )
        raise ValidationError({field: message} if field else message)


def _withdraw(record, *, actor, reason: str, kind: str):
    reason = required_reason(reason, f"Say why the {kind} is being withdrawn.")
    _check_open(record)
    update_tracked(
        record,
        actor=actor,
        reason=reason,
        withdrawn_on=timezone.localdate(),
        withdrawal_reason=reason,
    )
    return record


# What a gateway's correction may change. Never its plan, nor the withdrawal (gateway_withdraw).
GATEWAY_EDITABLE = {"number", "name", "from_date", "objectives"}


@transaction.atomic
def gateway_update(*, actor, gateway: Gateway, reason: str = "", **changes) -> Gateway:
    """Correct a gateway; its history keeps the old values, who, when and why."""
    check_changes("gateway_update", changes, GATEWAY_EDITABLE)
    _check_open(gateway)
    update_tracked(gateway, actor=actor, reason=reason, **changes)
    return gateway


@transaction.atomic
def gateway_withdraw(*, actor, gateway: Gateway, reason: str) -> Gateway:
    """Withdraw a gateway: kept and labelled, no longer offered to milestones. The milestones
    at it keep pointing at it, so their history still reads true."""
    return _withdraw(gateway, actor=actor, reason=reason, kind="gateway")


@transaction.atomic
def workstream_withdraw(*, actor, workstream: Workstream, reason: str) -> Workstream:
    """Withdraw a workstream: kept and labelled; it and its milestones leave every count."""
    return _withdraw(workstream, actor=actor, reason=reason, kind="workstream")


@transaction.atomic
def milestone_withdraw(*, actor, milestone: Milestone, reason: str) -> Milestone:
    """Withdraw a milestone: kept and labelled, left out of RAG counts, the dashboard and the
    report, and listed only when a filter asks for the withdrawn."""
    return _withdraw(milestone, actor=actor, reason=reason, kind="milestone")


@transaction.atomic
def workstream_create(*, actor, plan: Plan, name: str, **fields) -> Workstream:
    check_changes("workstream_create", fields, WORKSTREAM_EDITABLE)
    workstream = Workstream(plan=plan, name=name, **fields)
    if workstream.sro is not None:
        _same_system(plan.system_id, workstream.sro.system_id, "sro")
    return save_tracked(workstream, actor=actor)


@transaction.atomic
def milestone_create(
    *,
    actor,
    workstream: Workstream,
    title: str,
    baseline_on: date | None,
    forecast_on: date | None = None,
    is_key: bool = False,
    responsible_organisation: Organisation | None = None,
    responsible_person: Person | None = None,
    commitment: Commitment | None = None,
    gateway: Gateway | None = None,
    source: str = "",
    reason: str = "",
) -> Milestone:
    system_id = workstream.plan.system_id
    if responsible_person is not None:
        _same_system(system_id, responsible_person.system_id, "responsible_person")
    if commitment is not None:
        _same_system(system_id, commitment.agreement.system_id, "commitment")
    if gateway is not None and gateway.plan_id != workstream.plan_id:
        raise ValidationError({"gateway": "Choose a gateway of this milestone's plan."})
    _check_open(workstream, "workstream")
    if gateway is not None:
        _check_open(gateway, "gateway")
    milestone = Milestone(
        workstream=workstream,
        title=title,
        baseline_on=baseline_on,
        forecast_on=forecast_on,
        is_key=is_key,
        responsible_organisation=responsible_organisation,
        responsible_person=responsible_person,
        commitment=commitment,
        gateway=gateway,
        source=source,
        original_baseline_on=baseline_on,  # its first baseline, recorded below
    )
    save_tracked(milestone, actor=actor, reason=reason)
    if baseline_on is not None:  # an undated milestone gets its first baseline by re-baselining
        baseline = Baseline(
            milestone=milestone,
            baseline_on=baseline_on,
            set_by=actor,
            set_at=timezone.now(),
            reason="First baseline",
        )
        save_tracked(baseline, actor=actor, reason=reason)
    return milestone


@transaction.atomic
def milestone_rebaseline(
    *, actor, milestone: Milestone, baseline_on: date, reason: str
) -> Milestone:
    """Move the baseline (or set the first one of a milestone its source left undated); the
    earlier ones are kept with who set them, when and why."""
    reason = required_reason(reason, "Say why the milestone is being re-baselined.")
    _check_open(milestone)
    if baseline_on == milestone.baseline_on:
        raise ValidationError({"baseline_on": "The new baseline is the same as the current one."})
    save_tracked(
        Baseline(
            milestone=milestone,
            baseline_on=baseline_on,
            set_by=actor,
            set_at=timezone.now(),
            reason=reason,
        ),
        actor=actor,
    )
    update_tracked(milestone, actor=actor, reason=reason, baseline_on=baseline_on)
    return milestone


def _reaches(start: Milestone, target_id: int) -> bool:
    """Whether following dependencies from ``start`` leads to ``target_id``."""
    seen: set[int] = set()
    frontier = [start.pk]
    while frontier:
        if target_id in frontier:
            return True
        seen.update(frontier)
        frontier = [
            pk
            for pk in Dependency.objects.filter(milestone_id__in=frontier).values_list(
                "depends_on_id", flat=True
            )
            if pk not in seen
        ]
    return False


@transaction.atomic
def dependency_add(*, actor, milestone: Milestone, depends_on: Milestone) -> Dependency:
    if milestone.pk == depends_on.pk:
        raise ValidationError({"depends_on": "A milestone cannot depend on itself."})
    _same_system(
        milestone.workstream.plan.system_id, depends_on.workstream.plan.system_id, "depends_on"
    )
    if _reaches(depends_on, milestone.pk):
        raise ValidationError(
            {"depends_on": f"{depends_on} already depends, through others, on {milestone}."}
        )
    return save_tracked(Dependency(milestone=milestone, depends_on=depends_on), actor=actor)


@transaction.atomic
def progress_update_record(
    *,
    actor,
    milestone: Milestone,
    month: date,
    narrative: str,
    forecast_on: date | None = None,
    completed_on: date | None = None,
    today: date | None = None,
    reason: str = "",
) -> ProgressUpdate:
    """This month's update: moves the forecast / completion and keeps the RAG as it then stood."""
    if not narrative.strip():
        raise ValidationError({"narrative": "Say what has happened this month."})
    _check_open(milestone)
    today = today or date.today()
    if completed_on is not None and completed_on > today:
        raise ValidationError({"completed_on": "A milestone cannot be completed in the future."})
    update_tracked(
        milestone,
        actor=actor,
        reason=reason,
        forecast_on=forecast_on or milestone.forecast_on,
        completed_on=completed_on,
    )
    month = month.replace(day=1)
    values = {
        "narrative": narrative.strip(),
        "forecast_on": milestone.forecast_on,
        "completed_on": completed_on,
        "rag": milestone.rag_on(today),
        "reported_by": actor,
        "reported_at": timezone.now(),
    }
    update = ProgressUpdate.objects.filter(milestone=milestone, month=month).first()
    if update is None:
        return save_tracked(
            ProgressUpdate(milestone=milestone, month=month, **values), actor=actor, reason=reason
        )
    update_tracked(update, actor=actor, reason=reason, **values)
    return update


# What a workstream's update may change; its plan only within the same system (checked below).
WORKSTREAM_EDITABLE = {
    "plan",
    "code",
    "name",
    "sro",
    "sro_role",
    "lead_organisation",
    "objective_kind",
    "objective",
    "target",
    "target_date",
    "status_note",
    "source",
}


@transaction.atomic
def workstream_update(*, actor, workstream: Workstream, reason: str = "", **changes) -> Workstream:
    check_changes("workstream_update", changes, WORKSTREAM_EDITABLE)
    _check_open(workstream)
    plan = changes.get("plan", workstream.plan)
    _same_system(workstream.plan.system_id, plan.system_id, "plan")
    sro = changes.get("sro", workstream.sro)
    if sro is not None:
        _same_system(plan.system_id, sro.system_id, "sro")
    if plan.pk != workstream.plan_id:
        # A milestone's gateway must be one of its workstream's plan's.
        at_gateways = workstream.milestones.exclude(gateway=None).exclude(gateway__plan=plan)
        if at_gateways.exists():
            raise ValidationError(
                {"plan": "Some of its milestones are at gateways of its current plan."}
            )
    update_tracked(workstream, actor=actor, reason=reason, **changes)
    return workstream


# What the milestone form may change: the baseline moves only by re-baselining, and completion
# only through a monthly update, so that each keeps its own record.
MILESTONE_EDITABLE = {
    "workstream",
    "title",
    "forecast_on",
    "is_key",
    "responsible_organisation",
    "responsible_person",
    "commitment",
    "gateway",
    "source",
}


@transaction.atomic
def milestone_update(*, actor, milestone: Milestone, reason: str = "", **changes) -> Milestone:
    """Correct a milestone; its history keeps the old values, who, when and why."""
    baseline_on = changes.pop("baseline_on", milestone.baseline_on)
    if baseline_on != milestone.baseline_on:
        raise ValidationError(
            {"baseline_on": "Re-baseline the milestone to move its baseline date."}
        )
    check_changes("milestone_update", changes, MILESTONE_EDITABLE)
    _check_open(milestone)
    system_id = milestone.workstream.plan.system_id
    workstream = changes.get("workstream", milestone.workstream)
    _same_system(system_id, workstream.plan.system_id, "workstream")
    person = changes.get("responsible_person", milestone.responsible_person)
    if person is not None:
        _same_system(system_id, person.system_id, "responsible_person")
    commitment = changes.get("commitment", milestone.commitment)
    if commitment is not None:
        _same_system(system_id, commitment.agreement.system_id, "commitment")
    if workstream.pk != milestone.workstream_id:
        _check_open(workstream, "workstream")
    gateway = changes.get("gateway", milestone.gateway)
    if gateway is not None and gateway.plan_id != workstream.plan_id:
        raise ValidationError({"gateway": "Choose a gateway of this milestone's plan."})
    if gateway is not None and gateway.pk != milestone.gateway_id:
        _check_open(gateway, "gateway")
    update_tracked(milestone, actor=actor, reason=reason, **changes)
    return milestone
