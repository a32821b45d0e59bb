"""Charts as plain inline SVG, drawn on the server, so pages and the monthly PDF share them.

Python works out the geometry; the templates under templates/reports/charts/ write the markup,
autoescaped, so no text reaches the page unescaped.
"""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from finance.templatetags.finance_format import money

RAG_COLOURS = {
    "complete": "#005eb8",
    "green": "#007f3b",
    "amber": "#ed8b00",
    "red": "#d5281b",
    "undated": "#768692",
}
RAG_LABELS = {
    "complete": "Complete",
    "green": "On track",
    "amber": "Amber",
    "red": "Red",
    "undated": "Not dated",
}


def rag_bar_svg(counts: dict[str, int], *, width: int = 260, bar_height: int = 24) -> SafeString:
    """Horizontal bars, one per RAG status, labelled with the status and its count."""
    # "Not dated" only when there are some: most plans date every milestone.
    order = ["red", "amber", "green", "complete"] + (["undated"] if counts.get("undated") else [])
    largest = max([counts.get(k, 0) for k in order] + [1])
    label_width, gap = 76, 8
    plot = width - label_width - 36
    bars = []
    for index, key in enumerate(order):
        count = counts.get(key, 0)
        y = gap + index * (bar_height + gap)
        bar = round(plot * count / largest)
        bars.append(
            {
                "label": RAG_LABELS[key],
                "y": y,
                "text_y": f"{y + bar_height * 0.7:.0f}",
                "width": bar,
                "fill": RAG_COLOURS[key],
                "count_x": label_width + bar + 6,
                "count": count,
            }
        )
    context = {
        "width": width,
        "height": len(order) * (bar_height + gap) + gap,
        "bar_height": bar_height,
        "label_width": label_width,
        "summary": ", ".join(f"{RAG_LABELS[k]} {counts.get(k, 0)}" for k in order),
        "bars": bars,
    }
    return render_to_string("reports/charts/rag_bars.svg", context)


FONT = "Arial, Helvetica, sans-serif"
TEXT = "#212b32"
GREY = "#aeb7bd"


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def finance_bars_svg(
    rows: list[tuple[str, str | None, str | None]],
    *,
    plan_label: str = "Plan",
    actual_label: str = "Actual",
    title: str = "Finance against plan",
    width: int = 640,
    id_prefix: str = "finance",
) -> SafeString:
    """Paired horizontal bars per organisation, plan above actual, from a zero line.

    ``rows`` are (label, plan, actual) with figures as the snapshot's strings in £'000; deficits
    run left of zero. Every bar is labelled with its figure as the seeds print it.
    """
    values = [_number(v) for _, plan, actual in rows for v in (plan, actual)] + [0.0]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    label_width, figure_room, bar, gap, legend = 100, 64, 11, 10, 28
    plot_left = label_width + (figure_room if low < 0 else 8)
    plot = width - plot_left - figure_room
    zero = plot_left + plot * (-low / span)
    height = legend + len(rows) * (2 * bar + gap) + gap
    summary = "; ".join(
        f"{label}: {plan_label.lower()} {money(plan) or 'none'}, "
        f"{actual_label.lower()} {money(actual) or 'none'}"
        for label, plan, actual in rows
    )
    drawn = []
    for index, (label, plan, actual) in enumerate(rows):
        top = legend + gap / 2 + index * (2 * bar + gap)
        figures = []
        for offset, value, colour in ((0, plan, GREY), (bar, actual, "#005eb8")):
            if value is None:
                continue
            number = _number(value)
            end = zero + plot * number / span
            x, length = min(zero, end), abs(end - zero)
            anchor, tx = ("end", end - 4) if number < 0 else ("start", end + 4)
            figures.append(
                {
                    "x": f"{x:.1f}",
                    "y": f"{top + offset:.1f}",
                    "width": f"{max(length, 0.5):.1f}",
                    "fill": colour,
                    "text_x": f"{tx:.1f}",
                    "text_y": f"{top + offset + bar - 2:.1f}",
                    "anchor": anchor,
                    "text": money(value),
                }
            )
        drawn.append({"label": label, "label_y": f"{top + bar + 4:.0f}", "figures": figures})
    context = {
        "width": width,
        "height": height,
        "id_prefix": id_prefix,
        "title": title,
        "summary": summary,
        "plan_label": plan_label,
        "actual_label": actual_label,
        "label_width": label_width,
        "plan_key_x": label_width + 20,
        "actual_x": label_width + 150,
        "actual_key_x": label_width + 170,
        "bar": bar,
        "rows": drawn,
        "zero": f"{zero:.1f}",
        "legend": legend,
        "bottom": legend + len(rows) * (2 * bar + gap),
        "font": FONT,
        "ink": TEXT,
        "grey": GREY,
    }
    return render_to_string("reports/charts/finance_bars.svg", context)


# Fill and text colour by score band: 1-3 low, 4-6 moderate, 8-12 high, 15-25 extreme.
HEAT_BANDS = [
    (15, "#d5281b", "#ffffff", "extreme"),
    (8, "#ed8b00", TEXT, "high"),
    (4, "#ffeb3b", TEXT, "moderate"),
    (1, "#007f3b", "#ffffff", "low"),
]


def _band(score: int) -> tuple[str, str, str]:
    for floor, fill, ink, name in HEAT_BANDS:
        if score >= floor:
            return fill, ink, name
    return HEAT_BANDS[-1][1:]


def risk_heat_map_svg(heat_map: list[list[int]], *, cell: int = 44) -> SafeString:
    """A 5x5 grid of open risks laid out as the risk register's page lays it out: likelihood up
    the side (5 at the top), impact along the bottom; ``heat_map[impact - 1][likelihood - 1]``
    is the count in each cell, printed in it."""
    left, top, axis = 56, 8, 40
    width, height = left + 5 * cell + 8, top + 5 * cell + axis
    filled = [
        f"{heat_map[i][j]} with likelihood {j + 1} and impact {i + 1}"
        for j in range(4, -1, -1)
        for i in range(5)
        if heat_map[i][j]
    ]
    rows = []
    for likelihood in range(1, 6):
        y = top + (5 - likelihood) * cell
        cells = []
        for impact in range(1, 6):
            x = left + (impact - 1) * cell
            fill, ink, _ = _band(impact * likelihood)
            count = heat_map[impact - 1][likelihood - 1]
            cells.append(
                {
                    "x": x,
                    "fill": fill,
                    "ink": ink,
                    "opacity": "1" if count else "0.35",
                    "count": count,
                    "text_x": f"{x + cell / 2:.0f}",
                }
            )
        rows.append(
            {
                "label": likelihood,
                "y": y,
                "label_x": left - 8,
                "label_y": f"{y + cell / 2 + 4:.0f}",
                "count_y": f"{y + cell / 2 + 6:.0f}",
                "cells": cells,
            }
        )
    base = top + 5 * cell
    context = {
        "width": width,
        "height": height,
        "size": cell,
        "summary": "; ".join(filled) or "No open risks",
        "rows": rows,
        "columns": [{"label": n, "x": f"{left + (n - 0.5) * cell:.0f}"} for n in range(1, 6)],
        "column_y": base + 16,
        "centre_x": f"{left + 2.5 * cell:.0f}",
        "axis_label_y": base + 34,
        "centre_y": f"{top + 2.5 * cell:.0f}",
        "across": "Impact",
        "up": "Likelihood",
        "font": FONT,
        "ink": TEXT,
    }
    return render_to_string("reports/charts/heat_map.svg", context)
