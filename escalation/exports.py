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
        Column("Category", "get_category_display", width=20),
        Column("Owner", _owner, width=28),
        Column("Likelihood", "likelihood", NUMBER, width=10),
        Column("Impact", "impact", NUMBER, width=10),
        Column("Score", "score", NUMBER, width=8),
        Column("Rating", "rating_label", width=12),
        Column("Status", "get_status_display", width=12),
        Column("Review date", "review_on", DATE, width=12),
    ),
)
