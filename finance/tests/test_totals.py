"""The subtotal, percentage and reconciliation functions on small hand-made tables."""

from decimal import Decimal as D
from types import SimpleNamespace

from finance.totals import (
    control_total_subtotals,
    efficiency_subtotals,
    group_of,
    percent,
    reconcile,
)


def row(kind, **values):
    values = {k: D(v) for k, v in values.items()}
    return SimpleNamespace(organisation=SimpleNamespace(kind=kind), **values)


def control(kind, plan, psf="0", frf="0", mret="0", allocation="1000"):
    r = row(
        kind,
        plan_surplus_deficit=plan,
        psf=psf,
        frf=frf,
        mret=mret,
        allocation_or_income=allocation,
        support_not_split="0",
    )
    r.support = r.psf + r.frf + r.mret
    r.net = r.plan_surplus_deficit + r.support
    return r


def test_groups():
    assert group_of("ccg") == "ccg"
    assert group_of("foundation_trust") == "provider"
    assert group_of("nhs_trust") == "provider"
    assert group_of("local_authority") is None


def test_control_total_subtotals_by_group():
    rows = [
        control("ccg", "100"),
        control("ccg", "-40"),
        control("foundation_trust", "-500", psf="200", frf="100"),
        control("local_authority", "10"),
    ]
    subtotals = control_total_subtotals(rows)
    assert subtotals.get("ccg", "net") == D("60")
    assert subtotals.get("provider", "net") == D("-200")
    assert subtotals.get("provider", "support") == D("300")
    assert subtotals.get("system", "net") == D("-130")
    assert subtotals.get("system", "plan_surplus_deficit") == D("-430")


def test_efficiency_percentages_come_from_each_groups_own_sums():
    rows = [
        row("ccg", recurrent="30", non_recurrent="10", total="40", denominator="1000"),
        row("ccg", recurrent="20", non_recurrent="0", total="20", denominator="3000"),
        row("nhs_trust", recurrent="25", non_recurrent="5", total="30", denominator="600"),
    ]
    subtotals = efficiency_subtotals(rows)
    assert subtotals.get("ccg", "percent") == D("1.50")
    assert subtotals.get("provider", "percent") == D("5.00")
    assert subtotals.get("system", "total") == D("90")
    assert subtotals.get("system", "percent") == D("1.96")


def test_percent_rounds_half_up():
    assert percent(D("60422"), D("1594620")) == D("3.79")
    assert percent(D("1"), D("8")) == D("12.50")
    assert percent(D("1"), D("0")) == D("0.00")


def test_reconcile_names_each_difference():
    subtotals = efficiency_subtotals(
        [row("ccg", recurrent="10", non_recurrent="1", total="11", denominator="100")]
    )
    stated = [
        SimpleNamespace(table="efficiency_plans", group="ccg", column="recurrent", value=D("9")),
        SimpleNamespace(table="efficiency_plans", group="ccg", column="total", value=D("11")),
        SimpleNamespace(table="control_totals", group="ccg", column="net", value=D("5")),
    ]
    (difference,) = reconcile(stated, {"efficiency_plans": subtotals})
    assert (difference.column, difference.stated, difference.computed, difference.difference) == (
        "recurrent",
        D("9"),
        D("10"),
        D("1"),
    )
