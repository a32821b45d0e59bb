"""A workstream's milestones on a time axis, as plain inline SVG.

Server-rendered so the page needs no JavaScript and the PDF renderer can embed the same markup:
presentation attributes only (no stylesheet, no classes it depends on), no external references,
every piece of text escaped. Each milestone gets a hollow diamond at its baseline and a filled one
at its forecast (or completion), joined by a line in its RAG colour.
"""

import math
from collections.abc import Iterable
from datetime import date, timedelta
from html import escape
from typing import NamedTuple

from core.dates import is_plausible
from milestones.rag import Rag

WIDTH = 960
LABEL_WIDTH = 280  # left column for the milestone titles
PLOT_LEFT = LABEL_WIDTH + 16
PLOT_RIGHT = WIDTH - 24
AXIS_HEIGHT = 44  # "Today" label above the month labels
ROW_HEIGHT = 30
LEGEND_HEIGHT = 40
MARKER = 7  # half-diagonal of the baseline diamond; the forecast one is smaller so both show
TITLE_CHARS = 36
MAX_TICKS = 12
FONT = "Frutiger W01, Arial, Helvetica, sans-serif"
TEXT = "#212b32"
GRID = "#d8dde0"
STRIPE = "#f0f4f5"
COLOURS = {
    Rag.COMPLETE: "#005eb8",
    Rag.GREEN: "#007f3b",
    Rag.AMBER: "#ed8b00",
    Rag.RED: "#d5281b",
}


class TimelineRow(NamedTuple):
    title: str
    baseline: date
    forecast: date | None
    completed: date | None
    rag: str


