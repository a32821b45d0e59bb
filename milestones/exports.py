"""The registers of milestones and workstreams as spreadsheets: the columns their pages show."""

from core.exports import DATE, NUMBER, Column, Export
from milestones.rag import Rag


def _listed_rag(milestone) -> str:
    """The RAG as the list shows it (``with_rag``'s annotation): a withdrawn one is not counted."""
    if milestone.is_withdrawn or milestone.workstream.is_withdrawn:
        return "Not counted (withdrawn)"
    return Rag(milestone.as_at_rag).label


def _slippage(milestone) -> int | None:
    if milestone.baseline_on or milestone.forecast_on:
        return milestone.as_at_slippage
    return None


MILESTONES = Export(
    register="milestones",
    title="Milestones",
    columns=(
        Column("ID", "pk", NUMBER, width=8),
        Column("Milestone", "title", width=50),
        Column("Workstream", "workstream", width=30),
        Column("Responsible", "responsible_organisation.short_name", width=16),
        Column("Responsible person", "responsible_person", width=24),
        Column("Baseline", "baseline_on", DATE, width=12),
        Column("Forecast", "forecast_on", DATE, width=12),
        Column("Completed", "completed_on", DATE, width=12),
        Column("Slippage (days)", _slippage, NUMBER, width=10),
        Column("RAG", _listed_rag, width=14),
        Column("Key", lambda m: "Key" if m.is_key else "", width=6),
        Column("Withdrawn", lambda m: "Withdrawn" if m.is_withdrawn else "", width=10),
    ),
)


def _counted(rag: Rag):
    return lambda row: None if row[0].is_withdrawn else dict(row[1]).get(rag, 0)


def _sro(row) -> str:
    workstream = row[0]
    return workstream.sro_role or (str(workstream.sro) if workstream.sro else "")


def _lead(row) -> str:
    return getattr(row[0].lead_organisation, "short_name", "")


# Rows are (workstream, [(Rag, milestones counted as at the page's date)]), as the list has.
WORKSTREAMS = Export(
    register="workstreams",
    title="Workstreams",
    columns=(
        Column("Workstream", lambda row: str(row[0]), width=40),
        Column(
            "SRO", lambda row: row[0].sro_role or (str(row[0].sro) if row[0].sro else ""), width=28
        ),
        Column(
            "Lead organisation",
            lambda row: getattr(row[0].lead_organisation, "short_name", ""),
            width=18,
        ),
        Column("Objective", lambda row: row[0].get_objective_kind_display(), width=20),
        Column("Target date", lambda row: row[0].target_date, DATE, width=12),
        Column("Milestones", lambda row: row[0].milestone_count, NUMBER, width=10),
        *(Column(rag.label, _counted(rag), NUMBER, width=10) for rag in Rag),
        Column("Withdrawn", lambda row: "Withdrawn" if row[0].is_withdrawn else "", width=10),
    ),
)


GATEWAYS = Export(
    register="gateways",
    title="Gateways",
    columns=(
        Column("Plan", "plan.title", width=40),
        Column("Number", "number", NUMBER, width=8),
        Column("Gateway", "name", width=40),
        Column("From", "from_date", DATE, width=12),
        Column("Objectives", "objectives", width=60),
        Column("Withdrawn", "withdrawn_on", DATE, width=12),
    ),
)
