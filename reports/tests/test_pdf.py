"""The monthly report's PDF and preview, rendered from the sample snapshot alone.

Text is read back with pypdf (tests/pdf_reading.py), as a reader would.
"""

import copy
import re
from xml.etree import ElementTree

import pytest
from django.template.loader import render_to_string
from django.utils.html import escape

from reports.charts import finance_bars_svg, risk_heat_map_svg
from reports.fetching import LocalOnlyFetcher
from reports.pdf import TABLE_ROWS, render_html, render_pdf, report_context
from reports.tests.sample import sample_snapshot
from tests.pdf_reading import is_tagged, pdf_pages, pdf_reader, pdfua_part, squeezed


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def draft():
    snapshot = sample_snapshot(extra_milestones=0)
    return snapshot, render_pdf(snapshot, draft=True)


@pytest.fixture(scope="module")
def published():
    snapshot = sample_snapshot(extra_milestones=0, version=2)
    snapshot["chair_report"]["published_at"] = "2019-12-09T10:30:00+00:00"
    return snapshot, render_pdf(snapshot, draft=False)


def test_every_key_milestone_and_the_finance_headline_print(draft):
    snapshot, pdf = draft
    text = " ".join(pdf_pages(pdf))
    assert snapshot["milestones"]["key"]
    for row in snapshot["milestones"]["key"]:
        assert flat(row["title"]) in text
    assert "(16,379)" in text  # the system's net control total, as the seed prints it
    assert "113,208" in text  # efficiency plans
    assert "Not quorate" in text and "Quorate" in text


def test_draft_says_commentary_is_to_follow_and_is_watermarked(draft):
    _, pdf = draft
    pages = pdf_pages(pdf)
    assert "The chair's commentary is to follow." in " ".join(pages)
    assert all("DRAFT" in squeezed(page) for page in pages)


def test_published_version_has_flags_and_supersedes_line_and_no_watermark(published):
    snapshot, pdf = published
    text = " ".join(pdf_pages(pdf))
    for flag in snapshot["chair_report"]["flags"]:
        assert flat(flag["title"]) in text
        assert flat(flag["detail"]) in text
    assert "Version 2" in text
    assert "This version supersedes version 1 published on 5 December 2019." in text
    assert "Published on 9 December 2019 by Patricia Hewitt" in text
    assert "DRAFT" not in squeezed(text)


def test_pages_are_numbered_with_a_running_header(draft):
    _, pdf = draft
    pages = pdf_pages(pdf)
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    assert all("Norfolk and Waveney" in page for page in pages[1:])


def test_pdf_is_tagged_for_accessibility(draft):
    _, pdf = draft
    reader = pdf_reader(pdf)
    assert is_tagged(reader)
    # A4 is 210 x 297 mm: 595.28 x 841.89 points, on every page.
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert reader.metadata.title.startswith("Norfolk and Waveney: independent chair's report")
    assert pdfua_part(reader) == "1"


def test_rag_and_changes_are_in_words(draft):
    snapshot, _ = draft
    html = render_html(snapshot, draft=True)
    for label in ("Red", "Amber", "On track", "Complete", "Worse"):
        assert f">{label}" in html or f"{label}<" in html or f" {label}" in html


def test_long_lists_print_as_compact_rows_with_heads_on_every_page():
    snapshot = sample_snapshot(extra_milestones=60)
    milestones = snapshot["milestones"]
    milestones["key"] = milestones["all"][: TABLE_ROWS + 5]
    case = snapshot["escalations"]["open"][0]
    snapshot["escalations"]["open"] = [
        {**copy.deepcopy(case), "id": n, "reference": f"Case {n}", "subject": f"Subject {n}"}
        for n in range(1, TABLE_ROWS + 6)
    ]
    context = report_context(snapshot, pdf=True)
    assert set(context["compact"]) == {"all", "key", "open"}

    pages = pdf_pages(render_pdf(snapshot, draft=False))
    text = " ".join(pages)
    assert f"Case {TABLE_ROWS + 5}: Subject {TABLE_ROWS + 5}" in text
    for row in milestones["all"]:
        assert flat(row["title"]) in text
    heads = [p for p in pages if "Organisation Baseline Forecast Slippage" in p]
    appendix = [p for p in pages if "Every milestone" in p]
    assert len(appendix) >= 2
    assert len(heads) >= len(appendix)


def test_the_document_references_nothing_outside_itself(draft):
    snapshot, _ = draft
    html = render_html(snapshot, draft=True)
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", html)
    urls = re.findall(r"""url\(\s*["']?([^"')]+)""", html)
    assert urls and all(url.startswith(("data:", "#")) for url in urls)  # the draft watermark
    assert "@import" not in html and "@font-face" not in html


