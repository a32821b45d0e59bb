"""Systems with something in every column of the overview: key milestones late and on track, an
open case at a regulator's step with its response overdue, an unquorate meeting in the month,
control totals with the month's positions, scored risks and a published report."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.roles import Role
from partners.models import Access, Organisation
from tests import factories
from tests import record_factories as records

AS_AT = datetime.date(2019, 10, 20)


def populated_system(n: int, regulator: Organisation, **values):
    """A system with one of everything the overview counts, as at ``AS_AT``."""
    system = factories.SystemFactory(**values)
    plan = factories.PlanFactory(system=system, amber_tolerance_days=30)
    workstream = factories.WorkstreamFactory(plan=plan)
    # Red (60 days past its baseline), on track, complete, and one not key.
    factories.MilestoneFactory(
        workstream=workstream, is_key=True, baseline_on=datetime.date(2019, 8, 21)
    )
    factories.MilestoneFactory(
        workstream=workstream, is_key=True, baseline_on=datetime.date(2020, 3, 31)
    )
    factories.MilestoneFactory(
        workstream=workstream,
        is_key=True,
        baseline_on=datetime.date(2019, 6, 30),
        completed_on=datetime.date(2019, 6, 1),
    )
    factories.MilestoneFactory(workstream=workstream, baseline_on=datetime.date(2019, 1, 31))
    # A case at step 2, which escalates to a regulator and wanted a response within 14 days.
    route = factories.EscalationRouteFactory(system=system)
    factories.EscalationStepFactory(route=route, order=1)
    step = factories.EscalationStepFactory(
        route=route, order=2, escalate_to_organisation=regulator, response_due_days=14
    )
    records.EscalationCaseFactory(
        route=route,
        current_step=step,
        step_since=datetime.date(2019, 9, 2),
        raised_on=datetime.date(2019, 8, 1),
    )
    # A committee that met this month with one of the three members it needs.
    committee = factories.CommitteeFactory(system=system, name=f"Board {n}")
    factories.TermsOfReferenceFactory(committee=committee, quorum_minimum_total=3)
    members = [
        factories.MembershipFactory(committee=committee, person__system=system).person
        for _ in range(3)
    ]
    meeting = factories.MeetingFactory(committee=committee, held_on=datetime.date(2019, 10, 3))
    factories.AttendanceFactory(meeting=meeting, person=members[0])
    # Finance: a control total and the month's position.
    provider = factories.OrganisationFactory(kind="foundation_trust")
    records.ControlTotalFactory(
        system=system, organisation=provider, plan_surplus_deficit=Decimal("-1000")
    )
    records.MonthlyPositionFactory(
        system=system,
        organisation=provider,
        month=datetime.date(2019, 9, 1),
        ytd_plan=Decimal("-500"),
        ytd_actual=Decimal("-650"),
        forecast_outturn=Decimal("-1200"),
    )
    for likelihood in (5, 2, 4, 1):
        factories.RiskFactory(system=system, likelihood=likelihood, impact=4)
    records.MonthlyReportFactory(
        system=system,
        month=datetime.date(2019, 7, 1),
        status="published",
        published_at=timezone.make_aware(datetime.datetime(2019, 8, 20, 12)),
    )
    return system


def regulator_of(systems, username: str = "overseer"):
    user = get_user_model().objects.create_user(username=username, password="password")
    for system in systems:
        Access.objects.create(user=user, system=system, role=Role.REGULATOR)
    return user


def regulator_organisation() -> Organisation:
    return factories.OrganisationFactory(name="Monitor", short_name="Monitor", kind="regulator")
