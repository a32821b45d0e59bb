"""The regulators' overview: its figures, filters, order and downloads, the API's agreement with
the page, and a number of queries that does not grow with the systems."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats
from rest_framework.utils.encoders import JSONEncoder

from reports.api.overview import OverviewSerializer, as_data
from reports.tests.overview_checks import assert_own_pages_agree
from reports.tests.overview_world import AS_AT, populated_system, regulator_of
from reports.tests.overview_world import regulator_organisation as regulator_org
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("reports:overview")
API = reverse("api:overview-list")


@pytest.fixture
def two(db):
    monitor = regulator_org()
    first = populated_system(1, monitor, name="First STP", short_name="First")
    second = populated_system(
        2, monitor, name="Second ICS", short_name="Second", region="london", stage="ics"
    )
    return first, second


@pytest.fixture
def signed_in(client, two):
    client.force_login(regulator_of(two))
    return client


def rows_of(response) -> dict:
    return {row.system.slug: row for row in response.context["rows"]}


def test_every_column_is_worked_out_as_at_the_date(signed_in, two):
    response = signed_in.get(URL, {"as_at": AS_AT.isoformat()})
    assert response.status_code == 200
    row = rows_of(response)[two[0].slug]
    assert (row.key_count("red"), row.key_count("green"), row.key_count("complete")) == (1, 1, 1)
    assert (row.count("red"), row.total) == (2, 4)
    assert (row.key_late, row.key_worst_slippage) == (1, 60)
    assert (row.cases_open, row.cases_by_step) == (1, [(2, 1)])
    # Reached step 2 on 2 September with 14 days to respond: overdue by 20 October.
    assert (row.cases_at_regulator, row.responses_overdue) == (1, 1)
    assert [c.name for c in row.unquorate_committees] == ["Board 1"]
    finance = row.finance
    assert (finance["ytd_variance"], finance["forecast_outturn"]) == (Decimal(-150), Decimal(-1200))
    assert finance["variance"] == Decimal(-200)
    assert [r.score for r in row.top_risks] == [20, 16, 8]
    # July's report was published; August's was due by the end of September.
    assert row.last_report.month.month == 7
    assert (row.report_due_month.month, row.report_late) == (8, True)
    page = response.content.decode()
    dashboard = reverse("reports:dashboard", args=[two[0].slug])
    assert f'href="{dashboard}?as_at=2019-10-20"' in page
    assert "1 at a regulator's step" in page


def test_each_figure_is_the_systems_own_pages(signed_in, two):
    for row in signed_in.get(URL, {"as_at": AS_AT.isoformat()}).context["rows"]:
        assert row.responses_overdue and row.unquorate_committees and row.last_report
        assert_own_pages_agree(signed_in, row, AS_AT.isoformat())


def test_before_the_case_was_due_nothing_is_overdue(signed_in, two):
    row = rows_of(signed_in.get(URL, {"as_at": "2019-09-10"}))[two[0].slug]
    assert row.responses_overdue == 0
    assert row.unquorate_committees == []  # the October meeting had not been held
    assert row.report_late is False  # July's report was due by the end of August


def test_filters_by_region_and_stage_and_sorts(signed_in, two):
    london = rows_of(signed_in.get(URL, {"region": "london", "as_at": AS_AT.isoformat()}))
    assert list(london) == [two[1].slug]
    assert list(rows_of(signed_in.get(URL, {"stage": "stp"}))) == [two[0].slug]
    ordered = signed_in.get(URL, {"order": "-name"}).context["rows"]
    assert [row.system.slug for row in ordered] == [two[1].slug, two[0].slug]


@pytest.mark.parametrize(
    "query", [{"as_at": "2019-02-30"}, {"region": "mars"}, {"order": "colour"}, {"stage": "x"}]
)
def test_a_bad_parameter_is_a_400_naming_it(signed_in, query):
    response = signed_in.get(URL, query)
    assert response.status_code == 400
    assert next(iter(query)) in response.content.decode()


def test_the_api_refuses_a_bad_date_naming_it(signed_in):
    response = signed_in.get(API, {"as_at": "2019-13-01"})
    assert response.status_code == 400
    assert "as_at" in response.content.decode()


def test_the_api_gives_the_pages_figures(signed_in, two):
    query = {"as_at": AS_AT.isoformat()}
    page = signed_in.get(URL, query).context["rows"]
    api = signed_in.get(API, query).json()["results"]
    expected = [dict(OverviewSerializer(as_data(row)).data) for row in page]
    assert sorted(api, key=lambda r: r["id"]) == sorted(
        [_plain(row) for row in expected], key=lambda r: r["id"]
    )
    assert api[0]["escalations"]["responses_overdue"] == 1
    one = signed_in.get(reverse("api:overview-detail", args=[two[0].pk]), query).json()
    assert one["finance"]["ytd_variance"] == "-150.00"
    assert signed_in.get(API, {"region": "london"}).json()["results"][0]["id"] == two[1].pk


def _plain(data):
    """A serializer's output as JSON reads it back (dates and decimals as strings)."""
    return json.loads(json.dumps(data, cls=JSONEncoder))


