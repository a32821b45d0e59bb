"""Reports in the API: published ones only, scoped, with their hash and the PDF itself."""

import hashlib
from datetime import date

import pytest

from reports.models import ReportStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def get(client, regulator, office):
    token = factories.api_token(regulator)

    def get(path, **headers):
        return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}", **headers)

    return get


@pytest.fixture
def reports(system, other_system, make_report):
    return {
        "published": make_report(system, ReportStatus.PUBLISHED),
        "superseded": make_report(
            system, ReportStatus.SUPERSEDED, month=date(2019, 10, 1), commentary="Old words"
        ),
        "draft": make_report(system, ReportStatus.DRAFT, month=date(2019, 12, 1)),
        "failed": make_report(system, ReportStatus.FAILED, month=date(2020, 1, 1)),
        "theirs": make_report(other_system, ReportStatus.PUBLISHED),
    }


def test_lists_published_and_superseded_reports_of_the_users_systems_only(get, reports):
    body = get("/api/v1/reports/?ordering=month").json()
    assert [(r["id"], r["status"], r["sha256"]) for r in body["results"]] == [
        (reports[k].pk, reports[k].status, reports[k].sha256) for k in ("superseded", "published")
    ]
    first = body["results"][0]
    assert first["system"] == "alpha"
    assert first["month"] == "2019-10-01"
    assert first["commentary"] == "Old words"
    assert "snapshot" not in first
    assert first["pdf"] == f"http://testserver/api/v1/reports/{reports['superseded'].pk}/pdf/"


def test_drafts_failures_and_other_systems_are_not_found(get, reports):
    for key in ("draft", "failed", "theirs"):
        assert get(f"/api/v1/reports/{reports[key].pk}/").status_code == 404
        assert get(f"/api/v1/reports/{reports[key].pk}/pdf/").status_code == 404


def test_detail_carries_the_frozen_snapshot(get, reports):
    body = get(f"/api/v1/reports/{reports['published'].pk}/").json()
    assert body["snapshot"] == reports["published"].snapshot
    assert body["snapshot"]["finance"]["net_control_total"] == "-16379"


def test_the_pdf_is_served_as_stored_with_its_hash_as_etag(get, reports):
    report = reports["published"]
    response = get(f"/api/v1/reports/{report.pk}/pdf/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(response.getvalue()).hexdigest() == report.sha256
    assert response["ETag"] == f'"{report.sha256}"'
    again = get(f"/api/v1/reports/{report.pk}/pdf/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_pdf_errors_are_json_whatever_was_asked_for(client, reports):
    response = client.get(
        f"/api/v1/reports/{reports['published'].pk}/pdf/", HTTP_ACCEPT="application/pdf"
    )
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"


def test_filters(get, reports):
    def ids(query):
        return {r["id"] for r in get(f"/api/v1/reports/?{query}").json()["results"]}

    assert ids("status=superseded") == {reports["superseded"].pk}
    assert ids("month_from=2019-11-01") == {reports["published"].pk}
    assert get("/api/v1/reports/?status=draft").status_code == 400


@pytest.mark.parametrize("count", [2, 12])
def test_list_queries_do_not_grow(get, system, make_report, count, django_assert_num_queries):
    for n in range(count):
        make_report(system, ReportStatus.PUBLISHED, month=date(2018 + n // 12, n % 12 + 1, 1))
    get("/api/v1/reports/")  # the token's first use, recorded (no write again within the minute)
    # 1 the token with its user and the user's accesses, 2 one page of reports with system and
    # publisher.
    with django_assert_num_queries(2):
        assert get("/api/v1/reports/").status_code == 200
