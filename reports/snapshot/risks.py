"""The top risks and the heat map. A risk's dates say nothing of when it was opened or closed, so
open means open now; scores, ratings and the band that ranks H / M / L grades beside scores come
from escalation.rules."""

from escalation.models import Risk
from escalation.querysets import SCALE, heat_map
from reports.snapshot.common import organisation_label

TOP = 5


def fetch(system) -> list[Risk]:
    """Every risk of the system, closed ones too (the changes name those that closed)."""
    return list(
        Risk.objects.filter(system=system)
        .select_related("owner__organisation", "owner_organisation")
        .order_by("reference", "pk")
    )


def _owner(risk: Risk) -> str:
    return (
        str(risk.owner) if risk.owner is not None else organisation_label(risk.owner_organisation)
    )


def section(system, risks: list[Risk]) -> dict:
    rated = [r for r in risks if r.status == Risk.Status.OPEN and r.band is not None]
    top = sorted(rated, key=lambda r: (*r.rank_key, r.pk))[:TOP]
    grid = heat_map(Risk.objects.filter(system=system))
    counts = {
        (cell["impact"], cell["likelihood"]): cell["count"]
        for row in grid.rows
        for cell in row["cells"]
    }
    return {
        "top": [
            {
                "reference": r.reference,
                "title": r.title,
                "category": r.get_category_display(),
                "owner": _owner(r),
                "likelihood": r.likelihood,
                "impact": r.impact,
                "grade": r.grade,
                "score": r.score,
                "rating": r.rating.value if r.rating is not None else None,
                "rating_label": r.rating_label,
            }
            for r in top
        ],
        "heat_map": [[counts[(impact, likelihood)] for likelihood in SCALE] for impact in SCALE],
        # Open risks rated H / M / L by their register: not cells of the heat map.
        "graded": [list(pair) for pair in grid.graded],
    }
