"""The people and organisations registers as spreadsheets: the columns their pages show (no
more: an export is as visible as its page)."""

from core.exports import NUMBER, Column, Export

PEOPLE = Export(
    register="people",
    title="People",
    columns=(
        Column("ID", "pk", NUMBER, width=8),
        Column("Name", "name", width=30),
        Column("Post", "title", width=40),
        Column("Organisation", "organisation.short_name", width=20),
    ),
)

# Rows are the system's partnerships: an organisation with its role and scope in this system.
ORGANISATIONS = Export(
    register="organisations",
    title="Organisations",
    columns=(
        Column("Organisation", "organisation.name", width=50),
        Column("ODS code", "organisation.ods_code", width=10),
        Column("Kind", "organisation.get_kind_display", width=24),
        Column("Role", "role", width=30),
        Column("Scope", "scope_note", width=40),
    ),
)
