"""Risks from a spreadsheet: the register's export columns, read back through the services.

A row finds its risk by its reference (unique in the system), else it adds one. A risk is rated
as its register rates it (``risk_create`` / ``risk_update`` check it): H / M / L in the Rating
column, or Likelihood and Impact together, never both; a Rating cell that is the export's own
label for a score ("High (12)", "Not rated") is computed and changes nothing, as Score does.
The Owner is a person of the system, else a partner organisation. Closing, withdrawing and
reopening each say why on the risk's page: the Status column only reads back as exported.
"""

from dataclasses import dataclass, field

from core.import_batches import ImportKind, Row, by_names, corrections
from core.import_fields import CHOICE, DATE, DERIVED, NUMBER, TEXT, Field
from escalation import services
from escalation.exports import RISKS
from escalation.models import Risk
from escalation.rules import RiskGrade
from partners.models import Organisation, Person

GRADES = {grade.value for grade in RiskGrade}
TEXTS = ("title", "description", "mitigations")
COMPARED = (*TEXTS, "category", "owner", "owner_organisation")
COMPARED += ("grade", "likelihood", "impact", "review_on")


@dataclass
class Context:
    by_reference: dict[str, Risk]
    people: dict[str, Person]
    organisations: dict[str, Organisation]
    seen: set = field(default_factory=set)


class RiskImport(ImportKind):
    key = "risks"
    title = "Risks"
    model = Risk
    export = RISKS
    key_help = "A row changes the risk of its reference, or adds a risk with that reference."
    fields = (
        Field("Reference", "reference", TEXT, required=True, max_length=20, numbers_ok=True),
        Field("Title", "title", TEXT, required=True, max_length=300),
        Field("Description", "description", TEXT),
        Field("Category", "category", CHOICE, choices=tuple(Risk.Category.choices)),
        Field("Owner", "owner", TEXT),
        Field("Likelihood", "likelihood", NUMBER),
        Field("Impact", "impact", NUMBER),
        Field("Score", kind=DERIVED),
        Field("Rating", "rating", TEXT),
        Field("Mitigations", "mitigations", TEXT),
        Field("Status", "status", CHOICE, choices=tuple(Risk.Status.choices)),
        Field("Review date", "review_on", DATE),
        # Not in the export: why, for the risk's history (optional).
        Field("Reason", "reason", TEXT, max_length=1000),
    )

    def prepare(self, system, rows: list[Row], lock: bool = False) -> Context:
        risks = Risk.objects.filter(system=system).select_related("owner", "owner_organisation")
        if lock:
            risks = risks.select_for_update(of=("self",))
        people = Person.objects.filter(system=system).select_related("organisation")
        organisations = Organisation.objects.filter(partnerships__system=system).distinct()
        return Context(
            by_reference={risk.reference: risk for risk in risks},
            people=by_names(people, str, lambda p: p.name),
            organisations=by_names(organisations, lambda o: o.short_name, lambda o: o.name),
        )

    def match(self, context: Context, row: Row) -> Risk | None:
        reference = row.values["reference"]
        if reference in context.seen:
            row.error("Reference", f"An earlier row of the file has the reference {reference}.")
        context.seen.add(reference)
        return context.by_reference.get(reference)

    def _owner(self, context: Context, row: Row) -> None:
        text = (row.values.get("owner") or "").strip().lower()
        row.new["owner"] = context.people.get(text) if text else None
        row.new["owner_organisation"] = None
        if text and row.new["owner"] is None:
            row.new["owner_organisation"] = context.organisations.get(text)
            if row.new["owner_organisation"] is None:
                row.error(
                    "Owner",
                    f'There is no person or partner organisation "{row.values["owner"]}" in '
                    "this system.",
                )

    def changes(self, context: Context, row: Row) -> dict:
        values, new, record = row.values, row.new, row.record
        for name in (*TEXTS, "category", "likelihood", "impact", "review_on"):
            if name in values:
                new[name] = values[name]
        for name in (*TEXTS, "category"):
            if name in new and new[name] is None:
                new[name] = ""
        if "owner" in values:
            self._owner(context, row)
        rating = (values.get("rating") or "").strip().upper()
        if "rating" in values and (rating in GRADES or not rating):
            new["grade"] = rating
        self._check_rating(row, record)
        status = values.get("status")
        current = record.status if record is not None else Risk.Status.OPEN
        if status and status != current:
            row.error(
                "Status",
                "Close, withdraw or reopen a risk on its page, saying why; not by import.",
            )
        if record is None:
            return {}
        return corrections(record, new, COMPARED)

    def _check_rating(self, row: Row, record: Risk | None) -> None:
        def now(name):
            if name in row.new:
                return row.new[name]
            return getattr(record, name) if record is not None else None

        for name in ("likelihood", "impact"):
            value = row.new.get(name)
            if value is not None and not 1 <= value <= 5:
                row.error(self.header(name), f"Give a number from 1 to 5, not {value}.")
        if now("grade") and (now("likelihood") is not None or now("impact") is not None):
            row.error("Rating", "Rate the risk H / M / L or by likelihood and impact, not both.")
        elif (now("likelihood") is None) != (now("impact") is None):
            missing = "Impact" if now("impact") is None else "Likelihood"
            row.error(missing, f"Give the {missing.lower()} too: a score needs both.")

    def apply(self, *, actor, system, context: Context, row: Row, reason: str) -> None:
        why = self.why(row, reason)
        if row.record is None:
            new = dict(row.new)
            services.risk_create(
                actor=actor,
                system=system,
                reference=row.values["reference"],
                title=new.pop("title"),
                category=new.pop("category", "") or "",
                reason=why,
                **{name: value for name, value in new.items() if value is not None},
            )
            return
        changed = row.corrected()
        services.risk_update(actor=actor, risk=row.record, reason=why, **changed)


RISK_IMPORT = RiskImport()
