"""A meeting's history of changes: the meeting's own, and its attendance, decisions and
actions', newest first, so a correction of any of them shows on the meeting's page with the
old values, who, when and the reason; a committee's likewise with its members and terms."""

from collections import defaultdict
from dataclasses import replace

from django.utils.text import Truncator

from core.audit import display_name
from core.history import KINDS, Change, HistoryRow, history_rows, readable
from governance.models import (
    Action,
    Agreement,
    Attendance,
    Commitment,
    CommitmentOwner,
    Committee,
    Decision,
    Delegation,
    Meeting,
    Membership,
    Party,
    TermsOfReference,
)


def _rows(records, model, what) -> list[HistoryRow]:
    """One row per historical record of ``model``, each against the same record's previous
    version, its values as a person reads them; ``what`` names the record (e.g. "attendance of
    Sam Example")."""
    by_record = defaultdict(list)
    for record in records:
        by_record[record.id].append(record)
    rows, names = [], []
    for versions in by_record.values():
        versions.sort(key=lambda r: r.history_date, reverse=True)
        for record, previous in zip(versions, [*versions[1:], None], strict=False):
            changes: tuple[Change, ...] = ()
            if previous is not None:
                delta = record.diff_against(previous)
                changes = tuple(Change(c.field, c.old, c.new) for c in delta.changes)
            user = record.history_user
            kind = KINDS.get(record.history_type, record.history_type)
            names.append(what(record))
            rows.append(
                HistoryRow(
                    when=record.history_date,
                    who=display_name(user) if user else "Unknown",
                    kind=f"{kind}: {names[-1]}",
                    reason=record.history_change_reason or "",
                    changes=changes,
                )
            )
    return [
        replace(row, changes=tuple(replace(c, field=f"{name}: {c.field}") for c in row.changes))
        for row, name in zip(readable(model._meta, rows), names, strict=True)
    ]


def meeting_history(meeting: Meeting, limit: int | None = 100) -> list[HistoryRow]:
    rows = history_rows(meeting, limit=limit)
    rows += _rows(
        Attendance.history.filter(meeting_id=meeting.pk).select_related("history_user", "person"),
        Attendance,
        lambda r: f"attendance of {r.person.name or r.person.title}",
    )
    rows += _rows(
        Decision.history.filter(meeting_id=meeting.pk).select_related("history_user"),
        Decision,
        lambda r: f"decision {r.reference or Truncator(r.title).chars(50)}",
    )
    rows += _rows(
        Action.history.filter(meeting_id=meeting.pk).select_related("history_user"),
        Action,
        lambda r: f"action {Truncator(r.description).chars(50)}",
    )
    rows.sort(key=lambda r: r.when, reverse=True)
    return rows[:limit]


def committee_history(committee: Committee, limit: int | None = 100) -> list[HistoryRow]:
    rows = history_rows(committee, limit=limit)
    rows += _rows(
        Membership.history.filter(committee_id=committee.pk).select_related(
            "history_user", "person"
        ),
        Membership,
        lambda r: f"member {r.person.name or r.person.title}",
    )
    rows += _rows(
        TermsOfReference.history.filter(committee_id=committee.pk).select_related("history_user"),
        TermsOfReference,
        lambda r: f"terms of reference {r.version}",
    )
    rows += _rows(
        Delegation.history.filter(committee_id=committee.pk).select_related(
            "history_user", "from_organisation"
        ),
        Delegation,
        lambda r: f"delegation from {r.from_organisation.short_name}",
    )
    rows.sort(key=lambda r: r.when, reverse=True)
    return rows[:limit]


def agreement_history(agreement: Agreement, limit: int | None = 100) -> list[HistoryRow]:
    """The agreement's own history and its parties', commitments' and their owners'."""
    rows = history_rows(agreement, limit=limit)
    rows += _rows(
        Party.history.filter(agreement_id=agreement.pk).select_related(
            "history_user", "organisation"
        ),
        Party,
        lambda r: f"party {r.organisation.short_name}",
    )
    rows += _rows(
        Commitment.history.filter(agreement_id=agreement.pk).select_related("history_user"),
        Commitment,
        lambda r: f"commitment {r.number}",
    )
    commitments = Commitment.objects.filter(agreement_id=agreement.pk).values("pk")
    rows += _rows(
        CommitmentOwner.history.filter(commitment_id__in=commitments).select_related(
            "history_user", "organisation"
        ),
        CommitmentOwner,
        lambda r: f"{r.organisation.short_name} answerable for a commitment",
    )
    rows.sort(key=lambda r: r.when, reverse=True)
    return rows[:limit]
