"""Charts as plain inline SVG, drawn on the server, so pages and the monthly PDF share them."""

from django.utils.html import escape

from finance.templatetags.finance_format import money

RAG_COLOURS = {
    "complete": "#005eb8",
    "green": "#007f3b",
    "amber": "#ed8b00",
    "red": "#d5281b",
}
RAG_LABELS = {"complete": "Complete", "green": "On track", "amber": "Amber", "red": "Red"}


def rag_bar_svg(counts: dict[str, int], *, width: int = 260, bar_height: int = 24) -> str:
    """Horizontal bars, one per RAG status, labelled with the status and its count."""
    order = ["red", "amber", "green", "complete"]
    largest = max([counts.get(k, 0) for k in order] + [1])
    label_width, gap = 76, 8
    plot = width - label_width - 36
    height = len(order) * (bar_height + gap) + gap
    summary = ", ".join(f"{RAG_LABELS[k]} {counts.get(k, 0)}" for k in order)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="rag-title rag-desc">',
        '<title id="rag-title">Milestones by RAG status</title>',
        f'<desc id="rag-desc">{escape(summary)}</desc>',
    ]
    for index, key in enumerate(order):
        count = counts.get(key, 0)
        y = gap + index * (bar_height + gap)
        bar = round(plot * count / largest)
        parts += [
            f'<text x="0" y="{y + bar_height * 0.7:.0f}" font-family="Arial, sans-serif" '
            f'font-size="14" fill="#212b32">{RAG_LABELS[key]}</text>',
            f'<rect x="{label_width}" y="{y}" width="{bar}" height="{bar_height}" '
            f'fill="{RAG_COLOURS[key]}"/>',
            f'<text x="{label_width + bar + 6}" y="{y + bar_height * 0.7:.0f}" '
            f'font-family="Arial, sans-serif" font-size="14" fill="#212b32">{count}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


FONT = 'font-family="Arial, Helvetica, sans-serif"'
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
) -> str:
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
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(title)}, £\'000 (deficits in brackets). '
        f"{escape(summary)}.</desc>",
        f'<rect x="{label_width}" y="6" width="14" height="{bar}" fill="{GREY}"/>',
        f'<text x="{label_width + 20}" y="15" {FONT} font-size="12" fill="{TEXT}">'
        f"{escape(plan_label)}</text>",
        f'<rect x="{label_width + 150}" y="6" width="14" height="{bar}" fill="#005eb8"/>',
        f'<text x="{label_width + 170}" y="15" {FONT} font-size="12" fill="{TEXT}">'
        f"{escape(actual_label)}</text>",
    ]
    for index, (label, plan, actual) in enumerate(rows):
        top = legend + gap / 2 + index * (2 * bar + gap)
        parts.append(
            f'<text x="0" y="{top + bar + 4:.0f}" {FONT} font-size="12" fill="{TEXT}">'
            f"{escape(label)}</text>"
        )
        for offset, value, colour in ((0, plan, GREY), (bar, actual, "#005eb8")):
            if value is None:
                continue
            number = _number(value)
            end = zero + plot * number / span
            x, length = min(zero, end), abs(end - zero)
            parts.append(
                f'<rect x="{x:.1f}" y="{top + offset:.1f}" width="{max(length, 0.5):.1f}" '
                f'height="{bar}" fill="{colour}"/>'
            )
            anchor, tx = ("end", end - 4) if number < 0 else ("start", end + 4)
            parts.append(
                f'<text x="{tx:.1f}" y="{top + offset + bar - 2:.1f}" text-anchor="{anchor}" '
                f'{FONT} font-size="10" fill="{TEXT}">{escape(money(value))}</text>'
            )
    bottom = legend + len(rows) * (2 * bar + gap)
    parts.append(
        f'<line x1="{zero:.1f}" y1="{legend}" x2="{zero:.1f}" y2="{bottom}" stroke="{TEXT}" '
        'stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


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


def risk_heat_map_svg(heat_map: list[list[int]], *, cell: int = 44) -> str:
    """A 5x5 grid of open risks, impact up the side (5 at the top), likelihood along the bottom;
    ``heat_map[impact - 1][likelihood - 1]`` is the count in each cell, printed in it."""
    left, top, axis = 56, 8, 40
    width, height = left + 5 * cell + 8, top + 5 * cell + axis
    filled = [
        f"{heat_map[i][j]} with impact {i + 1} and likelihood {j + 1}"
        for i in range(4, -1, -1)
        for j in range(5)
        if heat_map[i][j]
    ]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}" role="img" '
        'aria-labelledby="heat-title heat-desc">',
        '<title id="heat-title">Open risks by likelihood and impact</title>',
        f'<desc id="heat-desc">{escape("; ".join(filled) or "No open risks")}.</desc>',
    ]
    for impact in range(1, 6):
        y = top + (5 - impact) * cell
        parts.append(
            f'<text x="{left - 8}" y="{y + cell / 2 + 4:.0f}" text-anchor="end" {FONT} '
            f'font-size="12" fill="{TEXT}">{impact}</text>'
        )
        for likelihood in range(1, 6):
            x = left + (likelihood - 1) * cell
            fill, ink, _ = _band(impact * likelihood)
            count = heat_map[impact - 1][likelihood - 1]
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" '
                f'fill-opacity="{1 if count else 0.35}" stroke="#ffffff" stroke-width="2"/>'
            )
            if count:
                parts.append(
                    f'<text x="{x + cell / 2:.0f}" y="{y + cell / 2 + 6:.0f}" '
                    f'text-anchor="middle" {FONT} font-size="17" font-weight="bold" '
                    f'fill="{ink}">{count}</text>'
                )
    base = top + 5 * cell
    for likelihood in range(1, 6):
        x = left + (likelihood - 0.5) * cell
        parts.append(
            f'<text x="{x:.0f}" y="{base + 16}" text-anchor="middle" {FONT} font-size="12" '
            f'fill="{TEXT}">{likelihood}</text>'
        )
    parts += [
        f'<text x="{left + 2.5 * cell:.0f}" y="{base + 34}" text-anchor="middle" {FONT} '
        f'font-size="12" fill="{TEXT}">Likelihood</text>',
        f'<text x="14" y="{top + 2.5 * cell:.0f}" text-anchor="middle" {FONT} font-size="12" '
        f'fill="{TEXT}" transform="rotate(-90 14 {top + 2.5 * cell:.0f})">Impact</text>',
        "</svg>",
    ]
    return "".join(parts)
