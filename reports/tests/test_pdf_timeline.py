"""The key milestones' timeline in the PDF: its titles printed as a paragraph over the drawing's
left column (reports.pdf.TIMELINE_WIDTH_MM), where the drawing itself would have put them."""

import pytest
from django.utils.html import escape

from milestones import timeline
from reports import pdf
from reports.pdf import render_pdf, report_context
from reports.tests.sample import sample_snapshot
from tests.pdf_reading import pdf_reader

SNAPSHOT = sample_snapshot(extra_milestones=0)
TITLES = [timeline.short_title(row["title"]) for row in SNAPSHOT["milestones"]["key"]]


def title_positions(data: bytes) -> dict[str, tuple[float, float]]:
    """Where each timeline title's text starts on the page, in points."""
    found = {}

    def visit(text, cm, tm, font, size):
        if text.strip() in TITLES:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found[text.strip()] = (x, y)

    for page in pdf_reader(data).pages:
        page.extract_text(visitor_text=visit)
    return found


@pytest.fixture(scope="module")
def printed():
    return render_pdf(SNAPSHOT, draft=True)


@pytest.fixture(scope="module")
def drawn():
    """The same report with the titles left in the drawing, as the preview has them."""
    original = pdf._timelines
    pdf._timelines = lambda rows, today, *, pdf: original(rows, today, pdf=False)
    try:
        return render_pdf(SNAPSHOT, draft=True)
    finally:
        pdf._timelines = original


def test_the_pdf_draws_no_titles_and_prints_each_once():
    (chart,) = report_context(SNAPSHOT, pdf=True)["charts"]["timelines"]
    assert f'<text x="{timeline.LABEL_X}"' not in chart["svg"]
    assert not any(f">{escape(title)}</text>" in chart["svg"] for title in TITLES)
    assert chart["labels"].split("\n") == TITLES


def test_the_preview_keeps_its_titles_in_the_drawing():
    (chart,) = report_context(SNAPSHOT)["charts"]["timelines"]
    assert chart["labels"] == ""
    for title in TITLES:
        assert f">{escape(title)}</text>" in chart["svg"]


def test_each_title_prints_where_the_drawing_would_put_it(printed, drawn):
    at, expected = title_positions(printed), title_positions(drawn)
    assert set(at) == set(expected) == set(TITLES)
    for title in TITLES:
        assert at[title] == pytest.approx(expected[title], abs=0.3), title
