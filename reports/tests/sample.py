"""A realistic monthly-report snapshot, following reports/SNAPSHOT.md, for rendering tests.

Norfolk & Waveney in November 2019: the seed's workstreams, key deliverables, control totals
(net system deficit 16,379 £'000), efficiency plans (113,208) and key risks, with the month's
progress, escalations and meetings invented in the same spirit. ``extra_milestones`` pads the
appendix (and the RAG counts) for benchmarks; ``chair_report`` adds what the chair publishes.
"""

import copy
from datetime import date

from reports.tests.sample_milestones import (
    CUTOFF,
    MILESTONES,
    milestone_row,
    padding_rows,
)


def _case(n, subject, org, route, step, escalate_to, status, raised, due, reason) -> dict:
    raised_on = date.fromisoformat(raised)
    return {
        "id": 200 + n,
        "reference": f"Case {n}",
        "subject": subject,
        "organisation": org,
        "route": route,
        "step": step,
        "escalate_to": escalate_to,
        "status": status,
        "raised_on": raised,
        "age_days": (CUTOFF - raised_on).days,
        "response_due": due,
        "response_overdue": due is not None and date.fromisoformat(due) < CUTOFF,
        "reason": reason,
    }


CASES = [
    _case(
        3,
        "Six services transfer from JPUH to NNUH delayed beyond September 2019",
        "NNUH",
        "Acute services transfer",
        2,
        "NHS Improvement (regional team)",
        "Open",
        "2019-08-19",
        "2019-09-16",
        "Transfer date missed; written explanation of reasons, mitigations and a "
        "revised timetable requested.",
    ),
    _case(
        7,
        "QEH support funding of £6m from the risk reserve not yet confirmed",
        "QEH",
        "System control total",
        1,
        "STP Finance & Activity Group",
        "Open",
        "2019-10-07",
        "2019-11-04",
        "Control total acceptance depends on one-year support funding.",
    ),
    _case(
        11,
        "Electronic Patient Record outline business case slipped to March 2020",
        "NNUH",
        "Digital",
        1,
        "STP Executive Board",
        "Open",
        "2019-11-12",
        "2019-12-10",
        "Three acute trusts not yet aligned on procurement route.",
    ),
    _case(
        12,
        "Nurse vacancies at JPUH above plan; agency spend rising",
        "JPUH",
        "Workforce",
        1,
        "Local Workforce Action Board",
        "Awaiting response",
        "2019-11-21",
        "2019-12-19",
        "Agency and locum use above the premium pay reduction trajectory.",
    ),
]

COMMITTEES = [
    (
        "STP Executive Board",
        "2019-11-06",
        True,
        "8 of 10 members present; quorate",
        [
            ("D2019/41", "EPR outline business case timetable revised to March 2020"),
            ("D2019/42", "Risk reserve support of £6m to QEH confirmed for 2019/20"),
        ],
    ),
    (
        "Finance & Activity Group",
        "2019-11-20",
        True,
        "All CFOs present; quorate",
        [("F2019/17", "Month 7 system position noted; recovery actions agreed")],
    ),
    (
        "Workstream Delivery Group",
        "2019-11-13",
        False,
        "5 of 8 SROs present; not quorate (minimum 6)",
        [],
    ),
    ("Clinical Reference Group", "2019-11-27", None, "Attendance not recorded", []),
]

FINANCE_ORGS = [
    ("GYWCCG", "2180", "1453", "1453", "2180"),
    ("NNCCG", "0", "0", "-310", "-400"),
    ("Norwich CCG", "0", "0", "0", "0"),
    ("SNCCG", "2120", "1413", "1413", "2120"),
    ("WNCCG", "1040", "693", "693", "1040"),
    ("JPUH", "1559", "1039", "512", "800"),
    ("NNUH", "-20691", "-13794", "-15412", "-22900"),
    ("NSFT", "0", "0", "0", "0"),
    ("NCH&C", "0", "0", "0", "0"),
    ("QEH", "-2587", "-1725", "-2400", "-3200"),
]


def _finance() -> dict:
    organisations = [
        {
            "organisation": name,
            "control_total": ct,
            "ytd_plan": plan,
            "ytd_actual": actual,
            "forecast_outturn": outturn,
            "variance": str(int(outturn) - int(ct)),
        }
        for name, ct, plan, actual, outturn in FINANCE_ORGS
    ]

    def total(key: str) -> str:
        return str(sum(int(row[key]) for row in organisations))

    ytd_plan, ytd_actual, outturn = (
        total("ytd_plan"),
        total("ytd_actual"),
        total("forecast_outturn"),
    )
    return {
        "year": "2019/20",
        "net_control_total": "-16379",
        "position_month": "2019-11",
        "ytd_plan": ytd_plan,
        "ytd_actual": ytd_actual,
        "ytd_variance": str(int(ytd_actual) - int(ytd_plan)),
        "forecast_outturn": outturn,
        "outturn_variance": str(int(outturn) + 16379),
        "organisations": organisations,
        "efficiency": {
            "total": "113208",
            "ccg": "60422",
            "provider": "52786",
            "ccg_percent": "3.79",
            "provider_percent": "3.88",
        },
    }


RISKS = [
    ("R2", "Non-elective demand pressures", "Operational", "Norfolk & Waveney CCGs", 4, 4),
    ("R3", "Cost of elective waiting list not affordable", "Financial", "NNUH", 4, 4),
    ("R4", "No capital funding for capacity constraints", "Financial", "STP Finance Lead", 4, 4),
    ("R1", "Unable to recruit to workforce vacancies", "Workforce", "LWAB", 3, 3),
    ("R5", "CIP & QIPP opportunities not achieved", "Financial", "CIP/QIPP Board", 3, 3),
]


