"""The workstream timeline: plain, accessible SVG with a marker pair per milestone."""

from datetime import date
from xml.etree import ElementTree

import pytest

from milestones import timeline
from milestones.rag import Rag
from milestones.timeline import TimelineRow, date_x, timeline_svg

SVG = "{http://www.w3.org/2000/svg}"
TODAY = date(2020, 1, 15)
ROWS = [
    TimelineRow("SDEC 12 hours a day, 7 days a week", date(2020, 3, 31), None, None, Rag.GREEN),
    TimelineRow("Community bed review", date(2020, 3, 31), date(2020, 4, 20), None, Rag.AMBER),
    TimelineRow("111 online", date(2019, 12, 31), None, date(2019, 12, 20), Rag.COMPLETE),
]


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def by_class(root: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def test_it_is_well_formed_svg_with_an_accessible_name():
    root = parse(timeline_svg(ROWS, TODAY))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Milestone timeline"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # The description carries what the picture shows, for screen readers and the PDF.
    assert "3 milestones" in desc.text
    assert "Community bed review: baseline 31 Mar 2020, forecast 20 Apr 2020; Amber." in desc.text
    assert "111 online: baseline 31 Dec 2019, completed 20 Dec 2019; Complete." in desc.text


def test_one_baseline_and_one_forecast_marker_per_milestone():
    root = parse(timeline_svg(ROWS, TODAY))
    assert len(by_class(root, "app-timeline__baseline")) == len(ROWS)
    assert len(by_class(root, "app-timeline__forecast")) == len(ROWS)
    assert len(by_class(root, "app-timeline__row")) == len(ROWS)


def test_markers_sit_at_their_dates_in_the_rag_colour():
    start, end = date(2020, 1, 1), date(2021, 1, 1)
    root = parse(timeline_svg(ROWS[1:2], TODAY, start=start, end=end))
    (baseline,) = by_class(root, "app-timeline__baseline")
    (forecast,) = by_class(root, "app-timeline__forecast")
    # A diamond's top point is its first; its x is the date's.
    assert float(baseline.get("points").split(",")[0]) == pytest.approx(
        date_x(date(2020, 3, 31), start, end), abs=0.05
    )
    assert float(forecast.get("points").split(",")[0]) == pytest.approx(
        date_x(date(2020, 4, 20), start, end), abs=0.05
    )
    assert baseline.get("fill") == "#ffffff"  # hollow
    assert forecast.get("fill") == timeline.COLOURS[Rag.AMBER]  # filled, amber
    line = next(e for e in root.iter(f"{SVG}line") if e.get("stroke-width") == "3")
    assert line.get("stroke") == timeline.COLOURS[Rag.AMBER]


def test_completed_milestone_is_marked_at_its_completion():
    start, end = date(2019, 12, 1), date(2020, 2, 1)
    root = parse(timeline_svg(ROWS[2:], TODAY, start=start, end=end))
    (forecast,) = by_class(root, "app-timeline__forecast")
    assert float(forecast.get("points").split(",")[0]) == pytest.approx(
        date_x(date(2019, 12, 20), start, end), abs=0.05
    )
    assert forecast.get("fill") == timeline.COLOURS[Rag.COMPLETE]


def test_today_line_is_at_todays_x():
    start, end = date(2020, 1, 1), date(2020, 12, 31)
    root = parse(timeline_svg(ROWS, date(2020, 7, 1), start=start, end=end))
    (line,) = by_class(root, "app-timeline__today")
    fraction = (date(2020, 7, 1) - start).days / (end - start).days  # 182 / 365
    expected = timeline.PLOT_LEFT + fraction * (timeline.PLOT_RIGHT - timeline.PLOT_LEFT)
    assert float(line.get("x1")) == pytest.approx(expected, abs=0.05)
    assert line.get("x1") == line.get("x2")
    assert any(e.text == "Today" for e in root.iter(f"{SVG}text"))


def test_today_outside_a_fixed_axis_draws_no_line():
    root = parse(
        timeline_svg(ROWS, date(2025, 1, 1), start=date(2020, 1, 1), end=date(2020, 12, 31))
    )
    assert by_class(root, "app-timeline__today") == []


def test_default_axis_covers_every_date_and_today():
    svg = timeline_svg(ROWS, date(2020, 6, 10))
    root = parse(svg)
    labels = [e.text for e in by_class(root, "app-timeline__axis")[0].iter(f"{SVG}text")]
    assert labels[0] == "Dec 2019"  # earliest date: completed 20 Dec 2019
    assert "Jul" in labels  # the month after today, the latest date
    # All markers fall inside the plot.
    for marker in by_class(root, "app-timeline__baseline") + by_class(
        root, "app-timeline__forecast"
    ):
        x = float(marker.get("points").split(",")[0])
        assert timeline.PLOT_LEFT <= x <= timeline.PLOT_RIGHT


def test_long_spans_label_quarters_or_years_not_every_month():
    root = parse(timeline_svg(ROWS, date(2026, 11, 23)))
    labels = [e.text for e in by_class(root, "app-timeline__axis")[0].iter(f"{SVG}text")]
    assert len(labels) <= timeline.MAX_TICKS
    assert "2021" in labels


def test_titles_are_escaped():
    hostile = '<script>alert("x")</script> & Co'
    svg = timeline_svg([(hostile, date(2020, 3, 31), None, None, "red")], TODAY)
    assert "<script>" not in svg
    root = parse(svg)  # still well formed
    texts = [e.text for e in root.iter(f"{SVG}text")]
    assert any(t and t.startswith('<script>alert("x")') for t in texts)
    assert hostile in root.find(f"{SVG}desc").text


def test_long_titles_are_shortened_but_kept_whole_in_the_tooltip():
    title = "Agreement on realignment of commissioning functions with Provider Alliance/ACO"
    root = parse(timeline_svg([(title, date(2020, 3, 31), None, None, "green")], TODAY))
    row = by_class(root, "app-timeline__row")[0]
    assert row.find(f"{SVG}title").text.startswith(title)
    label = row.find(f"{SVG}text").text
    assert label.endswith("…") and len(label) <= timeline.TITLE_CHARS


def test_no_external_references():
    svg = timeline_svg(ROWS, TODAY)
    assert "href" not in svg
    assert "url(" not in svg
    assert "<style" not in svg and "<script" not in svg


def test_no_rows_still_draws_an_axis_and_says_so():
    root = parse(timeline_svg([], TODAY))
    assert "0 milestones" in root.find(f"{SVG}desc").text
    assert any(e.text == "No milestones to show." for e in root.iter(f"{SVG}text"))
    assert by_class(root, "app-timeline__today")


def test_a_tall_chart_keeps_its_numbers_unlocalised(settings):
    # Written as they are even where pages group thousands: "1,284" is no SVG length.
    settings.USE_THOUSAND_SEPARATOR = True
    root = parse(timeline_svg(ROWS * 14, TODAY))
    assert root.get("height") == "1344" and root.get("viewBox") == "0 0 960 1344"
    assert all("," not in (rect.get("y") or "") for rect in root.iter(f"{SVG}rect"))