def test_fetcher_refuses_anything_but_data_and_project_files(tmp_path, settings):
    fetcher = LocalOnlyFetcher()
    assert not fetcher.allows("https://fonts.example.com/frutiger.woff2")
    assert not fetcher.allows("http://169.254.169.254/latest/meta-data/")
    assert not fetcher.allows("file:///etc/passwd")
    assert not fetcher.allows("ftp://example.com/x.png")
    assert fetcher.allows("data:image/png;base64,AAAA")
    assert fetcher.allows((settings.BASE_DIR / "reports" / "pdf.py").as_uri())

    from weasyprint import HTML

    HTML(
        string='<img alt="" src="https://example.com/x.png"><link rel="stylesheet" '
        'href="file:///etc/passwd">',
        url_fetcher=fetcher.for_weasyprint(),
    ).render()
    assert sorted(fetcher.refused) == ["file:///etc/passwd", "https://example.com/x.png"]


def test_fetcher_opens_what_it_allows(tmp_path):
    """The rule's own files are read: a stylesheet beside the document sets the page's size."""
    (tmp_path / "a5.css").write_text("@page { size: A5 }")
    fetcher = LocalOnlyFetcher(root=tmp_path)

    from weasyprint import HTML

    document = HTML(
        string='<link rel="stylesheet" href="a5.css"><p>Page</p>',
        base_url=tmp_path.as_uri() + "/",
        url_fetcher=fetcher.for_weasyprint(),
    ).render()
    assert fetcher.refused == []
    assert round(document.pages[0].width * 25.4 / 96) == 148  # A5 is 148 mm wide


def test_hostile_text_is_printed_not_fetched():
    snapshot = sample_snapshot(extra_milestones=0)
    hostile = '<img src="https://example.com/pixel.png"> & <style>@import url(x)</style>'
    snapshot["milestones"]["key"][0]["title"] = hostile
    snapshot["chair_report"] = {
        "commentary": hostile,
        "flags": [],
        "published_by": "",
        "published_at": None,
        "version": 1,
        "supersedes": None,
    }
    fetcher = LocalOnlyFetcher()
    text = " ".join(pdf_pages(render_pdf(snapshot, draft=True, url_fetcher=fetcher)))
    assert fetcher.refused == []
    assert flat(hostile) in text
    assert "The chair flagged nothing for the regulators this month." in text


def test_preview_shows_the_same_content_as_tables():
    snapshot = sample_snapshot(extra_milestones=0, published=True)
    assert report_context(snapshot)["draft"] is False
    snapshot["chair_report"]["published_at"] = None  # the draft's preview of the chair's words
    context = report_context(snapshot)
    assert context["compact"] == {}
    assert context["draft"] is True
    html = render_to_string("reports/includes/report_body.html", context)
    assert "<table" in html and "Appendix: every milestone" in html
    for row in snapshot["milestones"]["all"]:
        assert escape(row["title"]) in html
    assert snapshot["chair_report"]["flags"][0]["title"] in html
    assert "(16,379)" in html
    assert html.count("<svg") == 4  # RAG, timeline, finance and heat map


def test_finance_chart_labels_every_bar_as_the_seed_prints_it():
    svg = finance_bars_svg([("NNUH", "-13794", "-15412"), ("GYWCCG", "1453", None)])
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert "(13,794)" in texts and "(15,412)" in texts and "1,453" in texts
    assert len(list(root.iter(f"{ns}rect"))) == 2 + 3  # legend keys, then one per figure
    assert "GYWCCG: plan 1,453, actual none" in root.find(f"{ns}desc").text


def test_heat_map_prints_counts_in_their_cells():
    heat = [[0] * 5 for _ in range(5)]
    heat[3][3] = 3  # impact 4, likelihood 4
    heat[0][4] = 1  # impact 1, likelihood 5
    root = ElementTree.fromstring(risk_heat_map_svg(heat, cell=40))
    ns = "{http://www.w3.org/2000/svg}"
    counts = {
        (float(t.get("x")), float(t.get("y"))): t.text
        for t in root.iter(f"{ns}text")
        if t.get("font-weight") == "bold"
    }
    # As on the risk page: column = impact from the left; row = likelihood from the bottom.
    assert counts == {
        (56 + 3 * 40 + 20, 8 + 1 * 40 + 26): "3",
        (56 + 0 * 40 + 20, 8 + 0 * 40 + 26): "1",
    }
    assert "3 with likelihood 4 and impact 4" in root.find(f"{ns}desc").text
    labels = [t.text for t in root.iter(f"{ns}text")]
    assert labels[-2:] == ["Impact", "Likelihood"]  # along the bottom, then up the side
