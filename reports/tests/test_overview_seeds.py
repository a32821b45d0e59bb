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
from reports.tests.overview_checks import assert_own_pages_agree

SEED_DATES = ("2015-08-05", "2017-04-05", "2017-11-30", "2018-03-31", "2019-04-30")


@pytest.fixture
def regulator(client, seeds):
    client.force_login(get_user_model().objects.get(username="regulator"))
    return client


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
        assert_own_pages_agree(regulator, row, as_at)
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
