"""Seed figures that must come out of the product's own computations (002, Norfolk & Waveney
2019/20, and the other papers' plans, routes and risks)."""

from datetime import date
from decimal import Decimal as D

import pytest

from escalation.models import EscalationRoute, Risk
from finance import querysets as finance_querysets
from finance.models import FinancialYear, Fund
from finance.totals import control_total_subtotals, efficiency_subtotals, reconcile
from milestones.models import Gateway, Milestone, Workstream
from milestones.querysets import milestones_for_list
from partners.models import System


@pytest.fixture
def norfolk(seeds):
    system = System.objects.get(slug="norfolk-waveney")
    year = FinancialYear.objects.get(label="2019/20")
    controls = list(finance_querysets.control_totals_for(system, year))
    plans = list(finance_querysets.efficiency_plans_for(system, year))
    return {
        "system": system,
        "year": year,
        "controls": control_total_subtotals(controls),
        "efficiency": efficiency_subtotals(plans),
        "plans": {p.organisation.short_name: p for p in plans},
    }


def test_control_totals_for_all_ten_organisations(norfolk):
    assert len(norfolk["plans"]) == 10


def test_net_system_control_total(norfolk):
    controls = norfolk["controls"]
    assert controls.get("system", "net") == D("-16379")
    assert controls.get("ccg", "net") == D("5340")
    assert controls.get("provider", "net") == D("-21719")
    assert controls.get("system", "plan_surplus_deficit") == D("-86345")
    assert controls.get("system", "support") == D("69966")


def test_efficiency_totals_and_percentages(norfolk):
    efficiency = norfolk["efficiency"]
    assert efficiency.get("system", "total") == D("113208")
    assert (efficiency.get("ccg", "total"), efficiency.get("ccg", "percent")) == (
        D("60422"),
        D("3.79"),
    )
    assert (efficiency.get("provider", "total"), efficiency.get("provider", "percent")) == (
        D("52786"),
        D("3.88"),
    )


@pytest.mark.parametrize(("organisation", "expected"), [("GYWCCG", "3.99"), ("QEH", "2.74")])
def test_each_organisations_efficiency_percentage(norfolk, organisation, expected):
    plan = next(
        p for key, p in norfolk["plans"].items() if organisation in (key, p.organisation.short_name)
    )
    assert plan.percent == D(expected)


def test_reconciliation_names_the_seeds_two_off_by_one_totals(norfolk):
    stated = finance_querysets.stated_totals_for(norfolk["system"], norfolk["year"])
    differences = reconcile(
        stated,
        {"control_totals": norfolk["controls"], "efficiency_plans": norfolk["efficiency"]},
    )
    found = {(d.table, d.group, d.column, d.stated, d.computed) for d in differences}
    assert found == {
        ("efficiency_plans", "system", "recurrent", D("95512"), D("95513")),
        ("efficiency_plans", "ccg", "denominator", D("1594619"), D("1594620")),
    }


def test_risk_reserve(norfolk):
    reserve = Fund.objects.get(system=norfolk["system"], kind="risk_reserve")
    amounts = sorted(a.amount for a in reserve.allocations.all())
    # 002 "System financial position": only QEH's £6m is said to go through the reserve; the
    # £5.4m for the central Norfolk CCGs follows "In addition", from no named source.
    assert amounts == [D("6000")]


@pytest.mark.parametrize(
    ("title_contains", "baseline"),
    [
        ("Same Day Emergency Care", date(2020, 3, 31)),
        ("JPUH", date(2019, 9, 30)),
        ("PCN", date(2019, 7, 31)),
    ],
)
def test_norfolk_key_deliverables(seeds, title_contains, baseline):
    milestones = Milestone.objects.filter(
        workstream__plan__system__slug="norfolk-waveney",
        title__icontains=title_contains,
        baseline_on=baseline,
    )
    assert milestones.exists()


def test_norfolk_workstreams_a_to_h(seeds):
    codes = Workstream.objects.filter(plan__system__slug="norfolk-waveney").values_list(
        "code", flat=True
    )
    assert sorted(codes) == list("ABCDEFGH")


def test_cumbria_gateways_and_risks(seeds):
    gateways = Gateway.objects.filter(plan__system__slug="cumbria").order_by("number")
    assert [g.number for g in gateways] == [1, 2, 3]
    assert Risk.objects.filter(system__slug="cumbria").count() == 17


def test_cumbria_dispute_route_steps_up_to_a_regulator_after_a_month(seeds):
    route = EscalationRoute.objects.filter(
        system__slug="cumbria", agreement__withdrawal_notice_days=30
    ).get(steps__order=3)
    steps = list(route.steps.order_by("order"))
    assert steps[1].escalate_to_committee.short_name == "PAG"
    # "after more than one month": a calendar month, not a number of days.
    assert (steps[1].step_up_after_days, steps[1].step_up_after_months) == (None, 1)
    assert steps[1].step_up_period == "more than 1 month"


def test_rag_is_derived_for_every_seed_milestone(seeds, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        milestones = list(milestones_for_list(Milestone.objects.all()))
    rags = {m.rag_on(date(2019, 8, 1)) for m in milestones}
    assert rags <= {"green", "amber", "red", "complete", "undated"}
    # "Not dated" only for a milestone whose seed gives no date: no RAG is invented for it.
    for m in milestones:
        assert (m.rag_on(date(2019, 8, 1)) == "undated") == (m.baseline_on is None)
    assert "red" in rags  # e.g. PCN plans were due by July 2019


def test_west_norfolk_escalation_table_as_routes(seeds):
    # 000: QEH actions go to Monitor (enforcement); WNCCG actions to NHS(E), who ask for a
    # written explanation covering reasons, mitigations and a revised timetable.
    routes = EscalationRoute.objects.filter(system__slug="west-norfolk").prefetch_related("steps")
    by_organisation = {r.covers_organisation.ods_code: r for r in routes if r.covers_organisation}
    qeh_step = by_organisation["RCX"].steps.get(order=1)
    assert qeh_step.escalate_to_organisation.short_name in {"NHSI", "Monitor"}
    assert "enforcement" in qeh_step.escalate_to_label.lower() + qeh_step.response_required.lower()
    ccg_step = by_organisation["07J"].steps.get(order=1)
    assert ccg_step.escalate_to_organisation.ods_code == "X24"
    assert "mitigations" in ccg_step.response_required.lower()
    assert routes.count() == 4


def test_west_norfolk_implementation_plan_due_4_august_2015(seeds):
    plan = Milestone.objects.get(workstream__plan__system__slug="west-norfolk")
    assert plan.baseline_on == date(2015, 8, 4)
    assert not plan.is_key  # 000 marks no milestone key


def test_cambs_and_peterborough_staff_release_rule(seeds):
    # 004: staff not released are escalated to the employer, who must rectify within two weeks.
    route = EscalationRoute.objects.get(system__slug="cambs-peterborough", name__icontains="staff")
    assert route.steps.get(order=1).response_due_days == 14
    sro = EscalationRoute.objects.get(system__slug="cambs-peterborough", name__icontains="SRO")
    assert sro.steps.first().escalate_to_committee.name == "System Delivery Board"


def test_cambs_and_peterborough_and_nw_london_workstreams(seeds):
    assert Workstream.objects.filter(plan__system__slug="cambs-peterborough").count() == 8
    assert Workstream.objects.filter(plan__system__slug="nw-london").count() == 5
