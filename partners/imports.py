"""People from a spreadsheet: the people register's export columns, read back through the
services.

A row finds its person by ID (the export's first column) or, with the ID blank, by name (or,
for someone the papers name only by post, the post) and organisation; else it adds a person.
The organisation is a partner of the system, by its short name or name. Linking an account
stays on the person's page.
"""

from dataclasses import dataclass, field

from core.import_batches import ImportKind, Row, by_names, corrections
from core.import_fields import NUMBER, TEXT, Field
from partners import services
from partners.exports import PEOPLE
from partners.models import Organisation, Person

CORRECTED = ("name", "title", "organisation")


@dataclass
class Context:
    by_pk: dict[int, Person]
    by_name: dict[tuple[str, int | None], Person]
    organisations: dict[str, Organisation]
    seen: set = field(default_factory=set)


def _key(person_name: str, title: str, organisation_id: int | None) -> tuple:
    return ((person_name or title or "").strip().lower(), organisation_id)


class PersonImport(ImportKind):
    key = "people"
    title = "People"
    model = Person
    export = PEOPLE
    key_help = (
        "A row with an ID changes that person; with the ID blank, the person of that name (or "
        "post) at that organisation, or a new one."
    )
    fields = (
        Field("ID", "id", NUMBER),
        Field("Name", "name", TEXT, max_length=200),
        Field("Post", "title", TEXT, max_length=200),
        Field("Organisation", "organisation", TEXT),
        Field("Reason", "reason", TEXT, max_length=1000),
    )

    def prepare(self, system, rows: list[Row], lock: bool = False) -> Context:
        people = Person.objects.filter(system=system).select_related("organisation")
        if lock:
            people = people.select_for_update(of=("self",))
        people = list(people)
        organisations = Organisation.objects.filter(partnerships__system=system).distinct()
        return Context(
            by_pk={p.pk: p for p in people},
            by_name={_key(p.name, p.title, p.organisation_id): p for p in people},
            organisations=by_names(organisations, lambda o: o.short_name, lambda o: o.name),
        )

    def label(self, row: Row) -> str:
        return str(row.values.get("name") or row.values.get("title") or "")

    def match(self, context: Context, row: Row) -> Person | None:
        values, new = row.values, row.new
        text = (values.get("organisation") or "").strip()
        new["organisation"] = context.organisations.get(text.lower()) if text else None
        if text and new["organisation"] is None:
            row.error("Organisation", f'There is no partner organisation "{text}" here.')
        if not (values.get("name") or values.get("title")):
            row.error("Name", "Give the person's name or, if it is not known, their post.")
            return None
        if values.get("id") is not None:
            record = context.by_pk.get(values["id"])
            if record is None:
                row.error("ID", f"There is no person with ID {values['id']} in this system.")
        else:
            organisation_id = getattr(new["organisation"], "pk", None)
            record = context.by_name.get(
                _key(values.get("name"), values.get("title"), organisation_id)
            )
        key = (
            record.pk
            if record is not None
            else _key(
                values.get("name"), values.get("title"), getattr(new["organisation"], "pk", None)
            )
        )
        if key in context.seen:
            row.error("Name", "An earlier row of the file is about the same person.")
        context.seen.add(key)
        return record

    def changes(self, context: Context, row: Row) -> dict:
        for name in ("name", "title"):
            if name in row.values:
                row.new[name] = row.values[name] or ""
        if "organisation" not in row.values:
            row.new.pop("organisation", None)
        record = row.record
        if record is None:
            return {}
        return corrections(record, row.new, CORRECTED)

    def apply(self, *, actor, system, context: Context, row: Row, reason: str) -> None:
        why = self.why(row, reason)
        if row.record is None:
            services.person_create(actor=actor, system=system, reason=why, **row.new)
            return
        changed = row.corrected()
        services.person_update(actor=actor, person=row.record, reason=why, **changed)


PERSON_IMPORT = PersonImport()
