"""Signed in as the demo regulator, the overview shows the five seed systems as at the date
chosen, each figure equal to the system's own pages as at that date and to the API; the
regulator of one region sees only its systems."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.utils.encoders import JSONEncoder

from partners.models import System
from reports.api.overview import OverviewSerializer, as_data

SEED_DATES = ("2015-08-05", "2017-04-05", "2017-11-30", "2018-03-31", "2019-04-30")


@pytest.fixture
def regulator(client, seeds):
    client.force_login(get_user_model().objects.get(username="regulator"))
    return client


def _page(client, name: str, slug: str, as_at: str, **query):
    response = client.get(reverse(name, args=[slug]), {"as_at": as_at, **query})
    assert response.status_code == 200, (name, slug)
    return response.context


def _nonzero(counter) -> dict:
    return {str(rag): n for rag, n in dict(counter).items() if n}


def test_the_overview_offers_each_seed_systems_period(regulator):
    page = regulator.get(reverse("reports:overview")).content.decode()
    for day in SEED_DATES:
        assert f"as_at={day}" in page


@pytest.mark.parametrize("as_at", SEED_DATES)
def test_each_figure_is_the_systems_own_pages(regulator, as_at):
    response = regulator.get(reverse("reports:overview"), {"as_at": as_at})
    rows = response.context["rows"]
    assert sorted(row.system.slug for row in rows) == sorted(
        System.objects.values_list("slug", flat=True)
    )
    for row in rows:
        slug = row.system.slug
        dashboard = _page(regulator, "reports:dashboard", slug, as_at)
        data = dashboard["data"]
        assert _nonzero(row.rag) == _nonzero(data.rag_counts), slug
        assert row.key_late == len(data.late_key), slug
        slipped = [m.as_at_slippage for m, _ in data.late_key]
        assert row.key_worst_slippage == (max(slipped) if slipped else None), slug
        assert row.cases_by_step == [(step, len(cases)) for step, cases in data.cases_by_step]
        assert [r.pk for r in row.top_risks] == [r.pk for r in data.top_risks[:3]], slug
        assert row.finance == dashboard["finance"], slug
        key = _page(regulator, "milestones:milestone-list", slug, as_at, key="1")
        assert _nonzero(row.key_rag) == {str(rag): n for rag, n in key["counts"] if n}, slug
        board = _page(regulator, "escalation:case-board", slug, as_at)
        cards = [card for _, cards in board["columns"] for card in cards]
        assert row.cases_open == board["open_count"] == len(cards), slug
        assert row.responses_overdue == sum(card.overdue for card in cards), slug
        meetings = _page(regulator, "governance:meeting-list", slug, as_at, period="past")
        month = as_at[:7]
        in_month = [
            (meeting, outcome)
            for meeting, outcome in meetings["rows"]
            if meeting.held_on.isoformat()[:7] == month and meeting.status == "held"
        ]
        assert row.meetings_held == len(in_month), slug
        assert {c.pk for c in row.unquorate_committees} == {
            m.committee_id for m, outcome in in_month if outcome.quorate is False
        }, slug
        reports = _page(regulator, "reports:report-list", slug, as_at)["reports"]
        published = [r for r in reports if r.status in ("published", "superseded")]
        assert row.last_report == (published[0] if published else None), slug
    # The API, asked for the same date, gives the same figures.
    api = regulator.get(reverse("api:overview-list"), {"as_at": as_at}).json()["results"]
    expected = [
        json.loads(json.dumps(OverviewSerializer(as_data(row)).data, cls=JSONEncoder))
        for row in rows
    ]
    assert sorted(api, key=lambda r: r["id"]) == sorted(expected, key=lambda r: r["id"])


def test_a_regulator_of_one_region_sees_only_its_systems(client, seeds):
    client.force_login(get_user_model().objects.get(username="regulator.east"))
    east = {"west-norfolk", "norfolk-waveney", "cambs-peterborough"}
    response = client.get(reverse("reports:overview"))
    assert {row.system.slug for row in response.context["rows"]} == east
    for name in ("Cumbria", "North West London"):
        assert name not in response.content.decode()
    assert [region for region, _ in response.context["regions"]] == ["east_of_england"]
    api = client.get(reverse("api:overview-list")).json()["results"]
    assert {row["slug"] for row in api} == east
    cumbria = System.objects.get(slug="cumbria")
    assert client.get(reverse("api:overview-detail", args=[cumbria.pk])).status_code == 404
    assert client.get(reverse("reports:overview"), {"region": "london"}).status_code == 400
