"""A page's chosen dates travel with its links to other pages of the system: a register's rows,
a related record, "Clear filters" (``dates_query``, core.pages). A register read as at a date
opens each of its records as at that date, and one read as recorded on a date opens them as
recorded then too; with no date chosen the links carry none."""

import re
from datetime import date

import pytest
from django.urls import reverse

from core.scoping import scope
from milestones import services
from tests import factories

pytestmark = pytest.mark.django_db

AS_AT = date(2019, 6, 1)


@pytest.fixture
def milestone(office, system):
    with scope([system]):
        workstream = factories.WorkstreamFactory(plan=factories.PlanFactory(system=system))
        return services.milestone_create(
            actor=office,
            workstream=workstream,
            title="Same Day Emergency Care 12 hours a day, 7 days a week",
            baseline_on=date(2019, 5, 1),
        )


def row_link(client, system, milestone, query: str) -> str:
    page = client.get(reverse("milestones:milestone-list", args=[system.slug]) + query)
    assert page.status_code == 200
    detail = reverse("milestones:milestone-detail", args=[system.slug, milestone.pk])
    links = re.findall(rf'href="({re.escape(detail)}[^"]*)"', page.content.decode())
    assert links, "the register links its row"
    return links[0].replace("&amp;", "&")


def test_a_register_as_at_a_date_opens_its_records_as_at_it(client, office, system, milestone):
    client.force_login(office)
    link = row_link(client, system, milestone, f"?as_at={AS_AT}")
    assert link.endswith(f"?as_at={AS_AT}")
    detail = client.get(link).content.decode()
    assert "1 June 2019" in detail  # the record's page says which date it is read at


def test_both_dates_travel_together(client, office, system, milestone):
    client.force_login(office)
    recorded = date.today().isoformat()
    link = row_link(client, system, milestone, f"?as_at={AS_AT}&recorded_on={recorded}")
    assert link.endswith(f"?as_at={AS_AT}&recorded_on={recorded}")
    assert client.get(link).status_code == 200


def test_no_date_chosen_no_date_carried(client, office, system, milestone):
    client.force_login(office)
    link = row_link(client, system, milestone, "")
    assert "?" not in link


def test_clear_filters_keeps_the_date(client, office, system, milestone):
    client.force_login(office)
    page = client.get(
        reverse("milestones:milestone-list", args=[system.slug]) + f"?as_at={AS_AT}&rag=red"
    ).content.decode()
    clear = page.split("Clear filters")[0].rsplit("href=", 1)[1]
    assert f"?as_at={AS_AT}" in clear and "rag" not in clear


def test_a_register_not_kept_as_recorded_carries_the_date_too(client, office, system, milestone):
    client.force_login(office)
    page = client.get(
        reverse("milestones:workstream-list", args=[system.slug]) + f"?as_at={AS_AT}"
    ).content.decode()
    detail = reverse("milestones:workstream-detail", args=[system.slug, milestone.workstream_id])
    assert f'href="{detail}?as_at={AS_AT}"' in page
