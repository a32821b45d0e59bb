"""Demo data for escalation: the routes the agreements set out, and the risk registers."""

from core.audit import update_tracked
from core.demo import DemoContext, parse_date
from escalation import services
from escalation.models import EscalationRoute, Risk
from governance.models import Agreement, Commitment


def load(files: list[dict], context: DemoContext) -> None:
    for data in files:
        delivery = data["delivery"]
        system = context.systems[data["system"]["slug"]]
        for item in delivery.get("escalation_routes", []):
            _load_route(item, system, context)
        for item in delivery.get("risks", []):
            _load_risk(item, system, context)


def _commitment(covers: dict, system):
    ref = covers.get("commitment") or {}
    if not ref:
        return None
    return Commitment.objects.filter(
        agreement__system=system, agreement__title=ref["agreement"], number=ref["number"]
    ).first()


def _load_route(item: dict, system, context: DemoContext) -> None:
    covers = item.get("covers") or {}
    commitment = _commitment(covers, system)
    existing = EscalationRoute.objects.filter(system=system, name=item["name"][:200]).first()
    if existing is not None:
        # A route's steps are edited in the product, not by reloading; the commitment it
        # covers is the agreement's, and is kept up to date.
        if existing.covers_commitment != commitment:
            update_tracked(existing, actor=context.actor, covers_commitment=commitment)
        return
    agreement = (
        Agreement.objects.filter(system=system, title=item["agreement"]).first()
        if item.get("agreement")
        else None
    )
    steps = []
    for step in item.get("steps", []):
        steps.append(
            {
                "order": step["order"],
                "escalate_to_committee": context.objects.get(
                    ("committee", system.slug, step.get("escalate_to_committee") or "")
                ),
                "escalate_to_organisation": context.organisations.get(
                    step.get("escalate_to_organisation") or ""
                ),
                "escalate_to_role": (step.get("escalate_to_role") or "")[:200],
                "response_required": step.get("response_required") or "",
                "response_due_days": step.get("response_due_days"),
                "step_up_after_days": step.get("step_up_after_days"),
                "step_up_after_months": step.get("step_up_after_months"),
            }
        )
    services.route_create(
        actor=context.actor,
        system=system,
        name=item["name"][:200],
        agreement=agreement,
        clause=(item.get("clause") or "")[:300],
        covers_organisation=context.organisations.get(covers.get("organisation") or ""),
        covers_organisation_kind=covers.get("organisation_kind") or "",
        covers_workstream=context.objects.get(
            ("workstream", system.slug, covers.get("workstream") or "")
        ),
        covers_commitment=commitment,
        source=(item.get("source") or "")[:300],
        steps=steps,
    )


def _load_risk(item: dict, system, context: DemoContext) -> None:
    values = {
        "title": item["title"][:300],
        "description": item.get("description", ""),
        "category": item.get("category") or "",
        "owner": context.people.get((system.slug, item.get("owner") or "")),
        "owner_organisation": context.organisations.get(item.get("owner_organisation") or ""),
        "grade": item.get("grade") or "",
        "likelihood": item.get("likelihood"),
        "impact": item.get("impact"),
        "mitigations": item.get("mitigations", ""),
        "status": item.get("status", Risk.Status.OPEN),
        "review_on": parse_date(item.get("review_on")),
        "source": (item.get("source") or "")[:300],
    }
    existing = Risk.objects.filter(system=system, reference=item["reference"]).first()
    if existing is not None:
        update_tracked(existing, actor=context.actor, **values)
        return
    workstreams = [
        context.objects[("workstream", system.slug, code)]
        for code in item.get("workstreams", [])
        if ("workstream", system.slug, code) in context.objects
    ]
    services.risk_create(
        actor=context.actor,
        system=system,
        reference=item["reference"],
        workstreams=workstreams,
        **values,
    )
