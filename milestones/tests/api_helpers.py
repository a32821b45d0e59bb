"""Constants and helpers shared by the milestone API tests."""

from datetime import date, timedelta

from milestones import services
from milestones.api import ROUTES
from tests import factories

TODAY = date.today()
# Every registered endpoint is in the matrix: a new route cannot skip these tests.
MODELS = {prefix: viewset.model for prefix, viewset in ROUTES}
ENDPOINTS = list(MODELS)


def build_plan(system, actor, organisation=None, title="Delivery plan") -> dict:
    """One of each object, written through the services as the pages write them."""
    plan = services.plan_create(actor=actor, system=system, title=title)
    gateway = services.gateway_create(actor=actor, plan=plan, number=1, name="Case for change")
    workstream = services.workstream_create(
        actor=actor,
        plan=plan,
        name="Primary care",
        code="A",
        sro=factories.PersonFactory(system=system, name="Sam Sro", title="Chief Executive"),
        lead_organisation=organisation,
    )
    first = services.milestone_create(
        actor=actor, workstream=workstream, title="Networks formed", baseline_on=TODAY
    )
    milestone = services.milestone_create(
        actor=actor,
        workstream=workstream,
        title="Network plans agreed",
        baseline_on=TODAY + timedelta(days=10),
        responsible_organisation=organisation,
        gateway=gateway,
        is_key=True,
    )
    services.dependency_add(actor=actor, milestone=milestone, depends_on=first)
    update = services.progress_update_record(
        actor=actor, milestone=milestone, month=TODAY, narrative="Two of five submitted"
    )
    return {
        "plans": plan,
        "gateways": gateway,
        "workstreams": workstream,
        "milestones": milestone,
        "progress-updates": update,
    }
