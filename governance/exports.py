"""Governance registers as spreadsheets: the action log and the register of interests, with the
columns their pages show and their labels.

Members (``MEMBERSHIPS``), the committee list's second table (``?table=memberships``): one row
per membership of the committees listed, by committee, role and name, those who stood down
included: "ID", "Committee", "Person" (name, else post), "Person's organisation", "Represents",
"Role", "Role as written", "Designation", "Planned" ("Planned" for a post not yet appointed
to), "Started", "Ended", "Reason for standing down". ``governance.imports`` reads it back.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string

from core.exports import DATE, NUMBER, Column, Export


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
        Column("ID", "pk", NUMBER, width=8),
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


# Rows are (meeting, quorum outcome as at the page's date), as the meetings list shows them.
MEETINGS = Export(
    register="meetings",
    title="Meetings",
    columns=(
        Column("Date", lambda row: row[0].held_on, DATE, width=12),
        Column("Committee", lambda row: row[0].committee.name, width=40),
        Column("Status", lambda row: row[0].get_status_display(), width=14),
        Column("Quorum", lambda row: row[1].label, width=18),
    ),
)


def _stage(row) -> str:
    committee = row[0]
    if committee.is_stood_down:
        return "Stood down"
    return committee.get_stage_display()


def _quorum_rule(row) -> str:
    """The quorum rule in force in the words the committee list uses (its one template)."""
    terms = row[1]
    if not terms:
        return "No terms of reference in force"
    return " ".join(render_to_string("governance/_quorum_rule.html", {"terms": terms}).split())


# Rows are (committee, terms of reference in force at the page's date).
COMMITTEES = Export(
    register="committees",
    title="Committees",
    columns=(
        Column("Committee", lambda row: row[0].name, width=40),
        Column("Kind", lambda row: row[0].get_kind_display(), width=20),
        Column("Stage", _stage, width=16),
        Column("Stood down", lambda row: row[0].stood_down_on, DATE, width=12),
        Column(
            "Reports to", lambda row: row[0].reports_to.name if row[0].reports_to else "", width=30
        ),
        Column("Cadence", lambda row: row[0].cadence, width=16),
        Column("Quorum today", _quorum_rule, width=60),
    ),
)


def _person(row) -> str:
    person = row[0].person
    return person.name or person.title


def _person_organisation(row) -> str:
    organisation = row[0].person.organisation
    return (organisation.short_name or organisation.name) if organisation else ""


# Rows are (interest, whether its review is due as at the page's date).
INTERESTS = Export(
    register="interests",
    title="Register of interests",
    columns=(
        Column("Person", _person, width=28),
        Column("Person's organisation", _person_organisation, width=18),
        Column("Kind", lambda row: row[0].get_kind_display(), width=24),
        Column("Organisation concerned", lambda row: row[0].organisation_name, width=28),
        Column("Nature", lambda row: row[0].description, width=60),
        Column("From", lambda row: row[0].held_from, DATE, width=12),
        Column("To", lambda row: row[0].held_to, DATE, width=12),
        Column("Declared", lambda row: row[0].declared_on, DATE, width=12),
        Column("Last reviewed", lambda row: row[0].reviewed_on, DATE, width=12),
        Column("Review due", lambda row: "Review due" if row[1] else "", width=12),
        Column("Withdrawn", lambda row: row[0].withdrawn_on, DATE, width=12),
        Column("Reason for withdrawing", lambda row: row[0].withdrawn_reason, width=40),
    ),
)


def with_status(agreement, as_at):
    """The agreement with its status as at the page's date, as the list sets it."""
    agreement.shown_status = agreement.status_on(as_at)
    return agreement


AGREEMENTS = Export(
    register="agreements",
    title="Agreements",
    columns=(
        Column("Agreement", "title", width=50),
        Column("Kind", "get_kind_display", width=24),
        Column("Status", "shown_status_label", width=16),
        Column("Expires", "expires_on", DATE, width=12),
        Column("Parties", lambda agreement: len(agreement.kept_parties), NUMBER, width=8),
    ),
)


@dataclass(frozen=True)
class AttendanceRow:
    """A line of a meeting's attendance: a member current on its date (``membership``) with
    what is recorded (``attendance``, None when nothing is), or someone else recorded (a
    deputy, or one no longer a member)."""

    person: object
    membership: object = None
    attendance: object = None


def attendance_rows(members, attendances) -> list[AttendanceRow]:
    """The members as the attendance page lists them, then everyone else recorded."""
    recorded = {a.person_id: a for a in attendances}
    rows = [AttendanceRow(m.person, m, recorded.pop(m.person_id, None)) for m in members]
    return rows + [AttendanceRow(a.person, None, a) for a in recorded.values()]


def _attendance(row) -> str:
    return row.attendance.get_status_display() if row.attendance else "Not recorded"


def _deputising_for(row) -> str:
    membership = row.attendance.deputising_for if row.attendance else None
    return str(membership.person) if membership else ""


def _short_name(organisation) -> str:
    return (organisation.short_name or organisation.name) if organisation else ""


ATTENDANCE = Export(
    register="attendance",
    title="Attendance",
    columns=(
        Column("Name", lambda row: row.person.name or row.person.title, width=28),
        Column("Organisation", lambda row: _short_name(row.person.organisation), width=18),
        Column(
            "Represents",
            lambda row: _short_name(row.membership.organisation) if row.membership else "",
            width=18,
        ),
        Column(
            "Role",
            lambda row: row.membership.get_role_display() if row.membership else "",
            width=20,
        ),
        Column("Attendance", _attendance, width=14),
        Column("Deputising for", _deputising_for, width=28),
        Column(
            "Chair's agreement",
            lambda row: "Recorded" if row.attendance and row.attendance.chair_agreed else "",
            width=12,
        ),
    ),
)


def _member(membership) -> str:
    return membership.person.name or membership.person.title


MEMBERSHIPS = Export(
    register="memberships",
    title="Committee members",
    columns=(
        Column("ID", "pk", NUMBER, width=8),
        Column("Committee", "committee.name", width=40),
        Column("Person", _member, width=28),
        Column("Person's organisation", lambda m: _short_name(m.person.organisation), width=18),
        Column("Represents", lambda m: _short_name(m.organisation), width=18),
        Column("Role", "get_role_display", width=20),
        Column("Role as written", "role_on_board", width=36),
        Column("Designation", "designation", width=18),
        Column("Planned", lambda m: "Planned" if m.planned else "", width=10),
        Column("Started", "started_on", DATE, width=12),
        Column("Ended", "ended_on", DATE, width=12),
        Column("Reason for standing down", "ended_reason", width=40),
    ),
)