def test_the_download_lists_the_rows_shown(signed_in, two):
    response = signed_in.get(URL, {"as_at": AS_AT.isoformat(), "format": "csv", "stage": "ics"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(text)))
    assert [line["System"] for line in lines] == ["Second ICS"]
    assert lines[0]["Responses overdue"] == "1"
    assert lines[0]["Year-to-date variance"] == "-150.00"
    assert lines[0]["Report late"] == "Yes"
    assert signed_in.get(URL, {"format": "xlsx"}).status_code == 200


def _queries(client, url, query) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_systems(client, db):
    monitor = regulator_org()
    few = [populated_system(n, monitor) for n in range(2)]
    many = [*few, *(populated_system(n, monitor) for n in range(2, 6))]
    query = {"as_at": AS_AT.isoformat()}
    counts = {}
    for label, systems in (("few", few), ("many", many)):
        client.force_login(regulator_of(systems, f"regulator-{label}"))
        counts[label] = (_queries(client, URL, query), _queries(client, API, query))
    # Page: session, user, accesses, the header's systems, the systems, then the figures: two
    # of milestones (counts by RAG, the key ones' worst slippage), two of cases (the cases, their
    # steps), five of meetings and their quorum (meetings, attendance, terms, requirements,
    # members), two of finance, two of risks (the ratings, the top ones), one of reports.
    assert counts["few"] == counts["many"]
    assert counts["many"][0] <= 25


def test_a_programme_office_of_one_system_sees_only_it(client, two, office, system):
    client.force_login(office)
    response = client.get(URL)
    assert list(rows_of(response)) == [system.slug]
    assert "First STP" not in response.content.decode()
    # Not offered in its header: it has the dashboard (a regulator is offered it, below).
    dashboard = client.get(reverse("reports:dashboard", args=[system.slug])).content.decode()
    assert 'href="/overview/"' not in dashboard


def test_the_header_marks_the_overview_as_the_current_page(signed_in):
    page = signed_in.get(URL).content.decode()
    assert 'href="/overview/" aria-current="page"' in page
    assert 'href="/cases-at-my-step/">Cases at my step' in page


def test_someone_with_no_system_sees_none(client, db):
    client.force_login(factories.UserFactory())
    response = client.get(URL)
    assert response.status_code == 200 and response.context["rows"] == []


def test_the_table_prints_counts_as_the_rest_of_the_site_does():
    """templates/reports/overview.html prints its rows' counts with localisation off (str()),
    which is what the site prints while USE_THOUSAND_SEPARATOR is off; were it turned on, the
    table would print 2000 where other pages print 2,000."""
    assert formats.number_format(12345) == "12345"
