"""The action log from a spreadsheet: its export columns, read back through the services.

A row finds its action by its ID (the export's first column) or, with the ID blank, by its
meeting (committee and date) and the action's words; else it adds an action to that meeting,
which must have been held. Description, owner, due date, status and completion are corrected
as the action's edit page corrects them (``action_update``: a done action needs its completion
date); an action stays with the meeting that set it, and withdrawing says why on its page, so
those columns read back as exported and change nothing.
"""

from dataclasses import dataclass, field

from core.import_batches import ImportKind, Row, by_names, corrections
from core.import_fields import DATE, NUMBER, TEXT, CellError, Field
from governance import services
from governance.exports import ACTIONS
from governance.models import Action, Committee, Meeting
from partners.models import Person

UNASSIGNED = "not yet assigned"
STATUSES = {label.lower(): value for value, label in Action.Status.choices}
CORRECTED = ("description", "owner", "due_on", "status", "completed_on")


@dataclass
class Context:
    by_pk: dict[int, Action]
    by_words: dict[tuple[int, str], Action]
    committees: dict[str, Committee]
    meetings: dict[tuple[int, object], Meeting]
    people: dict[str, Person]
    seen: set = field(default_factory=set)


def _status(row: Row) -> str | None:
    """The status as the log words it ("Open (overdue)", "Withdrawn") as a stored value."""
    text = (row.values.get("status") or "").strip().lower().removesuffix(" (overdue)")
    if not text or text == "withdrawn":
        return None
    if text not in STATUSES:
        raise CellError(f'"{row.values["status"]}" is not one of: Open, Done, Cancelled.')
    return STATUSES[text]


class ActionImport(ImportKind):
    key = "actions"
    title = "Actions"
    model = Action
    export = ACTIONS
    key_help = (
        "A row with an ID changes that action; with the ID blank, the action of that meeting "
        "with the same words, or a new action of the meeting (committee and date)."
    )
    fields = (
        Field("ID", "id", NUMBER),
        Field("Action", "description", TEXT, required=True, max_length=5000),
        Field("Committee", "committee", TEXT, required=True),
        Field("Meeting", "meeting", DATE, required=True),
        Field("Owner", "owner", TEXT),
        Field("Due", "due_on", DATE),
        Field("Status", "status", TEXT),
        Field("Completed", "completed_on", DATE),
        Field("Withdrawn", "withdrawn_on", DATE),
        Field("Reason for withdrawing", "withdrawn_reason", TEXT),
        Field("Reason", "reason", TEXT, max_length=1000),
    )

    def prepare(self, system, rows: list[Row], lock: bool = False) -> Context:
        actions = Action.objects.filter(meeting__committee__system=system).select_related(
            "meeting__committee", "owner__organisation"
        )
        if lock:
            actions = actions.select_for_update(of=("self",))
        actions = list(actions)
        committees = Committee.objects.filter(system=system)
        meetings = Meeting.objects.filter(committee__system=system).select_related("committee")
        people = Person.objects.filter(system=system).select_related("organisation")
        return Context(
            by_pk={a.pk: a for a in actions},
            by_words={(a.meeting_id, a.description.strip()): a for a in actions},
            committees=by_names(committees, lambda c: c.short_name, lambda c: c.name),
            meetings={(m.committee_id, m.held_on): m for m in meetings},
            people=by_names(people, str, lambda p: p.name),
        )

    def shown(self, name: str, value) -> str:
        if name == "status":
            return str(dict(Action.Status.choices).get(value, value))
        return super().shown(name, value)

    def label(self, row: Row) -> str:
        return str(row.values.get("description") or "")[:80]

    def match(self, context: Context, row: Row) -> Action | None:
        values = row.values
        committee = context.committees.get(values["committee"].strip().lower())
        if committee is None:
            row.error("Committee", f'There is no committee "{values["committee"]}" here.')
            return None
        meeting = context.meetings.get((committee.pk, values["meeting"]))
        if meeting is None:
            row.error("Meeting", f"{committee} has no meeting on {values['meeting']:%d/%m/%Y}.")
            return None
        row.new["meeting"] = meeting
        if values.get("id") is not None:
            record = context.by_pk.get(values["id"])
            if record is None:
                row.error("ID", f"There is no action with ID {values['id']} in this system.")
            elif record.meeting_id != meeting.pk:
                row.error("Meeting", "An action stays with the meeting that set it.")
        else:
            record = context.by_words.get((meeting.pk, values["description"].strip()))
        key = record.pk if record is not None else (meeting.pk, values["description"].strip())
        if key in context.seen:
            row.error("Action", "An earlier row of the file is about the same action.")
        context.seen.add(key)
        return record

    def changes(self, context: Context, row: Row) -> dict:
        values, new, record = row.values, row.new, row.record
        new["description"] = values["description"]
        if "owner" in values:
            text = (values.get("owner") or "").strip().lower()
            new["owner"] = None if text in ("", UNASSIGNED) else context.people.get(text)
            if text not in ("", UNASSIGNED) and new["owner"] is None:
                row.error("Owner", f'There is no person "{values["owner"]}" in this system.')
        for name in ("due_on", "completed_on"):
            if name in values:
                new[name] = values[name]
        try:
            status = _status(row)
        except CellError as error:
            row.error("Status", str(error))
            status = None
        if status is not None:
            new["status"] = status
        done = new.get("status", getattr(record, "status", None)) == Action.Status.DONE
        completed = new.get("completed_on", getattr(record, "completed_on", None))
        if done and completed is None:
            row.error("Completed", "Give the date the action was completed.")
        elif completed is not None and not done:
            row.error("Completed", "Only a done action has a completion date.")
        withdrawn = values.get("withdrawn_on")
        if "withdrawn_on" in values and withdrawn != getattr(record, "withdrawn_on", None):
            row.error("Withdrawn", "Withdraw an action on its page, saying why; not by import.")
        if record is None:
            return {}
        found = corrections(record, new, CORRECTED)
        if found and record.withdrawn_on is not None:
            row.error("Withdrawn", "This action is withdrawn and cannot be changed.")
        return found

    def apply(self, *, actor, system, context: Context, row: Row, reason: str) -> None:
        why = self.why(row, reason)
        new = row.new
        if row.record is None:
            action = services.action_create(
                actor=actor,
                meeting=new["meeting"],
                description=new["description"],
                owner=new.get("owner"),
                due_on=new.get("due_on"),
                reason=why,
            )
            changes = {
                name: new[name]
                for name in ("status", "completed_on")
                if new.get(name) not in (None, Action.Status.OPEN)
            }
        else:
            action = row.record
            changes = row.corrected()
        if changes:
            services.action_update(actor=actor, action=action, reason=why, **changes)


ACTION_IMPORT = ActionImport()
