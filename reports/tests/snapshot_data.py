"""Builders for the snapshot tests: dated records made the way the services make them, with the
clock set to when each thing happened (the snapshot reads those timestamps, not history's)."""

import datetime
from contextlib import contextmanager
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

from escalation import services as escalation_services
from finance.models import ControlTotal, EfficiencyPlan, FinancialYear, MonthlyPosition
from milestones.models import Baseline, ProgressUpdate
from tests import factories

LONDON = ZoneInfo("Europe/London")
NOVEMBER = datetime.date(2019, 11, 1)
OCTOBER = datetime.date(2019, 10, 1)


def moment(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)


@contextmanager
def clock(day: datetime.date):
    """Services stamp events with timezone.now(): make that ``day``."""
    with mock.patch("django.utils.timezone.now", return_value=moment(day)):
        yield


def workstream(system, **fields):
    plan = factories.PlanFactory(system=system, amber_tolerance_days=30)
    return factories.WorkstreamFactory(plan=plan, **fields)


def baseline(milestone, baseline_on, set_at: datetime.datetime, user) -> Baseline:
    record = Baseline(milestone=milestone, baseline_on=baseline_on, set_by=user, set_at=set_at)
    record.save()
    return record


def update(milestone, month, forecast_on, user, completed_on=None) -> ProgressUpdate:
    record = ProgressUpdate(
        milestone=milestone,
        month=month,
        narrative="Monthly update",
        forecast_on=forecast_on,
        completed_on=completed_on,
        rag="green",
        reported_by=user,
        reported_at=moment(month),
    )
    record.save()
    return record


def route(system, actor, steps: int = 3, name: str = "", **step_fields):
    return escalation_services.route_create(
        actor=actor,
        system=system,
        name=name or f"Route for {system.slug}",
        steps=[
            {"order": n, "escalate_to_role": f"Level {n} lead", **step_fields}
            for n in range(1, steps + 1)
        ],
    )


def raise_case(route, actor, raised_on, logged_on=None, **fields):
    with clock(logged_on or raised_on):
        return escalation_services.case_raise(
            actor=actor, route=route, reason="Late", raised_on=raised_on, **fields
        )


def close_case(case, actor, on):
    with clock(on):
        return escalation_services.case_close(actor=actor, case=case, note="Done")


def step_up(case, actor, on):
    with clock(on):
        return escalation_services.case_step_up(actor=actor, case=case, on=on)


def respond(case, actor, on):
    with clock(on):
        return escalation_services.case_respond(
            actor=actor,
            case=case,
            reasons="Staffing",
            mitigations="Agency cover",
            revised_timetable="By March",
            responded_on=on,
        )


def flag(case, actor, on):
    with clock(on):
        return escalation_services.case_flag(actor=actor, case=case, flagged=True)


def financial_year(label="2019/20", start=2019) -> FinancialYear:
    year, _ = FinancialYear.objects.get_or_create(
        label=label,
        defaults={
            "starts_on": datetime.date(start, 4, 1),
            "ends_on": datetime.date(start + 1, 3, 31),
        },
    )
    return year


def control_total(system, organisation, year, plan, support=0) -> ControlTotal:
    row = ControlTotal(
        system=system,
        organisation=organisation,
        year=year,
        allocation_or_income=Decimal(100000),
        plan_surplus_deficit=Decimal(plan),
        psf=Decimal(support),
    )
    row.save()
    return row


def position(system, organisation, year, month, plan, actual, outturn) -> MonthlyPosition:
    row = MonthlyPosition(
        system=system,
        organisation=organisation,
        year=year,
        month=month,
        ytd_plan=Decimal(plan),
        ytd_actual=Decimal(actual),
        forecast_outturn=Decimal(outturn),
    )
    row.save()
    return row


def efficiency(system, organisation, year, recurrent, non_recurrent, denominator):
    row = EfficiencyPlan(
        system=system,
        organisation=organisation,
        year=year,
        recurrent=Decimal(recurrent),
        non_recurrent=Decimal(non_recurrent),
        denominator=Decimal(denominator),
    )
    row.save()
    return row
