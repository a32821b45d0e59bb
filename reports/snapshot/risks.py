"""The top risks and the heat map. A risk's dates say nothing of when it was opened or closed, so
open means open now; scores, ratings and the band that ranks H / M / L grades beside scores come
from escalation.rules."""

import re

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


def _in_register_order(risk: Risk) -> tuple:
    """R2 before R10: a reference's numbers compared as numbers."""
    parts = re.split(r"(\d+)", risk.reference)
    return (*((0, int(p)) if p.isdigit() else (1, p) for p in parts), risk.pk)


def _owner(risk: Risk) -> str:
    return (
        str(risk.owner) if risk.owner is not None else organisation_label(risk.owner_organisation)
    )


def section(system, risks: list[Risk]) -> dict:
    """Every open risk is counted: the five highest-rated as their registers rate them (scores
    and H / M / L grades by band), and those their register does not rate (Cumbria's 17, seed
    001 Appendix 4, have neither a score nor a grade) listed apart."""
    open_risks = [r for r in risks if r.status == Risk.Status.OPEN]
    rated = [r for r in open_risks if r.band is not None]
    unrated = [r for r in open_risks if r.band is None]
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
                "category": r.get_category_display() or "Not recorded",
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
        "open": len(open_risks),
        "rated": len(rated),
        "unrated": [
            {
                "reference": r.reference,
                "title": r.title,
                "category": r.get_category_display() or "Not recorded",
                "owner": _owner(r),
            }
            for r in sorted(unrated, key=_in_register_order)
        ],
        "heat_map": [[counts[(impact, likelihood)] for likelihood in SCALE] for impact in SCALE],
        # Open risks rated H / M / L by their register: not cells of the heat map.
        "graded": [list(pair) for pair in grid.graded],
    }
