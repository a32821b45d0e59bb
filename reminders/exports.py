"""The audit of reminders sent, as a spreadsheet: the columns its page shows."""

from django.utils import timezone

from core.audit import display_name
from core.due import kind as due_kind
from core.exports import DATE, NUMBER, Column, Export


def kind_label(slug: str) -> str:
    try:
        return due_kind(slug).label
    except KeyError:
        return slug


SENT = Export(
    register="reminders-sent",
    title="Reminders sent",
    columns=(
        Column("ID", "pk", NUMBER, width=8),
        Column("Person", lambda r: display_name(r.user), width=28),
        Column("E-mail address", "to_email", width=30),
        Column("Kind", lambda r: kind_label(r.kind), width=24),
        Column("Reminder", "title", width=60),
        Column("Due", "due_on", DATE, width=12),
        Column("Queued", lambda r: timezone.localdate(r.queued_at), DATE, width=12),
        Column("Status", "get_status_display", width=14),
        Column("Attempts", "attempts", NUMBER, width=10),
        Column(
            "Sent", lambda r: timezone.localdate(r.sent_at) if r.sent_at else None, DATE, width=12
        ),
        Column("Message-ID", "message_id", width=40),
        Column("Delivery result", "error", width=60),
    ),
)


NO_EMAIL = Export(
    register="no-email-address",
    title="People with no e-mail address",
    columns=(
        Column("Person", lambda a: display_name(a.user), width=28),
        Column("User name", "user.username", width=24),
        Column("Role", "get_role_display", width=20),
        Column("Organisation", lambda a: a.organisation.name if a.organisation else "", width=40),
    ),
)
