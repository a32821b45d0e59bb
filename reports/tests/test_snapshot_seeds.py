"""The snapshot on the seed systems, checked against figures the seed papers print."""

import datetime
import json

import pytest

from partners.models import System
from reports.snapshot import build_snapshot

pytestmark = pytest.mark.django_db

NOVEMBER_2019 = datetime.date(2019, 11, 1)


def _build(slug: str, month: datetime.date) -> dict:
    snapshot = build_snapshot(System.objects.get(slug=slug), month)
    assert json.loads(json.dumps(snapshot)) == snapshot
    return snapshot


def test_norfolk_and_waveney_november_2019(seeds):
    snapshot = _build("norfolk-waveney", NOVEMBER_2019)
    assert snapshot["system"]["slug"] == "norfolk-waveney"
    assert (snapshot["month_label"], snapshot["cutoff"]) == ("November 2019", "2019-11-30")
    assert snapshot["chair"] == "Demo chair"
    key = {row["title"]: row for row in snapshot["milestones"]["key"]}
    every = {row["title"]: row for row in snapshot["milestones"]["all"]}
    # 002 C (L193): the transfer is the programme's aim under "Service Transformation", not
    # under a "Key deliverables" heading, so it is among all milestones but not the key ones.
    six = (
        "Six services (Urology, ENT, Cardiology, Oncology, Haematology, Vascular Surgery) "
        "transferred from JPUH to NNUH as lead provider"
    )
    assert six not in key
    transfer = every[six]
    assert (transfer["baseline"], transfer["rag"], transfer["workstream"]) == (
        "2019-09-30",
        "red",
        "C. Acute transformation",
    )
    colocation = key["PCN colocation plans delivered"]
    assert (colocation["baseline"], colocation["rag"]) == ("2019-12-31", "green")
    assert "Community bed review undertaken" in key
    # Red first: the five key milestones past their baselines by the end of November.
    assert [row["rag"] for row in snapshot["milestones"]["key"][:6]] == ["red"] * 5 + ["green"]
    counts = snapshot["milestones"]["rag_counts"]
    # All 53 deliverables of workstreams A to H; the 23 the paper leaves undated are not dated.
    assert sum(counts.values()) == len(snapshot["milestones"]["all"]) == 53
    assert counts["undated"] == 23
    finance = snapshot["finance"]
    assert (finance["year"], finance["net_control_total"]) == ("2019/20", "-16379")
    assert finance["efficiency"] == {
        "total": "113208",
        "ccg": "60422",
        "provider": "52786",
        "ccg_percent": "3.79",
        "provider_percent": "3.88",
    }
    organisations = {row["organisation"]: row["control_total"] for row in finance["organisations"]}
    assert (organisations["NNUH"], organisations["QEH"], organisations["JPUH"]) == (
        "-20691",
        "-2587",
        "1559",
    )
    risks = snapshot["risks"]
    # Key risks table, 'Severity/ Likelihood': H and M as the paper rates them, no score.
    assert [(r["reference"], r["grade"], r["score"]) for r in risks["top"]] == [
        ("R2", "H", None),
        ("R3", "H", None),
        ("R4", "H", None),
        ("R1", "M", None),
        ("R5", "M", None),
    ]
    assert risks["top"][0]["title"] == "Non-elective demand pressures"
    assert risks["graded"] == [["H", 3], ["M", 2]]
    assert sum(map(sum, risks["heat_map"])) == 0


def test_cumbria_november_2017(seeds):
    snapshot = _build("cumbria", datetime.date(2017, 11, 1))
    unsigned = {a["title"]: a["outstanding"] for a in snapshot["agreements"]["unsigned"]}
    assert unsigned["Bilateral Memorandum of Understanding between CPFT and NCUH"] == [
        "CPFT",
        "NCUH",
    ]
    # Milestones due on 31 October 2017 were on track then and overdue a month later.
    rows = {row["title"]: row for row in snapshot["milestones"]["all"]}
    governance = rows["Agreed governance structure for ICCs within Shadow 'ACO' arrangements"]
    assert (governance["previous_rag"], governance["rag"], governance["rag_change"]) == (
        "green",
        "red",
        "worse",
    )
    assert [step["step"] for step in snapshot["escalations"]["by_step"]] == [1, 2, 3]
    assert snapshot["finance"] is None


def test_north_west_london_joint_committee_february_2018(seeds):
    snapshot = _build("nw-london", datetime.date(2018, 2, 1))
    (committee,) = snapshot["committees"]
    assert committee["name"] == "NW London Joint Committee"
    (meeting,) = committee["meetings"]
    assert meeting["held_on"] == "2018-02-01"
    assert meeting["quorate"] is None  # the seed records no attendance
    assert [d["reference"] for d in meeting["decisions"]] == [
        "JC-2018-02-01-1",
        "JC-2018-02-01-2",
        "JC-2018-02-01-3",
    ]
    assert meeting["decisions"][1]["title"] == "£2.9m investment in diabetes services"
