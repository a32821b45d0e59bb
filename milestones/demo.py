"""Demo data for milestones: each system's plan, gateways, workstreams and key milestones."""

from core.demo import DemoContext, ensure, parse_date
from governance.models import Commitment
from milestones import services
from milestones.models import Dependency, Gateway, Milestone, Plan, Workstream


def load(files: list[dict], context: DemoContext) -> None:
    for data in files:
        delivery = data["delivery"]
        if not delivery.get("plan"):
            continue
        system = context.systems[data["system"]["slug"]]
        plan = _load_plan(delivery["plan"], system, context)
        context.objects[("plan", system.slug)] = plan
        gateways = {
            item["number"]: _load_gateway(item, plan, context)
            for item in delivery.get("gateways", [])
        }
        workstreams = {}
        for item in delivery.get("workstreams", []):
            workstream = _load_workstream(item, plan, system, context)
            workstreams[item.get("code") or item["name"]] = workstream
            context.objects[("workstream", system.slug, item.get("code") or item["name"])] = (
                workstream
            )
        milestones = {}
        # Every milestone the seed gives, dated or not: one without a date is stored without a
        # baseline and shown as not dated, never given a made-up date.
        items = delivery.get("milestones", [])
        for item in items:
            workstream = workstreams[item["workstream"]]
            milestone = _load_milestone(item, workstream, gateways, system, context)
            milestones[item["title"]] = milestone
            context.objects[("milestone", system.slug, item["title"])] = milestone
        for item in items:
            for title in item.get("depends_on", []):
                if title not in milestones:
                    continue
                milestone, depends_on = milestones[item["title"]], milestones[title]
                if not Dependency.objects.filter(
                    milestone=milestone, depends_on=depends_on
                ).exists():
                    services.dependency_add(
                        actor=context.actor, milestone=milestone, depends_on=depends_on
                    )


def _load_plan(item: dict, system, context: DemoContext) -> Plan:
    values = {
        "starts_on": parse_date(item.get("starts_on")),
        "ends_on": parse_date(item.get("ends_on")),
        "source": item.get("source", "")[:300],
    }
    if item.get("amber_tolerance_days") is not None:
        values["amber_tolerance_days"] = item["amber_tolerance_days"]
    return ensure(
        Plan.objects.all(),
        {"system": system, "title": item["title"]},
        actor=context.actor,
        create=services.plan_create,
        **values,
    )


def _load_gateway(item: dict, plan: Plan, context: DemoContext) -> Gateway:
    return ensure(
        Gateway.objects.all(),
        {"plan": plan, "number": item["number"]},
        actor=context.actor,
        create=services.gateway_create,
        name=item["name"][:200],
        from_date=parse_date(item.get("from_date")),
        objectives=item.get("objectives", ""),
    )


def _load_workstream(item: dict, plan: Plan, system, context: DemoContext) -> Workstream:
    sro = context.people.get((system.slug, item.get("sro") or ""))
    return ensure(
        Workstream.objects.all(),
        {"plan": plan, "name": item["name"][:200]},
        actor=context.actor,
        create=services.workstream_create,
        code=item.get("code", ""),
        sro=sro,
        sro_role=item.get("sro_role", "")[:200],
        lead_organisation=context.organisations.get(item.get("lead_organisation") or ""),
        objective_kind=item.get("objective_kind") or "",
        objective=item.get("objective", ""),
        target=(item.get("target") or "")[:200],
        target_date=parse_date(item.get("target_date")),
        status_note=item.get("status", "")[:300],
        source=item.get("source", "")[:300],
    )


def _commitment(reference: dict | None, system) -> Commitment | None:
    if not reference:
        return None
    return Commitment.objects.get(
        agreement__system=system,
        agreement__title=reference["agreement"],
        number=reference["number"],
    )


def _load_milestone(item, workstream, gateways, system, context: DemoContext) -> Milestone:
    existing = Milestone.objects.filter(workstream=workstream, title=item["title"][:300]).first()
    if existing is not None:
        return existing  # dates move by updates and re-baselining, never by reloading
    return services.milestone_create(
        actor=context.actor,
        workstream=workstream,
        title=item["title"][:300],
        baseline_on=parse_date(item.get("baseline_on")),
        is_key=item.get("key", False),
        responsible_organisation=context.organisations.get(
            item.get("responsible_organisation") or ""
        ),
        responsible_person=context.people.get((system.slug, item.get("responsible_person") or "")),
        commitment=_commitment(item.get("commitment"), system),
        gateway=gateways.get(item.get("gateway")),
        source=item.get("source", "")[:300],
    )
