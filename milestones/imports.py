"""Milestones from a spreadsheet: the register's export columns, read back through the services.

A row finds its milestone by its ID (the export's first column) or, with the ID blank, by its
workstream and title (a workstream's titles are unique), else it adds a milestone. What each
column may do is what the milestone's pages allow:

- Milestone, Workstream, Responsible, Responsible person, Forecast, Key: corrected as the
  edit form corrects them (``milestone_update``);
- Baseline: moved only by re-baselining, which needs a reason: the row's Reason column (an
  import-only column, last in the template);
- Completed: recorded as the monthly update of the month it was completed, as the monthly
  update page records it; never in the future, never taken back;
- Slippage and RAG are computed, and Withdrawn is done on the milestone's page with a reason:
  their cells are read back as the export wrote them and change nothing.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from core.import_batches import ImportKind, Row, by_names, differs
from core.import_fields import DATE, DERIVED, FLAG, NUMBER, TEXT, Field, shown
from milestones import services
from milestones.exports import MILESTONES
from milestones.models import Milestone, ProgressUpdate, Workstream
from partners.models import Organisation, Person

# What milestone_update corrects; the baseline and completion have their own services.
CORRECTED = {
    "title",
    "workstream",
    "responsible_organisation",
    "responsible_person",
    "forecast_on",
    "is_key",
}


@dataclass
class Context:
    system: object
    by_pk: dict[int, Milestone]
    by_title: dict[tuple[int, str], Milestone]
    workstreams: dict[str, Workstream]
    organisations: dict[str, Organisation]
    people: dict[str, Person]
    updates: dict[tuple[int, date], ProgressUpdate]
    seen: set = field(default_factory=set)


class MilestoneImport(ImportKind):
    key = "milestones"
    title = "Milestones"
    model = Milestone
    key_help = (
        "A row with an ID changes that milestone; with the ID blank, the milestone of that "
        "workstream and title, or a new one."
    )
    fields = (
        Field("ID", "id", NUMBER),
        Field("Milestone", "title", TEXT, required=True, max_length=300),
        Field("Workstream", "workstream", TEXT, required=True),
        Field("Responsible", "responsible_organisation", TEXT),
        Field("Responsible person", "responsible_person", TEXT),
        Field("Baseline", "baseline_on", DATE),
        Field("Forecast", "forecast_on", DATE),
        Field("Completed", "completed_on", DATE),
        Field("Slippage (days)", kind=DERIVED),
        Field("RAG", kind=DERIVED),
        Field("Key", "is_key", FLAG, yes_word="Key"),
        Field("Withdrawn", "withdrawn", FLAG, yes_word="Withdrawn"),
        # Not in the export: why a baseline moves, as re-baselining asks.
        Field("Reason", "reason", TEXT, max_length=1000),
    )
    export = MILESTONES

    def prepare(self, system, rows: list[Row], lock: bool = False) -> Context:
        # One query each, whatever the number of rows: every milestone of the system (a row
        # may name one by ID or by workstream and title), its workstreams, partners and people.
        milestones = Milestone.objects.filter(workstream__plan__system=system).select_related(
            "workstream", "responsible_organisation", "responsible_person"
        )
        if lock:
            milestones = milestones.select_for_update(of=("self",))
        milestones = list(milestones)
        workstreams = Workstream.objects.filter(plan__system=system).select_related("plan")
        organisations = Organisation.objects.filter(partnerships__system=system).distinct()
        people = Person.objects.filter(system=system).select_related("organisation")
        completed = [r.values["completed_on"] for r in rows if r.values.get("completed_on")]
        updates = ProgressUpdate.objects.filter(
            milestone__workstream__plan__system=system,
            month__in={day.replace(day=1) for day in completed},
        )
        return Context(
            system=system,
            by_pk={m.pk: m for m in milestones},
            by_title={(m.workstream_id, m.title): m for m in milestones},
            workstreams=by_names(workstreams, str, lambda w: w.name),
            organisations=by_names(organisations, lambda o: o.short_name, lambda o: o.name),
            people=by_names(people, str, lambda p: p.name),
            updates={(u.milestone_id, u.month): u for u in updates},
        )

    def _lookup(self, row: Row, name: str, table: dict, what: str):
        text = row.values.get(name)
        if not text:
            return None
        found = table.get(text.strip().lower())
        if found is None:
            row.error(self.header(name), f'There is no {what} "{text}" in this system.')
        return found

    def match(self, context: Context, row: Row) -> Milestone | None:
        row.new["workstream"] = workstream = self._lookup(
            row, "workstream", context.workstreams, "workstream"
        )
        pk = row.values.get("id")
        if pk is not None:
            record = context.by_pk.get(pk)
            if record is None:
                row.error(
                    "ID",
                    f"There is no milestone with ID {pk} in this system. Leave the ID blank "
                    "to add a milestone.",
                )
        elif workstream is None:
            return None
        else:
            record = context.by_title.get((workstream.pk, row.values["title"]))
        key = (
            record.pk
            if record is not None
            else (getattr(workstream, "pk", None), row.values["title"])
        )
        if key in context.seen:
            row.error("Milestone", "An earlier row of the file is about the same milestone.")
        context.seen.add(key)
        return record

    def changes(self, context: Context, row: Row) -> dict:
        values, new = row.values, row.new
        new["title"] = values["title"]
        for name, table, what in (
            ("responsible_organisation", context.organisations, "partner organisation"),
            ("responsible_person", context.people, "person"),
        ):
            if name in values:
                new[name] = self._lookup(row, name, table, what)
        for name in ("baseline_on", "forecast_on", "completed_on", "is_key"):
            if name in values:
                new[name] = values[name]
        record = row.record
        completed = new.get("completed_on")
        if completed and completed > timezone.localdate():
            row.error("Completed", "A milestone cannot be completed in the future.")
        if record is None:
            if values.get("withdrawn"):
                row.error("Withdrawn", "A new milestone cannot be withdrawn.")
            if new["workstream"] is not None and new["workstream"].is_withdrawn:
                row.error(
                    "Workstream", f"{new['workstream']} is withdrawn: add no milestone to it."
                )
            return {}
        found = {
            n: (getattr(record, n), v) for n, v in new.items() if differs(getattr(record, n), v)
        }
        self._check_change(record, row, found)
        return found

    def _check_change(self, record: Milestone, row: Row, found: dict) -> None:
        if "withdrawn" in row.values and row.values["withdrawn"] != record.is_withdrawn:
            row.error("Withdrawn", "Withdraw a milestone on its page, saying why; not by import.")
        if found and record.is_withdrawn:
            row.error(
                "Milestone",
                f"It was withdrawn on {record.withdrawn_on:%-d %B %Y} and is kept as it was.",
            )
        if "baseline_on" in found:
            old, new = found["baseline_on"]
            if new is None:
                row.error("Baseline", "A baseline cannot be removed, only moved.")
            elif not (row.values.get("reason") or "").strip():
                row.error(
                    "Reason",
                    f"Say why the baseline moves from {shown(old)} to {shown(new)}: give a "
                    "reason in the Reason column, as re-baselining on the milestone's page asks.",
                )
        if "completed_on" in found and found["completed_on"][0] is not None:
            row.error(
                "Completed",
                "A completion is recorded once, in a monthly update; it cannot be changed "
                "or removed by import.",
            )

    def apply(self, *, actor, system, context: Context, row: Row, reason: str) -> None:
        new = row.new
        if row.record is None:
            milestone = services.milestone_create(
                actor=actor,
                workstream=new["workstream"],
                title=new["title"],
                baseline_on=new.get("baseline_on"),
                forecast_on=new.get("forecast_on"),
                is_key=new.get("is_key", False),
                responsible_organisation=new.get("responsible_organisation"),
                responsible_person=new.get("responsible_person"),
                reason=reason,
            )
            changes = (
                {"completed_on": (None, new["completed_on"])} if new.get("completed_on") else {}
            )
        else:
            milestone, changes = row.record, row.changes
        if "baseline_on" in changes:
            services.milestone_rebaseline(
                actor=actor,
                milestone=milestone,
                baseline_on=changes["baseline_on"][1],
                reason=f"{row.values['reason'].strip()} ({reason.lower()})",
            )
        corrected = {n: v for n, (_, v) in changes.items() if n in CORRECTED}
        if corrected:
            services.milestone_update(actor=actor, milestone=milestone, reason=reason, **corrected)
        if "completed_on" in changes:
            self._complete(actor, context, milestone, changes["completed_on"][1], reason)

    def _complete(self, actor, context: Context, milestone: Milestone, day: date, reason: str):
        """As the monthly update records it: the month's update, its narrative kept if it has
        one."""
        month = day.replace(day=1)
        update = context.updates.get((milestone.pk, month))
        services.progress_update_record(
            actor=actor,
            milestone=milestone,
            month=month,
            narrative=update.narrative if update else f"Completed on {day:%-d %B %Y}.",
            completed_on=day,
            reason=reason,
        )


MILESTONE_IMPORT = MilestoneImport()
