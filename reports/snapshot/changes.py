"""What changed since last month's published report, in plain English, from the two snapshots.

The earlier snapshot is read as published (a correction since does not rewrite what the chair
was told), so only its JSON is compared, never the database as it stood then.
"""

from datetime import date

from escalation.rules import CaseStatus
from finance.templatetags.finance_format import money as money_display


def _day(text: str) -> str:
    day = date.fromisoformat(text)
    return f"{day.day} {day:%B %Y}"


def _change(kind: str, text: str) -> dict:
    return {"kind": kind, "text": text}


def milestones(now: dict, before: dict) -> list[dict]:
    earlier = {row["id"]: row for row in before.get("all", [])}
    current_ids = {row["id"] for row in now["all"]}
    changes = []
    for row in now["all"]:
        title = row["title"]
        old = earlier.get(row["id"])
        if old is None:
            changes.append(_change("milestone", f"Milestone '{title}' was added ({row['rag']})."))
        elif row["completed"] and not old.get("completed"):
            when = _day(row["completed"])
            changes.append(_change("milestone", f"Milestone '{title}' was completed on {when}."))
        elif row["rag"] != old.get("rag"):
            text = f"Milestone '{title}' went from {old.get('rag')} to {row['rag']}."
            changes.append(_change("milestone", text))
    for row in before.get("all", []):
        if row["id"] not in current_ids:
            changes.append(_change("milestone", f"Milestone '{row['title']}' was removed."))
    return changes


def _case_label(case: dict) -> str:
    return f"{case['reference']} ({case['subject']})"


def escalations(now: dict, before: dict, statuses: dict[int, str]) -> list[dict]:
    """``statuses``: every case's status at the cut-off, by id."""

    def cases(section: dict) -> dict[int, dict]:
        return {c["id"]: c for c in [*section.get("open", []), *section.get("new", [])]}

    earlier, current = cases(before), cases(now)
    open_now = {c["id"] for c in now["open"]}
    changes = []
    for case in sorted(current.values(), key=lambda c: (c["raised_on"], c["id"])):
        if case["id"] not in earlier:
            text = (
                f"{_case_label(case)} was raised on {_day(case['raised_on'])}, "
                f"at step {case['step']} ({case['escalate_to']})."
            )
            changes.append(_change("escalation", text))
    for case in before.get("open", []):
        if case["id"] in open_now:
            now_case = current[case["id"]]
            if now_case["step"] != case["step"]:
                text = (
                    f"{_case_label(case)} was stepped up from step {case['step']} "
                    f"to step {now_case['step']} ({now_case['escalate_to']})."
                )
                changes.append(_change("escalation", text))
        else:
            status = statuses.get(case["id"])
            outcome = f" ({CaseStatus(status).label.lower()})" if status else ""
            changes.append(
                _change("escalation", f"{_case_label(case)} is no longer open{outcome}.")
            )
    return changes


def finance(now: dict | None, before: dict | None) -> list[dict]:
    if not now or not before:
        return []
    if now["year"] != before.get("year"):
        return [
            _change("finance", f"Finance now reports {now['year']} (was {before.get('year')}).")
        ]
    changes = []
    if now["net_control_total"] != before.get("net_control_total"):
        earlier_net = money_display(before.get("net_control_total"))
        text = (
            f"The system's net control total went from {earlier_net} "
            f"to {money_display(now['net_control_total'])} (£'000)."
        )
        changes.append(_change("finance", text))
    outturn, earlier = now["forecast_outturn"], before.get("forecast_outturn")
    if outturn is not None and earlier is None:
        text = f"First forecast outturn: {money_display(outturn)} (£'000)."
        changes.append(_change("finance", text))
    elif outturn is not None and outturn != earlier:
        text = (
            f"Forecast outturn went from {money_display(earlier)} to {money_display(outturn)} "
            f"(£'000)."
        )
        changes.append(_change("finance", text))
    return changes


def _rated(risk: dict) -> str:
    """As the register rates it: "rated H", or "score 12, high" (older snapshots: a score)."""
    if risk.get("grade"):
        return f"rated {risk['grade']}"
    return f"score {risk['score']}, {risk['rating']}"


def risks(now: dict, before: dict, closed: set[str]) -> list[dict]:
    """``closed``: references of the system's risks that are closed now."""
    earlier = {r["reference"]: r for r in before.get("top", [])}
    current = {r["reference"] for r in now["top"]}
    changes = []
    for risk in now["top"]:
        if risk["reference"] not in earlier:
            text = (
                f"Risk {risk['reference']} '{risk['title']}' entered the top risks "
                f"({_rated(risk)})."
            )
            changes.append(_change("risk", text))
    for reference, risk in earlier.items():
        if reference in current:
            continue
        what = "was closed" if reference in closed else "left the top risks"
        changes.append(_change("risk", f"Risk {reference} '{risk['title']}' {what}."))
    return changes


def since(
    snapshot: dict, previous: dict, closed_risks: set[str], case_statuses: dict[int, str]
) -> list[dict]:
    return [
        *milestones(snapshot["milestones"], previous.get("milestones") or {}),
        *escalations(snapshot["escalations"], previous.get("escalations") or {}, case_statuses),
        *finance(snapshot["finance"], previous.get("finance")),
        *risks(snapshot["risks"], previous.get("risks") or {}, closed_risks),
    ]
