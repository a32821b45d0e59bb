"""Escalation routes from a spreadsheet: the route list's export (``exports.ROUTES``, one row per
step) read back through the services.

Natural key: the route by its name (unique in a system), each step by its route and number. The
route's columns (agreement by title, source clause, what it covers) are read from the first row
of the route and must be the same on each of its rows; a row changes that step, or, numbered
after the route's last step, adds one at the end (new steps in order, as the route's page adds
them). A new route's rows set it up with its steps 1, 2, ... A step missing from the file is
left as it is: removing and reordering steps, and withdrawing a route, stay on the route's page
with their reason, so "Withdrawn" reads back as exported and changes nothing. A row with the step
blank is a route with no steps.
"""

from dataclasses import dataclass, field

from core.import_batches import (
    ImportKind,
    Row,
    by_names,
    corrections,
    differs,
    fingerprints,
    locked,
    once,
)
from core.import_fields import CHOICE, DATE, NUMBER, TEXT, Field
from escalation import services
from escalation.exports import ROUTES
from escalation.models import EscalationRoute, EscalationStep
from governance.models import Agreement, Commitment, Committee
from milestones.models import Workstream
from partners.models import Organisation

FIELDS = (
    Field("Route", "name", TEXT, required=True, max_length=200),
    Field("Agreement", "agreement", TEXT),
    Field("Source clause", "clause", TEXT, max_length=300),
    Field("Covers organisation", "covers_organisation", TEXT),
    Field(
        "Covers organisations of kind",
        "covers_organisation_kind",
        CHOICE,
        choices=tuple(Organisation.Kind.choices),
    ),
    Field("Covers workstream", "covers_workstream", TEXT),
    Field("Covers commitment", "covers_commitment", TEXT),
    Field("Withdrawn", "withdrawn_on", DATE),
    Field("Step", "order", NUMBER),
    Field("Escalate to role", "escalate_to_role", TEXT, max_length=200),
    Field("Escalate to organisation", "escalate_to_organisation", TEXT),
    Field("Escalate to committee", "escalate_to_committee", TEXT),
    Field("Response required", "response_required", TEXT, max_length=5000),
    Field("Response due (days)", "response_due_days", NUMBER),
    Field("Step up after (days)", "step_up_after_days", NUMBER),
    Field("Step up after (months)", "step_up_after_months", NUMBER),
    Field("Reason", "reason", TEXT, max_length=1000),
)
# The columns a correction may change, in the columns' order (the services' allow-lists); a
# route's name is how its rows find it, so a new name is a new route.
ROUTE_FIELDS = tuple(f.name for f in FIELDS[1:] if f.name in services.ROUTE_EDITABLE)
STEP_FIELDS = tuple(f.name for f in FIELDS if f.name in services.STEP_EDITABLE)
PERIODS = ("response_due_days", "step_up_after_days", "step_up_after_months")
# Columns naming a record of the system: field -> (the context's names, what the message calls it)
NAMED = {
    "agreement": ("agreements", "agreement"),
    "covers_organisation": ("organisations", "partner organisation"),
    "covers_workstream": ("workstreams", "workstream"),
    "covers_commitment": ("commitments", "commitment"),
    "escalate_to_organisation": ("organisations", "partner organisation"),
    "escalate_to_committee": ("committees", "committee"),
}


@dataclass
class Routes:
    routes: dict[str, EscalationRoute]
    steps: dict[tuple[int, int], EscalationStep]
    counts: dict[int, int]  # route pk -> how many steps it has
    names: dict[str, dict[str, object]]  # "agreements", "organisations" ... -> records by name
    first: dict[str, tuple[int, dict]] = field(default_factory=dict)  # route -> row, its values
    next_new: dict[str, int] = field(default_factory=dict)  # route -> its next new step's number
    created: dict[str, EscalationRoute] = field(default_factory=dict)
    seen: set = field(default_factory=set)


