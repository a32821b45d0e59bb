"""The example workbooks (fixtures/import-examples/) import into an empty system and give back
the seeds' figures: Cumbria's 17 Appendix 4 risks as the paper words them, unrated; Norfolk and
Waveney's 53 key deliverables by work stream with the paper's dates, and its 2019/20 control
totals adding up to the paper's CCG, provider and system totals to the last digit."""

import importlib.util
import io
import json
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.import_batches import confirm, preview
from core.scoping import scope
from escalation.imports import RISK_IMPORT
from escalation.models import Risk
from finance import services as finance_services
from finance.imports import CONTROL_TOTAL_IMPORT
from finance.models import ControlTotal
from finance.totals import control_total_subtotals
from milestones import services
from milestones.imports import MILESTONE_IMPORT
from milestones.models import Milestone
from tests import factories

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "fixtures" / "import-examples"
DELIVERY = ROOT / "fixtures" / "demo" / "delivery"


def _build():
    spec = importlib.util.spec_from_file_location("build_examples", EXAMPLES / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cells(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))


@pytest.mark.parametrize(
    "name",
    [
        "cumbria-risk-register.xlsx",
        "norfolk-waveney-milestone-tracker.xlsx",
        "norfolk-waveney-control-totals.xlsx",
    ],
)
def test_the_committed_workbooks_are_what_the_script_writes(name):
    assert _cells((EXAMPLES / name).read_bytes()) == _cells(_build().FILES[name]())


def _import(kind, system, actor, name: str):
    data = (EXAMPLES / name).read_bytes()
    with scope([system]):
        batch = preview(
            kind, system=system, actor=actor, file_name=name, data=data, file_kind=".xlsx"
        )
        assert batch.counts["error"] == 0, [r["errors"] for r in batch.rows if r["errors"]]
        confirm(kind, batch=batch, actor=actor)
        return batch


def test_cumbrias_risk_register_imports_to_the_seeds_list(system, office):
    seed = json.loads((DELIVERY / "cumbria.json").read_text("utf-8"))["risks"]
    batch = _import(RISK_IMPORT, system, office, "cumbria-risk-register.xlsx")
    assert batch.counts["create"] == 17
    with scope([system]):
        risks = sorted(Risk.objects.filter(system=system), key=lambda r: int(r.reference))
        assert [(r.reference, r.title) for r in risks] == [
            (risk["reference"].removeprefix("R"), risk["description"]) for risk in seed
        ]
        # The paper rates none of them, and they are all open.
        assert {(r.rating_label, r.status) for r in risks} == {("Not rated", "open")}
    again = _import(RISK_IMPORT, system, office, "cumbria-risk-register.xlsx")
    assert again.counts == {"create": 0, "change": 0, "unchanged": 17, "error": 0}


def test_norfolk_and_waveneys_tracker_imports_to_the_seeds_deliverables(system, office):
    delivery = json.loads((DELIVERY / "norfolk-waveney.json").read_text("utf-8"))
    for short_name in ("NNUH", "GPPOs"):
        organisation = factories.OrganisationFactory(short_name=short_name, name=short_name)
        factories.PartnershipFactory(system=system, organisation=organisation)
    with scope([system]):
        plan = services.plan_create(actor=office, system=system, title=delivery["plan"]["title"])
        for stream in delivery["workstreams"]:
            services.workstream_create(
                actor=office, plan=plan, code=stream["code"], name=stream["name"]
            )
    batch = _import(MILESTONE_IMPORT, system, office, "norfolk-waveney-milestone-tracker.xlsx")
    seed = delivery["milestones"]
    assert batch.counts["create"] == len(seed) == 53
    with scope([system]):
        milestones = Milestone.objects.filter(workstream__plan=plan).select_related("workstream")
        found = {
            (m.workstream.code, m.title): (m.baseline_on, m.is_key, m.responsible_organisation)
            for m in milestones
        }
    assert Counter(code for code, _ in found) == Counter(m["workstream"] for m in seed)
    for m in seed:
        baseline, key, responsible = found[(m["workstream"], m["title"])]
        assert baseline == (date.fromisoformat(m["baseline_on"]) if m["baseline_on"] else None)
        assert key == m["key"]
        assert getattr(responsible, "short_name", None) == m["responsible_organisation"]
    assert sum(1 for b, _, _ in found.values() if b) == 30
    again = _import(MILESTONE_IMPORT, system, office, "norfolk-waveney-milestone-tracker.xlsx")
    assert again.counts["unchanged"] == 53


def test_norfolk_and_waveneys_control_totals_import_to_the_seeds_totals(system, office):
    seed = json.loads((DELIVERY / "norfolk-waveney.json").read_text("utf-8"))["finance"]
    organisations = json.loads((ROOT / "fixtures" / "demo" / "norfolk-waveney.json").read_text())
    for o in organisations["organisations"][:10]:  # the ten with control totals
        organisation = factories.OrganisationFactory(
            name=o["name"], short_name=o["short_name"], ods_code=o["ods_code"], kind=o["kind"]
        )
        factories.PartnershipFactory(system=system, organisation=organisation)
    finance_services.financial_year_create(
        actor=office, label="2019/20", starts_on=date(2019, 4, 1), ends_on=date(2020, 3, 31)
    )
    batch = _import(CONTROL_TOTAL_IMPORT, system, office, "norfolk-waveney-control-totals.xlsx")
    assert batch.counts["create"] == 10
    with scope([system]):
        rows = list(ControlTotal.objects.filter(system=system).select_related("organisation"))
    subtotals = control_total_subtotals(rows)
    stated = [t for t in seed["stated_totals"] if t["table"] == "control_totals"]
    assert len(stated) >= 6
    for total in stated:
        assert subtotals.get(total["group"], total["column"]) == Decimal(total["value"]), total
    # Net (16,379), CCGs 5,340, providers (21,719): the paper's total rows.
    assert subtotals.get("system", "net") == Decimal(-16379)
    assert subtotals.get("ccg", "net") == Decimal(5340)
    assert subtotals.get("provider", "net") == Decimal(-21719)
    by_code = {r.organisation.ods_code: r for r in rows}
    codes = {o["key"]: o["ods_code"] for o in organisations["organisations"]}
    for figure in seed["control_totals"]:
        row = by_code[codes[figure["organisation"]]]
        for name in ("allocation_or_income", "plan_surplus_deficit", "support_not_split"):
            assert getattr(row, name) == Decimal(figure[name])
        assert row.history.first().history_change_reason == (
            "Imported from norfolk-waveney-control-totals.xlsx"
        )
    again = _import(CONTROL_TOTAL_IMPORT, system, office, "norfolk-waveney-control-totals.xlsx")
    assert again.counts == {"create": 0, "change": 0, "unchanged": 10, "error": 0}
