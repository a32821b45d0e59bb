"""The snapshot's finance (finance.totals against the control totals, positions up to the month)
and risks (top five by escalation.rules' score, heat map)."""

import datetime

import pytest

from escalation.models import Risk
from finance.models import Fund
from reports.snapshot import build_snapshot
from reports.tests import snapshot_data as data
from reports.tests.snapshot_data import NOVEMBER, OCTOBER
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def trusts(no_scope, system):
    ccg = factories.OrganisationFactory(name="Alpha CCG", short_name="ACCG", kind="ccg")
    trust = factories.OrganisationFactory(name="Alpha Trust", short_name="AT", kind="nhs_trust")
    council = factories.OrganisationFactory(name="Alpha Council", kind="local_authority")
    return ccg, trust, council


def test_finance_against_control_totals_at_the_month(system, trusts):
    ccg, trust, council = trusts
    year = data.financial_year()
    data.control_total(system, ccg, year, plan=1000)
    data.control_total(system, trust, year, plan=-5000, support=1500)
    data.control_total(system, council, year, plan=0)
    data.position(system, ccg, year, OCTOBER, plan=500, actual=400, outturn=900)
    data.position(system, trust, year, OCTOBER, plan=-2000, actual=-2500, outturn=-4000)
    data.position(system, ccg, year, NOVEMBER, plan=600, actual=450.5, outturn=800)
    data.position(system, trust, year, NOVEMBER, plan=-2300, actual=-2900, outturn=-4100)
    data.position(system, trust, year, D(2019, 12, 1), plan=-1, actual=-1, outturn=-9999)
    data.efficiency(system, ccg, year, recurrent=3000, non_recurrent=790, denominator=100000)
    data.efficiency(system, trust, year, recurrent=3000, non_recurrent=880, denominator=100000)
    finance = build_snapshot(system, NOVEMBER)["finance"]
    assert finance == {
        "year": "2019/20",
        "control_totals_recorded": True,
        "net_control_total": "-2500",
        "position_month": "2019-11",
        "organisations_expected": 3,
        "organisations_reported": 2,
        "ytd_plan": "-1700",
        "ytd_actual": "-2449.5",
        "ytd_variance": "-749.5",
        "forecast_outturn": "-3300",
        "outturn_variance": "-800",
        "organisations": [
            {
                "organisation": "ACCG",
                "control_total": "1000",
                "ytd_plan": "600",
                "ytd_actual": "450.5",
                "forecast_outturn": "800",
                "variance": "-200",
                "last_reported": None,
            },
            {
                "organisation": "AT",
                "control_total": "-3500",
                "ytd_plan": "-2300",
                "ytd_actual": "-2900",
                "forecast_outturn": "-4100",
                "variance": "-600",
                "last_reported": None,
            },
            {
                "organisation": council.short_name,
                "control_total": "0",
                "ytd_plan": None,
                "ytd_actual": None,
                "forecast_outturn": None,
                "variance": None,
                "last_reported": None,
            },
        ],
        "efficiency": {
            "total": "7670",
            "ccg": "3790",
            "provider": "3880",
            "ccg_percent": "3.79",
            "provider_percent": "3.88",
        },
    }
    october = build_snapshot(system, OCTOBER)["finance"]
    assert (october["position_month"], october["forecast_outturn"]) == ("2019-10", "-3100")


def test_a_position_older_than_the_month_is_shown_flagged_and_not_summed(system, trusts):
    ccg, trust, _council = trusts
    year = data.financial_year()
    data.control_total(system, ccg, year, plan=1000)
    data.control_total(system, trust, year, plan=-5000)
    data.position(system, trust, year, D(2019, 5, 1), plan=-800, actual=-900, outturn=-5200)
    data.position(system, ccg, year, NOVEMBER, plan=600, actual=450, outturn=800)
    finance = build_snapshot(system, NOVEMBER)["finance"]
    assert (finance["organisations_reported"], finance["organisations_expected"]) == (1, 2)
    # The month's sums are the reporters' only, against the whole system's control total.
    assert (finance["forecast_outturn"], finance["net_control_total"]) == ("800", "-4000")
    assert finance["outturn_variance"] == "4800"
    stale = finance["organisations"][1]
    assert (stale["organisation"], stale["forecast_outturn"]) == ("AT", "-5200")
    assert stale["last_reported"] == "2019-05"
    assert finance["organisations"][0]["last_reported"] is None


def test_finance_year_containing_the_cutoff_else_the_latest_begun(system, trusts):
    ccg = trusts[0]
    earlier, later = data.financial_year(), data.financial_year("2020/21", 2020)
    data.control_total(system, ccg, earlier, plan=100)
    data.control_total(system, ccg, later, plan=200)
    assert build_snapshot(system, NOVEMBER)["finance"]["year"] == "2019/20"
    assert build_snapshot(system, D(2020, 4, 1))["finance"]["year"] == "2020/21"
    assert build_snapshot(system, D(2023, 1, 1))["finance"]["year"] == "2020/21"
    # Before any year with control totals began: the latest there is.
    assert build_snapshot(system, D(2018, 1, 1))["finance"]["year"] == "2020/21"


