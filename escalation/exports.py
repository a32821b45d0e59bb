"""The risk register as a spreadsheet: the columns its page shows, labels as the page words them."""

from core.exports import DATE, NUMBER, Column, Export


def _owner(risk) -> str:
    if risk.owner:
        return str(risk.owner)
    return risk.owner_organisation.short_name if risk.owner_organisation else ""


RISKS = Export(
    register="risks",
    title="Risk register",
    columns=(
        Column("Reference", "reference", width=10),
        Column("Title", "title", width=50),
        Column("Description", "description", width=60),
        Column("Category", "get_category_display", width=20),
        Column("Owner", _owner, width=28),
        Column("Likelihood", "likelihood", NUMBER, width=10),
        Column("Impact", "impact", NUMBER, width=10),
        Column("Score", "score", NUMBER, width=8),
        Column("Rating", "rating_label", width=12),
        Column("Mitigations", "mitigations", width=60),
        Column("Status", "get_status_display", width=12),
        Column("Review date", "review_on", DATE, width=12),
    ),
)


def _flagged(card) -> str:
    return "Flagged for chair" if card.case.flagged_for_chair else ""


# Rows are the board's cards (escalation.views.Card): age and overdue as at the page's date.
CASES = Export(
    register="escalation-cases",
    title="Escalation cases",
    columns=(
        Column("Subject", "case.subject_label", width=50),
        Column("Status", "case.get_status_display", width=18),
        Column("Flagged", _flagged, width=16),
        Column("Route", "case.route.name", width=30),
        Column("Step", lambda card: f"Step {card.case.current_step.order}", width=8),
        Column("Asked to respond", "case.organisation.short_name", width=18),
        Column("Raised", "case.raised_on", DATE, width=12),
        Column("Age (days)", "age_days", NUMBER, width=10),
        Column("Response due", "due_on", DATE, width=12),
        Column("Response overdue", lambda card: "Overdue" if card.overdue else "", width=10),
    ),
)
