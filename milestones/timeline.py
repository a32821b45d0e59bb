"""A workstream's milestones on a time axis, as plain inline SVG.

Server-rendered so the page needs no JavaScript and the PDF renderer can embed the same markup:
presentation attributes only (no stylesheet, no classes it depends on), no external references,
every piece of text escaped: Python works out the geometry and the template
templates/milestones/timeline.svg writes the markup, autoescaped. Each milestone gets a hollow
diamond at its baseline and a filled one at its forecast (or completion), joined by a line in its
RAG colour.

The parts drawn once a milestone (its row and every other row's stripe) are written by Django's
``format_html_join`` from the format strings below, which escapes every value as the template
would: a workstream of 250 milestones cost some 145,000 Python calls in the template's loop, about
a third of its page.
"""

import math
from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from core.dates import is_plausible
from milestones.rag import Rag

WIDTH = 960
LABEL_WIDTH = 280  # left column for the milestone titles
PLOT_LEFT = LABEL_WIDTH + 16
PLOT_RIGHT = WIDTH - 24
AXIS_HEIGHT = 44  # "Today" label above the month labels
ROW_HEIGHT = 30
LABEL_X = 8  # where a milestone's title starts, in the left column
TEXT_SIZE = 14
# A title's baseline below the top of its row: the row's middle, less half the text's height.
LABEL_BASELINE = ROW_HEIGHT / 2 + 4.5
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
RAG_LABELS = dict(Rag.choices)

# A stripe and a milestone's row, as templates/milestones/timeline.svg wrote them in its loops:
# the constants are part of the format, each value is escaped by format_html_join.
STRIPE_MARKUP = f'<rect x="0" y="{{}}" width="{WIDTH}" height="{ROW_HEIGHT}" fill="{STRIPE}"/>\n'
_ROW_START = '<g class="app-timeline__row"><title>{sentence}</title>\n'
_ROW_LABEL = f'<text x="{LABEL_X}" y="{{text_y}}">{{title}}</text>\n'
_ROW_MARKS = (
    '<line x1="{x_baseline}" y1="{y}" x2="{x_finish}" y2="{y}" stroke="{colour}"'
    ' stroke-width="3"/>\n'
    f'<polygon points="{{baseline_points}}" fill="#ffffff" stroke="{TEXT}" stroke-width="2"'
    ' class="app-timeline__baseline"/>\n'
    '<polygon points="{finish_points}" fill="{colour}" stroke="{colour}" stroke-width="1"'
    ' class="app-timeline__forecast"/>\n'
    "</g>\n"
)
ROW_MARKUP = _ROW_START + _ROW_LABEL + _ROW_MARKS
ROW_MARKUP_UNLABELLED = _ROW_START + _ROW_MARKS


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


def _diamond(x: float, y: float, size: float) -> str:
    """The points of a diamond centred on (x, y), each coordinate as ``_num`` writes it."""
    return (
        f"{x:.1f},{y - size:.1f} {x + size:.1f},{y:.1f} "
        f"{x:.1f},{y + size:.1f} {x - size:.1f},{y:.1f}"
    )


def short_title(title: str) -> str:
    """A milestone's title as its row labels it, cut to fit the left column."""
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"


