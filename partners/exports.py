"""The people and organisations registers as spreadsheets: the columns their pages show (no
more: an export is as visible as its page)."""

from core.audit import display_name
from core.exports import DATE, NUMBER, Column, Export

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


def _person(access) -> str:
    return access.user.get_full_name() or access.user.username


# Rows are the system's accesses, current then ended, as the access review lists them (each
# with ``ended`` and ``inactive`` set as at today, as the page sets them).
ACCESS = Export(
    register="access",
    title="Access",
    columns=(
        Column("Person", _person, width=28),
        Column("Email address", "user.email", width=32),
        Column("Role", "get_role_display", width=20),
        Column("Organisation", "organisation.short_name", width=18),
        Column("Last signed in", "user.last_login", DATE, width=18),
        Column(
            "No activity in 90 days",
            lambda access: "No activity in 90 days" if access.inactive else "",
            width=12,
        ),
        Column("Ends", "ends_on", DATE, width=12),
        Column("Ended", lambda access: "Ended" if access.ended else "", width=8),
        Column("Why ended", "end_reason", width=40),
    ),
)


def _named(user) -> str:
    return display_name(user) if user is not None else ""


# Rows are a system's security events, newest first, as its page lists them. The systems an
# event concerns are not a column: they would name systems this office may not see.
SECURITY_EVENTS = Export(
    register="security-events",
    title="Security events",
    columns=(
        Column("ID", "pk", NUMBER, width=10),
        Column("When", "occurred_at", width=18),
        Column("What happened", "get_kind_display", width=24),
        Column("Person", lambda event: _named(event.user), width=28),
        Column("User name typed", "username", width=24),
        Column("About", lambda event: _named(event.subject), width=28),
        Column("Detail", "detail", width=60),
        Column("Client address", "ip_address", width=18),
        Column("Browser", "user_agent", width=60),
    ),
)