def test_no_control_totals_no_finance(no_scope, system):
    finance = build_snapshot(system, NOVEMBER)["finance"]
    assert finance is None


def test_control_totals_without_positions_or_plans(system, trusts):
    data.control_total(system, trusts[0], data.financial_year(), plan=-16379)
    finance = build_snapshot(system, NOVEMBER)["finance"]
    assert (finance["net_control_total"], finance["position_month"]) == ("-16379", None)
    assert finance["forecast_outturn"] is finance["outturn_variance"] is None
    assert finance["efficiency"] is None


def _risk(system, reference, likelihood, impact, **fields):
    return factories.RiskFactory(
        system=system, reference=reference, likelihood=likelihood, impact=impact, **fields
    )


def test_top_five_open_risks_and_heat_map(no_scope, system):
    owner = factories.PersonFactory(system=system, name="Sam Owner")
    _risk(system, "R1", 2, 2)
    _risk(system, "R2", 5, 5, title="Workforce gaps", category="workforce", owner=owner)
    _risk(system, "R3", 4, 4)
    _risk(system, "R4", 4, 3)
    _risk(system, "R5", 3, 4)
    _risk(system, "R6", 1, 3)
    _risk(system, "R7", 5, 5, status=Risk.Status.CLOSED)
    _risk(system, "R8", None, None)
    _risk(factories.SystemFactory(), "R9", 5, 5)
    risks = build_snapshot(system, NOVEMBER)["risks"]
    assert [(r["reference"], r["score"], r["rating"]) for r in risks["top"]] == [
        ("R2", 25, "extreme"),
        ("R3", 16, "extreme"),
        ("R4", 12, "high"),
        ("R5", 12, "high"),
        ("R1", 4, "moderate"),
    ]
    assert risks["top"][0] == {
        "reference": "R2",
        "title": "Workforce gaps",
        "category": "Workforce",
        "owner": "Sam Owner",
        "likelihood": 5,
        "impact": 5,
        "grade": "",
        "score": 25,
        "rating": "extreme",
        "rating_label": "Extreme (25)",
    }
    heat = risks["heat_map"]
    assert len(heat) == 5 and all(len(row) == 5 for row in heat)
    # heat_map[impact - 1][likelihood - 1]: open, scored risks only.
    assert heat[4][4] == 1  # R2 (R7 is closed)
    assert heat[3][2] == 1  # R5: likelihood 3, impact 4
    assert heat[2][3] == 1  # R4: likelihood 4, impact 3
    assert heat[2][0] == 1  # R6: likelihood 1, impact 3
    assert sum(map(sum, heat)) == 6
    # Every open risk is counted; R8, neither scored nor graded, is listed apart.
    assert (risks["open"], risks["rated"]) == (7, 6)
    assert [r["reference"] for r in risks["unrated"]] == ["R8"]


def test_open_risks_no_register_rates_are_counted_and_listed(no_scope, system):
    """Cumbria's Appendix 4 (seed 001): 17 open risks with neither a score nor a grade. They are
    all counted and listed in the register's order (R2 before R10), none on the heat map."""
    for n in (1, 2, 10):
        _risk(system, f"R{n}", None, None, title=f"Risk {n}")
    _risk(system, "R11", None, None, status=Risk.Status.CLOSED)
    risks = build_snapshot(system, NOVEMBER)["risks"]
    assert (risks["open"], risks["rated"], risks["top"]) == (3, 0, [])
    assert [r["reference"] for r in risks["unrated"]] == ["R1", "R2", "R10"]
    assert sum(map(sum, risks["heat_map"])) == 0


def test_graded_risks_rank_with_scored_ones(no_scope, system):
    """Norfolk and Waveney's key risks (seed 002) are graded H / M: counted as rated, shown as
    graded, never on the heat map."""
    _risk(system, "R1", None, None, grade="M")
    _risk(system, "R2", None, None, grade="H")
    _risk(system, "R3", 2, 3)
    risks = build_snapshot(system, NOVEMBER)["risks"]
    assert [(r["reference"], r["grade"], r["score"]) for r in risks["top"]] == [
        ("R2", "H", None),
        ("R3", "", 6),
        ("R1", "M", None),
    ]
    assert (risks["open"], risks["rated"], risks["unrated"]) == (3, 3, [])
    assert risks["graded"] == [["H", 1], ["M", 1]]
    assert sum(map(sum, risks["heat_map"])) == 1


def test_a_year_without_control_totals_is_named(no_scope, system):
    """Cambridgeshire and Peterborough (seed 004) has a 2017/18 fund and no control totals: the
    snapshot names the year and says none are recorded, as the finance page does."""
    year = data.financial_year(label="2017/18", start=2017)
    Fund.objects.create(
        system=system, name="System Investment Fund", kind=Fund.Kind.INVESTMENT_FUND, year=year
    )
    finance = build_snapshot(system, D(2017, 11, 1))["finance"]
    assert (finance["year"], finance["control_totals_recorded"]) == ("2017/18", False)
    assert finance["net_control_total"] is finance["outturn_variance"] is None
    assert (finance["organisations"], finance["efficiency"]) == ([], None)
