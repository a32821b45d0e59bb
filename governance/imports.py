"""The action log and committee members from spreadsheets: their export columns, read back
through the services.

Actions (``ACTION_IMPORT``):

A row finds its action by its ID (the export's first column) or, with the ID blank, by its
meeting (committee and date) and the action's words; else it adds an action to that meeting,
which must have been held. Description, owner, due date, status and completion are corrected
as the action's edit page corrects them (``action_update``: a done action needs its completion
date); an action stays with the meeting that set it, and withdrawing says why on its page, so
those columns read back as exported and change nothing.

Members (``MEMBERSHIP_IMPORT``), the committee list's download of its members: a row finds its
membership by ID or, with the ID blank, by its natural key, the committee (name or short name),
the person (name, else post; at the person's organisation when the row gives it) and the role
(blank is member); else it adds the person to the committee, as the committee's page does.
As on the member's page, the start and end dates are corrected, and an end date given to a
serving member stands them down, which needs the reason for standing down; who they represent,
the role as written, the designation and a planned post are set when they are added, so those
columns read back as exported and change nothing.
"""

from dataclasses import dataclass, field

from core.import_batches import ImportKind, Row, by_names, corrections, differs, locked, once
from core.import_fields import CHOICE, DATE, FLAG, NUMBER, TEXT, CellError, Field
from governance import services
from governance.exports import ACTIONS, MEMBERSHIPS
from governance.models import Action, Committee, Meeting, Membership
from partners.models import Organisation, Person

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


# Set when a member is added; the member's page corrects only the dates.
FIXED = ("organisation", "role_on_board", "designation", "planned")


@dataclass
class Members:
    by_pk: dict[int, Membership]
    by_key: dict[tuple[int, int, str], Membership]
    committees: dict[str, Committee]
    people: dict[str, Person]
    people_at: dict[tuple[str, int | None], Person]
    organisations: dict[str, Organisation]
    seen: set = field(default_factory=set)


def _person_key(person: Person) -> tuple[str, int | None]:
    return ((person.name or person.title).strip().lower(), person.organisation_id)


