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


def route_steps(routes):
    """Each route's steps in order as (route, step) rows; a route with no step is one row with
    the step's columns blank."""
    for route in routes:
        steps = list(route.steps.all()) or [None]
        for step in steps:
            yield route, step


def _route(read):
    return lambda row: read(row[0])


def _step(read):
    return lambda row: None if row[1] is None else read(row[1])


# One row per (route, step), in the list's order: route name, then step number. The headers are
# plain and stable, and each is one field, so that a route import reads this file back:
# "Route", "Agreement" (its title), "Source clause", "Covers organisation" (its name),
# "Covers organisations of kind" (the kind's label), "Covers workstream", "Covers commitment",
# "Withdrawn" (a date), "Step" (1, 2, ...), "Escalate to role", "Escalate to organisation" (its
# name), "Escalate to committee" (its name), "Response required", "Response due (days)",
# "Step up after (days)", "Step up after (months)".
ROUTES = Export(
    register="escalation-routes",
    title="Escalation routes",
    columns=(
        Column("Route", _route(lambda r: r.name), width=40),
        Column("Agreement", _route(lambda r: r.agreement.title if r.agreement else ""), width=40),
        Column("Source clause", _route(lambda r: r.clause), width=20),
        Column(
            "Covers organisation",
            _route(lambda r: r.covers_organisation.name if r.covers_organisation else ""),
            width=30,
        ),
        Column(
            "Covers organisations of kind",
            _route(lambda r: r.get_covers_organisation_kind_display()),
            width=24,
        ),
        Column(
            "Covers workstream",
            _route(lambda r: str(r.covers_workstream) if r.covers_workstream else ""),
            width=30,
        ),
        Column(
            "Covers commitment",
            _route(lambda r: str(r.covers_commitment) if r.covers_commitment else ""),
            width=30,
        ),
        Column("Withdrawn", _route(lambda r: r.withdrawn_on), DATE, width=12),
        Column("Step", _step(lambda s: s.order), NUMBER, width=6),
        Column("Escalate to role", _step(lambda s: s.escalate_to_role), width=30),
        Column(
            "Escalate to organisation",
            _step(lambda s: s.escalate_to_organisation.name if s.escalate_to_organisation else ""),
            width=30,
        ),
        Column(
            "Escalate to committee",
            _step(lambda s: s.escalate_to_committee.name if s.escalate_to_committee else ""),
            width=30,
        ),
        Column("Response required", _step(lambda s: s.response_required), width=50),
        Column("Response due (days)", _step(lambda s: s.response_due_days), NUMBER, width=10),
        Column("Step up after (days)", _step(lambda s: s.step_up_after_days), NUMBER, width=10),
        Column("Step up after (months)", _step(lambda s: s.step_up_after_months), NUMBER, width=10),
    ),
)