def _risks() -> dict:
    heat = [[0] * 5 for _ in range(5)]
    for *_, likelihood, impact in RISKS:
        heat[impact - 1][likelihood - 1] += 1
    heat[1][2] += 2  # lower-scored risks beyond the top five
    heat[2][1] += 1
    heat[4][1] += 1
    return {
        "top": [
            {
                "reference": ref,
                "title": title,
                "category": category,
                "owner": owner,
                "likelihood": likelihood,
                "impact": impact,
                "score": likelihood * impact,
                "rating": "High" if likelihood * impact >= 15 else "Medium",
            }
            for ref, title, category, owner, likelihood, impact in RISKS
        ],
        "heat_map": heat,
    }


COMMENTARY = (
    "The system remains on course to deliver most of its 2019/20 key deliverables, but the "
    "transfer of six services from the James Paget to the Norfolk and Norwich is now four months "
    "late and I have asked for a revised timetable by the end of December.\n\n"
    "The month 8 financial position is behind plan, driven by the Norfolk and Norwich. The "
    "Finance & Activity Group has agreed recovery actions; I will report on their effect next "
    "month."
)


def chair_report(*, version: int = 1) -> dict:
    return {
        "commentary": COMMENTARY,
        "flags": [
            {
                "title": "Acute services transfer four months late",
                "detail": "NNUH to confirm a revised transfer date and the interim arrangements "
                "for Urology and Vascular Surgery patients.",
                "case": 203,
            },
            {
                "title": "Workstream Delivery Group not quorate",
                "detail": "Three SROs absent in November; the group could not approve the "
                "colocation plans.",
                "case": None,
            },
        ],
        "published_by": "Patricia Hewitt",
        "published_at": "2019-12-09T10:30:00+00:00",
        "version": version,
        "supersedes": (
            {"version": version - 1, "published_at": "2019-12-05T16:00:00+00:00"}
            if version > 1
            else None
        ),
    }


def sample_snapshot(
    *, extra_milestones: int = 40, published: bool = False, version: int = 1
) -> dict:
    rows = [milestone_row(n, spec) for n, spec in enumerate(MILESTONES)] + padding_rows(
        extra_milestones
    )
    order = {"red": 0, "amber": 1, "green": 2, "complete": 3}
    key = sorted((r for r in rows if r["is_key"]), key=lambda r: (r["rag"] != "red", r["baseline"]))
    counts = {name: sum(r["rag"] == name for r in rows) for name in order}
    month_start = CUTOFF.replace(day=1).isoformat()
    completed = [
        r for r in rows if r["completed"] and month_start <= r["completed"] <= CUTOFF.isoformat()
    ]
    slipped = [r for r in rows if r["rag_change"] == "worse" and r["rag"] in ("amber", "red")]
    by_step: dict[int, dict] = {}
    for case in CASES:
        entry = by_step.setdefault(
            case["step"], {"step": case["step"], "escalate_to": case["escalate_to"], "count": 0}
        )
        entry["count"] += 1
    snapshot = {
        "schema": 1,
        "system": {
            "slug": "norfolk-waveney",
            "name": "Norfolk and Waveney Sustainability and Transformation Partnership",
            "short_name": "Norfolk and Waveney",
        },
        "month": "2019-11",
        "month_label": "November 2019",
        "cutoff": CUTOFF.isoformat(),
        "chair": "Patricia Hewitt",
        "previous": {"month": "2019-10", "version": 1, "published_at": "2019-11-08T09:15:00+00:00"},
        "milestones": {
            "rag_counts": counts,
            "key": key,
            "completed": completed,
            "slipped": slipped,
            "all": sorted(rows, key=lambda r: (r["workstream"], r["baseline"])),
        },
        "escalations": {
            "open": CASES,
            "new": [c for c in CASES if c["raised_on"] >= month_start],
            "by_step": sorted(by_step.values(), key=lambda e: e["step"]),
            "by_age": [
                {"band": "under 30 days", "count": 2},
                {"band": "30 to 89 days", "count": 1},
                {"band": "90 days or more", "count": 1},
            ],
            "flagged": [CASES[0]],
        },
        "committees": [
            {
                "id": 300 + n,
                "name": name,
                "meetings": [
                    {
                        "id": 400 + n,
                        "held_on": held,
                        "status": "Held",
                        "quorate": quorate,
                        "quorum_summary": summary,
                        "decisions": [{"reference": r, "title": t} for r, t in decisions],
                    }
                ],
            }
            for n, (name, held, quorate, summary, decisions) in enumerate(COMMITTEES)
        ],
        "agreements": {
            "unsigned": [
                {
                    "id": 501,
                    "title": "Norfolk and Waveney STP Memorandum of Understanding 2019/20",
                    "outstanding": ["NNUH", "QEH"],
                }
            ],
            "expiring": [
                {
                    "id": 502,
                    "title": "Acute services transfer agreement (JPUH to NNUH)",
                    "expires_on": "2020-01-31",
                }
            ],
            "recipients": [],
        },
        "finance": _finance(),
        "risks": _risks(),
        "changes": [
            {"kind": "milestone", "text": "3 milestones completed, 2 moved to red."},
            {"kind": "escalation", "text": "2 escalations raised; none closed."},
            {
                "kind": "finance",
                "text": "Year-to-date deficit against plan worsened by (1,204) to (3,130).",
            },
            {"kind": "risk", "text": "R4 (no capital funding) rose from 12 to 16."},
        ],
    }
    if published or version > 1:
        snapshot["chair_report"] = chair_report(version=version)
    return copy.deepcopy(snapshot)