def _sentence(row: TimelineRow) -> str:
    label = RAG_LABELS.get(row.rag, row.rag)
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
    labels: bool = True,
    is_today: bool = True,
) -> SafeString:
    """The SVG markup for ``rows`` (title, baseline, forecast, completed, rag) on a month axis.

    ``start``/``end`` fix the axis (e.g. to the plan's dates); by default it runs from the month
    of the earliest date shown (today included) to the month after the latest. ``id_prefix`` keeps
    the title/desc ids unique when a page holds more than one timeline. ``labels=False`` leaves
    the milestones' titles out of the left column, for a caller that prints them there itself
    (the chair's PDF: WeasyPrint draws SVG text a letter at a time, reports.pdf).
    ``is_today=False`` marks ``today`` as the date the page is shown as at, not as today.
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
    # Each milestone's sentence is its row's tooltip and a part of the description.
    sentences = [_sentence(row) for row in rows]
    marked = f"today is {_fmt(today)}" if is_today else f"shown as at {_fmt(today)}"
    desc = (
        f"{len(rows)} milestone{'' if len(rows) == 1 else 's'} from {_fmt(start)} to {_fmt(end)}; "
        f"{marked}. Hollow diamonds mark baselines, filled diamonds the forecast "
        "or completion date, joined by a line in the milestone's RAG colour. "
    ) + " ".join(sentences)
    # Whole numbers go to the template as text, as _num's do: written as they are, never
    # localised (a thousands separator would break a tall chart's height) and at no cost.
    context = {
        "width": str(WIDTH),
        "height": str(height),
        "id_prefix": id_prefix,
        "label": label,
        "desc": desc,
        "font": FONT,
        "text_size": str(TEXT_SIZE),
        "ink": TEXT,
        "grid": GRID,
        # Alternate rows shaded, drawn first so the grid and markers sit on top.
        "stripes": format_html_join(
            "",
            STRIPE_MARKUP,
            ((str(rows_top + index * ROW_HEIGHT),) for index in range(0, len(rows), 2)),
        ),
        "ticks": _ticks_drawn(start, end),
        "tick_top": str(rows_top - 6),
        "tick_label_y": str(rows_top - 10),
        "rows_bottom": str(rows_bottom),
        "plot_left": str(PLOT_LEFT),
        "plot_right": str(PLOT_RIGHT),
        "empty_y": _num(rows_top + ROW_HEIGHT * 0.65),
        "rows": format_html_join(
            "",
            ROW_MARKUP if labels else ROW_MARKUP_UNLABELLED,
            (
                _row(row, sentence, rows_top + index * ROW_HEIGHT, start, end)
                for index, (row, sentence) in enumerate(zip(rows, sentences, strict=True))
            ),
        ),
        "legend": _legend(rows_bottom + 20),
    }
    if start <= today <= end:
        context.update(
            today_x=_num(date_x(today, start, end)),
            today_top=str(rows_top - 32),
            today_label_y=str(rows_top - 34),
            today_label="Today" if is_today else "As at",
        )
    return render_to_string("milestones/timeline.svg", context)


def _ticks_drawn(start: date, end: date) -> list[dict]:
    ticks, step = _ticks(start, end)
    drawn = []
    for index, month in enumerate(ticks):
        if step == 12:
            text = f"{month:%Y}"
        else:
            text = f"{month:%b %Y}" if month.month == 1 or index == 0 else f"{month:%b}"
        drawn.append({"x": _num(date_x(month, start, end)), "text": text})
    return drawn


def _row(row: TimelineRow, sentence: str, top: int, start: date, end: date) -> dict:
    """A row's values for ``ROW_MARKUP``, numbers written as ``_num`` writes them."""
    y = top + ROW_HEIGHT / 2
    colour = COLOURS.get(row.rag, TEXT)
    finish = row.completed or row.forecast or row.baseline
    x_baseline, x_finish = date_x(row.baseline, start, end), date_x(finish, start, end)
    return {
        "sentence": sentence,
        "title": short_title(row.title),
        "y": f"{y:.1f}",
        "text_y": f"{top + LABEL_BASELINE:.1f}",
        "colour": colour,
        "x_baseline": f"{x_baseline:.1f}",
        "x_finish": f"{x_finish:.1f}",
        "baseline_points": _diamond(x_baseline, y, MARKER),
        "finish_points": _diamond(x_finish, y, MARKER - 1.5),
    }


def _legend(y: int) -> dict:
    keys = []
    x = 318  # after the two marker keys
    for rag, colour in COLOURS.items():
        keys.append(
            {"x": x, "x_end": x + 24, "text_x": x + 30, "colour": colour, "label": Rag(rag).label}
        )
        x += 130
    return {
        "y": y,
        "text_y": str(y + 4.5),
        "baseline_points": _diamond(15, y, MARKER),
        "finish_points": _diamond(115, y, MARKER - 1.5),
        "keys": keys,
    }
