"""The sample snapshot's milestones (reports/tests/sample.py): Norfolk & Waveney's key
deliverables in November 2019, as rows of the snapshot's milestone table, and generated rows that
pad the appendix for benchmarks."""

from datetime import date, timedelta

from milestones.rag import slippage_days

CUTOFF = date(2019, 11, 30)

WORKSTREAMS = [
    "A. Primary and community care",
    "B. Mental Health",
    "C. Acute transformation",
    "D. Demand and capacity",
    "E. Urgent and emergency care services",
    "F. Cancer",
    "G. Children and young people",
    "H. Digital",
]

# (workstream index, title, organisation, first baseline, baseline, forecast, completed, rag,
#  previous rag, key)
MILESTONES = [
    (
        0,
        "GPPOs' PCN level plans developed to meet level 3 in the PCN Maturity Index",
        "GPPOs",
        "2019-07-31",
        "2019-07-31",
        "2019-07-26",
        "2019-07-26",
        "complete",
        "complete",
        True,
    ),
    (
        0,
        "20 recognised Primary Care Networks (PCNs) established",
        "",
        "2019-07-01",
        "2019-07-01",
        None,
        "2019-07-01",
        "complete",
        "complete",
        True,
    ),
    (
        0,
        "PCN colocation plans delivered",
        "",
        "2019-12-31",
        "2019-12-31",
        "2020-02-28",
        None,
        "red",
        "amber",
        True,
    ),
    (
        0,
        "Plans in place for colocation of community health services at PCN level",
        "NCH&C",
        "2019-09-30",
        "2019-10-31",
        "2019-11-29",
        "2019-11-29",
        "complete",
        "red",
        False,
    ),
    (
        1,
        "Preferred option for mental health provision across Norfolk and Waveney agreed; full "
        "business case and implementation plan approved",
        "NSFT",
        "2020-03-31",
        "2020-03-31",
        "2020-03-31",
        None,
        "green",
        "green",
        True,
    ),
    (
        1,
        "Adult Mental Health Strategy priority commitment developed: Provide appropriate support "
        "to those in crisis",
        "NSFT",
        "2020-03-31",
        "2020-03-31",
        "2020-04-30",
        None,
        "amber",
        "green",
        False,
    ),
    (
        2,
        "Six services (Urology, ENT, Cardiology, Oncology, Haematology, Vascular Surgery) "
        "transferred from JPUH to NNUH as lead provider",
        "NNUH",
        "2019-09-30",
        "2019-09-30",
        "2020-01-31",
        None,
        "red",
        "red",
        True,
    ),
    (
        2,
        "Urology transferred from QEH to NNUH (post September 2019)",
        "QEH",
        "2019-12-31",
        "2019-12-31",
        "2020-01-15",
        None,
        "amber",
        None,
        False,
    ),
    (
        3,
        "Simplified process for discharging medically fit patients delivered, reducing the number "
        "waiting and how long",
        "",
        "2020-03-31",
        "2020-03-31",
        "2020-03-31",
        None,
        "green",
        "green",
        True,
    ),
    (
        3,
        "Community bed review undertaken",
        "NCH&C",
        "2019-11-30",
        "2019-11-30",
        "2019-11-22",
        "2019-11-22",
        "complete",
        "green",
        True,
    ),
    (
        4,
        "24/7 Integrated Urgent Care Service accessible via NHS 111 or online",
        "",
        "2019-12-31",
        "2019-12-31",
        "2020-01-31",
        None,
        "amber",
        "green",
        True,
    ),
    (
        4,
        "New emergency and urgent care standards from the Clinical Standards Review tested and "
        "implementation begun",
        "",
        "2019-10-31",
        "2019-10-31",
        "2019-12-20",
        None,
        "red",
        "red",
        True,
    ),
    (
        4,
        "Same Day Emergency Care at least 12 hours a day, 7 days a week in every hospital with a "
        "major A&E",
        "QEH",
        "2020-03-31",
        "2020-03-31",
        "2020-03-31",
        None,
        "green",
        "green",
        True,
    ),
    (
        5,
        "FIT implementation in Primary Care evaluated",
        "",
        "2019-11-30",
        "2019-11-30",
        "2019-11-30",
        None,
        "green",
        "green",
        True,
    ),
    (
        6,
        "Revised CYPMH service specification and operating model, outcomes-based, with an agreed "
        "approach to delivery",
        "NSFT",
        "2020-03-31",
        "2020-03-31",
        "2020-03-31",
        None,
        "green",
        "green",
        True,
    ),
    (
        7,
        "Outline Business Case for a new Electronic Patient Record across the three acute "
        "hospitals developed and approved",
        "NNUH",
        "2019-10-31",
        "2019-12-31",
        "2020-03-31",
        None,
        "red",
        "amber",
        True,
    ),
    (
        7,
        "Cyber security arrangements strengthened to meet national standards",
        "",
        "2020-03-31",
        "2020-03-31",
        "2020-03-31",
        None,
        "green",
        "green",
        False,
    ),
]

ORGANISATIONS = ["NNUH", "JPUH", "QEH", "NSFT", "NCH&C", "GYWCCG", "SNCCG", ""]


def milestone_row(index: int, spec: tuple) -> dict:
    ws, title, org, first, base, forecast, completed, rag, previous, key = spec
    first_day = date.fromisoformat(first)
    finish = date.fromisoformat(completed or forecast or base)
    if previous is None:
        change = "new"
    elif previous == rag:
        change = "same"
    else:
        order = ["complete", "green", "amber", "red"]
        change = "worse" if order.index(rag) > order.index(previous) else "better"
    return {
        "id": 1000 + index,
        "title": title,
        "workstream": WORKSTREAMS[ws],
        "organisation": org,
        "baseline": base,
        "first_baseline": first,
        "forecast": forecast,
        "completed": completed,
        "slippage_days": slippage_days(first_day, finish),
        "rag": rag,
        "previous_rag": previous,
        "rag_change": change,
        "is_key": key,
    }


def padding_rows(count: int) -> list[dict]:
    """Generated milestones for the appendix: plausible spread of dates and statuses."""
    rags = ["green", "green", "amber", "red", "complete"]
    rows = []
    for n in range(count):
        first = date(2019, 4, 30) + timedelta(days=(n * 7) % 540)
        rag = rags[n % len(rags)]
        if rag == "complete" and first > CUTOFF:
            rag = "green"  # nothing completes after the cut-off
        late = {"green": 0, "amber": 14, "red": 75, "complete": -3}[rag]
        finish = first + timedelta(days=late)
        completed = finish.isoformat() if rag == "complete" else None
        spec = (
            n % len(WORKSTREAMS),
            f"Workstream deliverable {n + 1}: local plan agreed, mobilised and reported to the "
            f"Workstream Delivery Group" + (" with partners' sign-off" if n % 3 == 0 else ""),
            ORGANISATIONS[(n * 3) % len(ORGANISATIONS)],
            first.isoformat(),
            first.isoformat(),
            finish.isoformat(),
            completed,
            rag,
            rags[(n + 1) % len(rags)] if n % 7 else None,
            False,
        )
        rows.append(milestone_row(100 + n, spec))
    return rows