class RouteImport(ImportKind):
    key = "escalation-routes"
    title = "Escalation routes"
    model = EscalationStep
    export = ROUTES
    key_help = (
        "Rows are matched by route name and step number: a row changes that step, or adds the "
        "route's next step; a new route's rows set it up with its steps 1, 2, ..."
    )
    fields = FIELDS

    def prepare(self, system, rows: list[Row], lock: bool = False) -> Routes:
        routes = locked(EscalationRoute.objects.filter(system=system), lock)
        steps = locked(EscalationStep.objects.filter(route__system=system), lock)
        counts: dict[int, int] = {}
        for step in steps:
            counts[step.route_id] = counts.get(step.route_id, 0) + 1
        commitments = Commitment.objects.filter(agreement__system=system)
        names = {
            "agreements": by_names(Agreement.objects.filter(system=system), lambda a: a.title),
            "organisations": by_names(
                Organisation.objects.filter(partnerships__system=system).distinct(),
                lambda o: o.name,
                lambda o: o.short_name,
            ),
            "workstreams": by_names(
                Workstream.objects.filter(plan__system=system), str, lambda w: w.name
            ),
            "commitments": by_names(commitments, str),
            "committees": by_names(
                Committee.objects.filter(system=system), lambda c: c.name, lambda c: c.short_name
            ),
        }
        return Routes(
            routes={r.name.strip().lower(): r for r in routes},
            steps={(s.route_id, s.order): s for s in steps},
            counts=counts,
            names=names,
        )

    def versions(self, records: list) -> dict[str, object]:
        """A step's version and its route's: a row stands for both."""
        steps = fingerprints(EscalationStep, [r.pk for r in records])
        routes = fingerprints(EscalationRoute, {r.route_id for r in records})
        return {str(r.pk): f"{steps.get(str(r.pk))}/{routes.get(str(r.route_id))}" for r in records}

    def label(self, row: Row) -> str:
        order = row.values.get("order")
        return f"{row.values.get('name') or ''}{f', step {order}' if order else ''}"

    def _named(self, context: Routes, row: Row, name: str) -> None:
        """The record a column names (blank: none), into ``row.new``; an error if not found."""
        text = (row.values.get(name) or "").strip()
        names, noun = NAMED[name]
        row.new[name] = context.names[names].get(text.lower()) if text else None
        if text and row.new[name] is None:
            row.error(self.header(name), f'There is no {noun} "{text}" in this system.')

    def _read(self, context: Routes, row: Row, names: tuple[str, ...]) -> None:
        for name in names:
            if name not in row.values:
                continue
            if name in NAMED:
                self._named(context, row, name)
            elif name in PERIODS:
                row.new[name] = row.values[name]
                if row.new[name] is not None and row.new[name] < 0:
                    row.error(self.header(name), "Give a number of days or months, 0 or more.")
            else:
                row.new[name] = row.values[name] or ""

    def _same_route(self, context: Routes, row: Row, key: str) -> None:
        """A route's columns are read from its first row; its other rows must agree."""
        values = {n: row.new[n] for n in ROUTE_FIELDS if n in row.new}
        if key not in context.first:
            context.first[key] = (row.number, values)
            return
        number, first = context.first[key]
        for name, value in values.items():
            if name in first and differs(first[name], value):
                row.error(
                    self.header(name),
                    f"Row {number} gives this route a different {self.header(name).lower()}: "
                    "give each of its rows the same.",
                )

    def match(self, context: Routes, row: Row) -> EscalationStep | None:
        values = row.values
        key = values["name"].strip().lower()
        route = context.routes.get(key)
        row.new.update(name=values["name"].strip(), order=values.get("order"))
        self._read(context, row, ROUTE_FIELDS)
        self._same_route(context, row, key)
        withdrawn = getattr(route, "withdrawn_on", None)
        if "withdrawn_on" in values and values["withdrawn_on"] != withdrawn:
            row.error("Withdrawn", "Withdraw a route on its page, saying why; not by import.")
        order = values.get("order")
        if order is None:
            row.empty = route is not None
            return None
        once(context.seen, row, (key, order), "Step")
        record = context.steps.get((route.pk, order)) if route is not None else None
        if record is None:
            expected = context.next_new.get(key, context.counts.get(getattr(route, "pk", 0), 0) + 1)
            if order != expected:
                row.error(
                    "Step",
                    f"The next new step of this route is step {expected}: number new steps in "
                    "order, after its last.",
                )
            context.next_new[key] = expected + 1
        return record

    def changes(self, context: Routes, row: Row) -> dict:
        key = row.values["name"].strip().lower()
        route = context.routes.get(key)
        found = {}
        if route is not None and context.first[key][0] == row.number:
            found = corrections(route, row.new, ROUTE_FIELDS)
        if row.values.get("order") is not None:
            self._read(context, row, STEP_FIELDS)
            self._check_step(row)
        if row.record is not None:
            found |= corrections(row.record, row.new, STEP_FIELDS)
        adds = row.record is None and not row.empty
        if route is not None and route.withdrawn_on is not None and (found or adds):
            row.error("Route", "This route is withdrawn and is kept as it was.")
        if found and row.empty:
            row.error("Step", "Give the step: a route's details are corrected on its step rows.")
        return found

    def _check_step(self, row: Row) -> None:
        new, record = row.new, row.record

        def value(name):
            return new[name] if name in new else getattr(record, name, None)

        if not any(value(n) for n in ("escalate_to_role", *STEP_FIELDS[1:3])):
            row.error("Escalate to role", "Say whom the step escalates to.")
        if value("step_up_after_days") is not None and value("step_up_after_months") is not None:
            row.error(
                "Step up after (months)", "Give the step-up period in days or in months, not both."
            )

    def apply(self, *, actor, system, context: Routes, row: Row, reason: str) -> None:
        why, new = self.why(row, reason), row.new
        key = row.values["name"].strip().lower()
        route = context.routes.get(key) or context.created.get(key)
        changed = row.corrected()
        if route is None:
            fields = {n: new[n] for n in ROUTE_FIELDS if n in new}
            route = services.route_create(
                actor=actor, system=system, name=new["name"], reason=why, **fields
            )
            context.created[key] = route
        elif any(n in changed for n in ROUTE_FIELDS):
            route_changes = {n: v for n, v in changed.items() if n in ROUTE_FIELDS}
            services.route_update(actor=actor, route=route, reason=why, **route_changes)
        step_changes = {n: v for n, v in changed.items() if n in STEP_FIELDS}
        if row.record is not None and step_changes:
            services.step_update(actor=actor, step=row.record, reason=why, **step_changes)
        elif row.record is None and row.values.get("order") is not None:
            fields = {n: new[n] for n in STEP_FIELDS if n in new}
            services.step_append(actor=actor, route=route, reason=why, **fields)


ROUTE_IMPORT = RouteImport()
