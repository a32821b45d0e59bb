"""The milestone register as XLSX and CSV: the page's rows, filters and order, typed cells."""

from datetime import datetime, timedelta

import pytest

from milestones import services
from milestones.rag import Rag
from milestones.tests.page_helpers import TODAY, url
from milestones.tests.test_pages_queries import REQUEST, make_milestones
from tests.spreadsheets import column, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


def test_the_page_links_to_both_formats_with_its_filters(client, office, system, milestone):
    client.force_login(office)
    response = client.get(url(system, "milestone-list"), {"key": "1", "page": "1"})
    body = response.content.decode()
    assert "Download:" in body
    assert "?key=1&amp;format=xlsx" in body
    assert "?key=1&amp;format=csv" in body


def test_the_workbook_has_typed_cells_and_an_about_sheet(
    client, office, system, milestone, partner_milestone
):
    client.force_login(office)
    response = client.get(url(system, "milestone-list"), {"format": "xlsx", "key": "1"})
    stamp = TODAY.isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="{system.slug}-milestones-{stamp}.xlsx"'
    )
    book = read_xlsx(response)
    assert column(book, "Milestone") == [milestone.title]
    assert book.header[:3] == ["ID", "Milestone", "Workstream"]
    baseline = book.sheet.cell(row=2, column=book.header.index("Baseline") + 1)
    assert baseline.value == datetime.combine(milestone.baseline_on, datetime.min.time())
    assert baseline.is_date and baseline.number_format == "d mmm yyyy"
    assert column(book, "Slippage (days)") == [0]
    assert column(book, "RAG") == ["On track"]
    assert book.sheet.freeze_panes == "A2"
    assert book.about["Filters"] == "Key milestones: Key milestones only"
    assert book.about["Exported by"] == office.get_full_name() or office.username
    assert book.about["As at (reporting date)"].date() == TODAY


def test_a_formula_title_stays_text(client, office, system, workstream, in_scope):
    titles = ['=HYPERLINK("http://example.com","x")', "+1", "-2", "@SUM(A1)"]
    for title in titles:
        services.milestone_create(
            actor=office, workstream=workstream, title=title, baseline_on=TODAY
        )
    client.force_login(office)
    book = read_xlsx(client.get(url(system, "milestone-list"), {"format": "xlsx"}))
    assert sorted(column(book, "Milestone")) == sorted(titles)
    rows = read_csv(client.get(url(system, "milestone-list"), {"format": "csv"}))
    assert sorted(r["Milestone"] for r in rows) == sorted(f"'{t}" for t in titles)


def test_the_export_holds_every_page_in_the_page_order(client, office, system, organisation):
    make_milestones(office, system, organisation, 30)
    client.force_login(office)
    query = {"order": "-baseline"}
    page_one = client.get(url(system, "milestone-list"), query).context["page"]
    rows = read_csv(client.get(url(system, "milestone-list"), {**query, "format": "csv"}))
    assert len(rows) == 30
    shown = [row.milestone.title for row in page_one.object_list]
    assert [r["Milestone"] for r in rows][:25] == shown
    assert rows[0]["Baseline"] == (TODAY + timedelta(days=29)).isoformat()


def test_filters_select_the_same_rows_as_the_page(client, office, system, organisation):
    make_milestones(office, system, organisation, 12)
    client.force_login(office)
    query = {"key": "1", "order": "title"}
    page = client.get(url(system, "milestone-list"), query).context["page"]
    book = read_xlsx(client.get(url(system, "milestone-list"), {**query, "format": "xlsx"}))
    assert column(book, "ID") == [row.milestone.pk for row in page.object_list]


def test_another_systems_export_is_not_found(client, outsider, system, milestone):
    client.force_login(outsider)
    response = client.get(url(system, "milestone-list"), {"format": "csv"})
    assert response.status_code == 404


def test_an_unknown_format_is_a_bad_parameter(client, office, system):
    client.force_login(office)
    response = client.get(url(system, "milestone-list"), {"format": "pdf"})
    assert response.status_code == 400


@pytest.mark.parametrize("count", [2, 20])
@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_queries_are_constant(
    client, office, system, organisation, count, file_format, django_assert_num_queries
):
    make_milestones(office, system, organisation, count)
    client.force_login(office)
    # REQUEST less the header's systems (no page is drawn), then: the milestones with RAG and
    # slippage annotated, workstream, organisation and person joined (1), read in chunks far
    # larger than 20 rows. The filter form's choices are not read when no filter is chosen.
    with django_assert_num_queries(REQUEST - 1 + 1):
        response = client.get(url(system, "milestone-list"), {"format": file_format})
        b"".join(response.streaming_content)
    assert response.status_code == 200


def test_workstreams_export_with_their_rag_counts(client, office, system, organisation):
    make_milestones(office, system, organisation, 6)
    client.force_login(office)
    page = client.get(url(system, "workstream-list")).context["rows"]
    book = read_xlsx(client.get(url(system, "workstream-list"), {"format": "xlsx"}))
    assert column(book, "Workstream") == [str(w) for w, _ in page]
    assert column(book, "Milestones") == [3, 3]
    for rag in Rag:
        assert column(book, rag.label) == [dict(counts).get(rag, 0) for _, counts in page]


@pytest.mark.parametrize("count", [2, 20])
def test_workstream_export_queries_are_constant(
    client, office, system, organisation, count, django_assert_num_queries
):
    make_milestones(office, system, organisation, count)
    client.force_login(office)
    # REQUEST less the header's systems, then: the workstreams with plan, SRO and lead
    # organisation joined (1); their milestones (1), prefetched per chunk far larger than 20.
    with django_assert_num_queries(REQUEST - 1 + 2):
        response = client.get(url(system, "workstream-list"), {"format": "csv"})
        b"".join(response.streaming_content)
