"""Charts as plain inline SVG, drawn on the server, so pages and the monthly PDF share them."""

from django.utils.html import escape

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