class MembershipImport(ImportKind):
    key = "memberships"
    title = "Committee members"
    model = Membership
    export = MEMBERSHIPS
    key_help = (
        "A row with an ID changes that membership; with the ID blank, the membership of that "
        "person in that role on that committee, or a new member. Standing someone down needs "
        "the reason."
    )
    fields = (
        Field("ID", "id", NUMBER),
        Field("Committee", "committee", TEXT, required=True),
        Field("Person", "person", TEXT, required=True),
        Field("Person's organisation", "person_organisation", TEXT),
        Field("Represents", "organisation", TEXT),
        Field("Role", "role", CHOICE, choices=tuple(Membership.Role.choices)),
        Field("Role as written", "role_on_board", TEXT, max_length=300),
        Field("Designation", "designation", TEXT, max_length=100),
        Field("Planned", "planned", FLAG, yes_word="Planned"),
        Field("Started", "started_on", DATE),
        Field("Ended", "ended_on", DATE),
        Field("Reason for standing down", "ended_reason", TEXT, max_length=2000),
        Field("Reason", "reason", TEXT, max_length=1000),
    )

    def prepare(self, system, rows: list[Row], lock: bool = False) -> Members:
        memberships = Membership.objects.filter(committee__system=system)
        memberships = locked(
            memberships.select_related("committee", "person", "organisation"), lock
        )
        people = list(Person.objects.filter(system=system).select_related("organisation"))
        # The partners, and any organisation a person or membership already names (so a
        # download reads back even where one is no longer a partner).
        organisations = [
            *Organisation.objects.filter(partnerships__system=system).distinct(),
            *(p.organisation for p in people if p.organisation is not None),
            *(m.organisation for m in memberships if m.organisation is not None),
        ]
        named = by_names(organisations, lambda o: o.short_name, lambda o: o.name)
        return Members(
            by_pk={m.pk: m for m in memberships},
            by_key={(m.committee_id, m.person_id, m.role): m for m in memberships},
            committees=by_names(
                Committee.objects.filter(system=system), lambda c: c.name, lambda c: c.short_name
            ),
            people=by_names(people, lambda p: p.name, lambda p: p.title),
            people_at={_person_key(p): p for p in people},
            organisations=named,
        )

    def label(self, row: Row) -> str:
        return f"{row.values.get('person') or ''}, {row.values.get('committee') or ''}"

    def _organisation(self, context: Members, row: Row, name: str, header: str):
        text = (row.values.get(name) or "").strip()
        found = context.organisations.get(text.lower()) if text else None
        if text and found is None:
            row.error(header, f'There is no partner organisation "{text}" here.')
        return found

    def _person(self, context: Members, row: Row) -> Person | None:
        name = row.values["person"].strip()
        if (row.values.get("person_organisation") or "").strip():
            at = self._organisation(context, row, "person_organisation", "Person's organisation")
            found = context.people_at.get((name.lower(), getattr(at, "pk", None)))
        else:
            # Someone with no organisation before anyone else of the name.
            at = None
            found = context.people_at.get((name.lower(), None)) or context.people.get(name.lower())
        if found is None:
            where = f" at {at}" if at else ""
            row.error(
                "Person",
                f'There is no person "{name}"{where} in this system: add them to people first.',
            )
        return found

    def match(self, context: Members, row: Row) -> Membership | None:
        values, new = row.values, row.new
        committee = context.committees.get(values["committee"].strip().lower())
        if committee is None:
            row.error("Committee", f'There is no committee "{values["committee"]}" here.')
        person = self._person(context, row)
        new["organisation"] = self._organisation(context, row, "organisation", "Represents")
        if committee is None or person is None:
            return None
        role = values.get("role") or Membership.Role.MEMBER
        new.update(committee=committee, person=person, role=role)
        key = (committee.pk, person.pk, role)
        if values.get("id") is not None:
            record = context.by_pk.get(values["id"])
            if record is None:
                row.error("ID", f"There is no membership with ID {values['id']} in this system.")
            elif (record.committee_id, record.person_id, record.role) != key:
                row.error(
                    "ID",
                    "A membership keeps its committee, person and role: for another, add a row "
                    "with the ID blank.",
                )
        else:
            record = context.by_key.get(key)
        once(context.seen, row, key, "Person")
        return record

    def changes(self, context: Members, row: Row) -> dict:
        values, new, record = row.values, row.new, row.record
        for name in ("role_on_board", "designation", "ended_reason"):
            if name in values:
                new[name] = values[name] or ""
        for name in ("started_on", "ended_on"):
            if name in values:
                new[name] = values[name]
        new["planned"] = bool(values.get("planned"))
        stands_down = new.get("ended_on") and (record is None or record.ended_on is None)
        if stands_down and not new.get("ended_reason"):
            row.error("Reason for standing down", "Say why the member is standing down.")
        if record is None:
            return {}
        fixed = [
            n for n in FIXED if n in new and n in values and differs(getattr(record, n), new[n])
        ]
        for name in fixed:
            row.error(
                self.header(name),
                "This is set when the member is added: stand them down and add them again.",
            )
        kept = record.ended_on is not None and "ended_reason" in values
        if kept and differs(record.ended_reason, new["ended_reason"]):
            row.error(
                "Reason for standing down", "This is kept as it was given when they stood down."
            )
        return corrections(record, new, ("started_on", "ended_on"))

    def apply(self, *, actor, system, context: Members, row: Row, reason: str) -> None:
        why, new = self.why(row, reason), row.new
        membership = row.record
        if membership is None:
            membership = services.membership_add(
                actor=actor,
                reason=why,
                **{
                    n: new[n]
                    for n in ("committee", "person", "role", "started_on", *FIXED)
                    if n in new
                },
            )
        changed = row.corrected() if row.record is not None else {}
        ending = new.get("ended_on") if membership.ended_on is None else None
        if ending is not None:
            changed.pop("ended_on", None)
        if changed:
            services.membership_update(actor=actor, membership=membership, reason=why, **changed)
        if ending is not None:
            services.membership_stand_down(
                actor=actor,
                membership=membership,
                ended_on=ending,
                reason=new["ended_reason"],
                source=reason,
            )


MEMBERSHIP_IMPORT = MembershipImport()
