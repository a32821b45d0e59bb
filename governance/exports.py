"""Governance registers as spreadsheets: the action log and the register of interests, with the
columns their pages show and their labels."""

from core.exports import DATE, Column, Export


def _action_status(action) -> str:
    """The status as the action log words it: withdrawn, else the status, "overdue" when it is
    (``as_at_overdue``: annotated as at the page's date)."""
    if action.withdrawn_on:
        return "Withdrawn"
    status = action.get_status_display()
    return f"{status} (overdue)" if action.as_at_overdue else status


def _committee(record) -> str:
    committee = record.meeting.committee
    return committee.short_name or committee.name


ACTIONS = Export(
    register="actions",
    title="Action log",
    columns=(
        Column("Action", "description", width=60),
        Column("Committee", _committee, width=20),
        Column("Meeting", "meeting.held_on", DATE, width=12),
        Column("Owner", lambda a: str(a.owner) if a.owner else "Not yet assigned", width=28),
        Column("Due", "due_on", DATE, width=12),
        Column("Status", _action_status, width=18),
        Column("Completed", "completed_on", DATE, width=12),
        Column("Withdrawn", "withdrawn_on", DATE, width=12),
        Column("Reason for withdrawing", "withdrawn_reason", width=40),
    ),
)