def _fmt(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _num(value: float) -> str:
    return f"{value:.1f}"


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _domain(rows: list[TimelineRow], today: date) -> tuple[date, date]:
    days = [today]
    for row in rows:
        days += [d for d in (row.baseline, row.forecast, row.completed) if d is not None]
    # A date stored before dates were checked (year 9999) would stretch the axis past the
    # calendar's end: it stays out of the axis and its marker is held at the plot's edge.
    days = [d for d in days if is_plausible(d)]
    return _first_of_month(min(days)), _next_month(max(days))


def date_x(day: date, start: date, end: date) -> float:
    """The x coordinate of ``day`` on an axis from ``start`` to ``end`` (clamped to the plot)."""
    span = max((end - start).days, 1)
    fraction = min(max((day - start).days / span, 0.0), 1.0)
    return PLOT_LEFT + fraction * (PLOT_RIGHT - PLOT_LEFT)


def _ticks(start: date, end: date) -> tuple[list[date], int]:
    """First-of-month ticks from ``start`` to ``end``, every 1, 2, 3, 6 or 12 months (on calendar
    boundaries) so that no more than a dozen are labelled."""
    months, day = [], _first_of_month(start)
    if day < start:
        day = _next_month(day)
    while day <= end:
        months.append(day)
        day = _next_month(day)
    for step in (1, 2, 3, 6, 12):
        ticks = [m for m in months if (m.month - 1) % step == 0]
        if len(ticks) <= MAX_TICKS:
            return ticks, step
    return [m for m in months if m.month == 1][:: math.ceil(len(months) / 12 / MAX_TICKS)], 12


def _diamond(x: float, y: float, size: float, **attributes: str) -> str:
    points = " ".join(
        f"{_num(px)},{_num(py)}"
        for px, py in ((x, y - size), (x + size, y), (x, y + size), (x - size, y))
    )
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    return f'<polygon points="{points}"{extra}/>'


def _short(title: str) -> str:
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"


def _sentence(row: TimelineRow) -> str:
    label = Rag(row.rag).label if row.rag in Rag.values else row.rag
    parts = [f"baseline {_fmt(row.baseline)}"]
    if row.completed is not None:
        parts.append(f"completed {_fmt(row.completed)}")
    else:
        parts.append(f"forecast {_fmt(row.forecast or row.baseline)}")
    return f"{row.title}: {', '.join(parts)}; {label}."


def timeline_svg(
    rows: Iterable[TimelineRow | tuple],
    today: date,
    start: date | None = None,
    end: date | None = None,
    *,
    label: str = "Milestone timeline",
    id_prefix: str = "timeline",
) -> str:
    """The SVG markup for ``rows`` (title, baseline, forecast, completed, rag) on a month axis.

    ``start``/``end`` fix the axis (e.g. to the plan's dates); by default it runs from the month
    of the earliest date shown (today included) to the month after the latest. ``id_prefix`` keeps
    the title/desc ids unique when a page holds more than one timeline.
    """
    rows = [TimelineRow(*row) for row in rows]
    default_start, default_end = _domain(rows, today)
    start = start or default_start
    end = end or default_end
    if end <= start:
        end = start + timedelta(days=1)
    rows_top = AXIS_HEIGHT
    rows_bottom = rows_top + ROW_HEIGHT * max(len(rows), 1)
    height = rows_bottom + LEGEND_HEIGHT

    desc = (
        f"{len(rows)} milestone{'' if len(rows) == 1 else 's'} from {_fmt(start)} to {_fmt(end)}; "
        f"today is {_fmt(today)}. Hollow diamonds mark baselines, filled diamonds the forecast "
        "or completion date, joined by a line in the milestone's RAG colour. "
    ) + " ".join(_sentence(row) for row in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-timeline" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'font-family="{FONT}" font-size="14" fill="{TEXT}">',
        f'<title id="{id_prefix}-title">{escape(label)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    parts += _stripes(len(rows), rows_top)
    parts += _axis(start, end, rows_top, rows_bottom)
    if not rows:
        parts.append(
            f'<text x="{PLOT_LEFT}" y="{_num(rows_top + ROW_HEIGHT * 0.65)}">'
            "No milestones to show.</text>"
        )
    for index, row in enumerate(rows):
        parts += _row(row, rows_top + index * ROW_HEIGHT, start, end)
    parts += _today_line(today, start, end, rows_top, rows_bottom)
    parts += _legend(rows_bottom + 20)
    parts.append("</svg>")
    return "\n".join(parts)


def _axis(start: date, end: date, top: int, bottom: int) -> list[str]:
    ticks, step = _ticks(start, end)
    parts = ['<g class="app-timeline__axis">']
    for index, month in enumerate(ticks):
        x = _num(date_x(month, start, end))
        if step == 12:
            text = f"{month:%Y}"
        else:
            text = f"{month:%b %Y}" if month.month == 1 or index == 0 else f"{month:%b}"
        parts += [
            f'<line x1="{x}" y1="{top - 6}" x2="{x}" y2="{bottom}" stroke="{GRID}" '
            'stroke-width="1"/>',
            f'<text x="{x}" y="{top - 10}" text-anchor="middle">{text}</text>',
        ]
    parts.append(
        f'<line x1="{PLOT_LEFT}" y1="{bottom}" x2="{PLOT_RIGHT}" y2="{bottom}" stroke="{TEXT}" '
        'stroke-width="1"/>'
    )
    parts.append("</g>")
    return parts


def _stripes(count: int, top: int) -> list[str]:
    """Alternate rows shaded, drawn first so the grid and markers sit on top."""
    return [
        f'<rect x="0" y="{top + index * ROW_HEIGHT}" width="{WIDTH}" height="{ROW_HEIGHT}" '
        f'fill="{STRIPE}"/>'
        for index in range(0, count, 2)
    ]


def _row(row: TimelineRow, top: int, start: date, end: date) -> list[str]:
    y = top + ROW_HEIGHT / 2
    colour = COLOURS.get(row.rag, TEXT)
    finish = row.completed or row.forecast or row.baseline
    x_baseline, x_finish = date_x(row.baseline, start, end), date_x(finish, start, end)
    return [
        f'<g class="app-timeline__row"><title>{escape(_sentence(row))}</title>',
        f'<text x="8" y="{_num(y + 4.5)}">{escape(_short(row.title))}</text>',
        f'<line x1="{_num(x_baseline)}" y1="{_num(y)}" x2="{_num(x_finish)}" y2="{_num(y)}" '
        f'stroke="{colour}" stroke-width="3"/>',
        _diamond(
            x_baseline,
            y,
            MARKER,
            fill="#ffffff",
            stroke=TEXT,
            stroke_width="2",
            **{"class": "app-timeline__baseline"},
        ),
        _diamond(
            x_finish,
            y,
            MARKER - 1.5,
            fill=colour,
            stroke=colour,
            stroke_width="1",
            **{"class": "app-timeline__forecast"},
        ),
        "</g>",
    ]


def _today_line(today: date, start: date, end: date, top: int, bottom: int) -> list[str]:
    if not start <= today <= end:
        return []
    x = _num(date_x(today, start, end))
    return [
        f'<line class="app-timeline__today" x1="{x}" y1="{top - 32}" x2="{x}" y2="{bottom}" '
        f'stroke="{TEXT}" stroke-width="2" stroke-dasharray="5 3"/>',
        f'<text x="{x}" y="{top - 34}" text-anchor="middle" font-weight="bold">Today</text>',
    ]


def _legend(y: int) -> list[str]:
    parts = ['<g class="app-timeline__legend">']
    x = 8
    parts.append(_diamond(x + 7, y, MARKER, fill="#ffffff", stroke=TEXT, stroke_width="2"))
    parts.append(f'<text x="{x + 20}" y="{y + 4.5}">Baseline</text>')
    x += 100
    parts.append(_diamond(x + 7, y, MARKER - 1.5, fill=TEXT, stroke=TEXT, stroke_width="1"))
    parts.append(f'<text x="{x + 20}" y="{y + 4.5}">Forecast or completed</text>')
    x += 210
    for rag, colour in COLOURS.items():
        parts.append(
            f'<line x1="{x}" y1="{y}" x2="{x + 24}" y2="{y}" stroke="{colour}" stroke-width="3"/>'
        )
        parts.append(f'<text x="{x + 30}" y="{y + 4.5}">{escape(Rag(rag).label)}</text>')
        x += 130
    parts.append("</g>")
    return parts
