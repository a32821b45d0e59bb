"""Workstream pages with the timeline, and milestone detail pages with their history."""

from datetime import timedelta

import pytest

from milestones.tests.page_helpers import TODAY, url

pytestmark = pytest.mark.django_db


# Workstreams and the timeline -------------------------------------------------------------------


def test_workstream_page_has_the_timeline(client, chair, system, milestone, partner_milestone):
    client.force_login(chair)
    page = client.get(url(system, "workstream-detail", pk=milestone.workstream_id)).content.decode()
    # The timeline's chart (the header has the NHS logo and the search icon before it).
    svg = next(part for part in page.split("<svg")[1:] if "app-timeline__baseline" in part)
    assert 'role="img"' in svg.split(">")[0]
    assert svg.count('class="app-timeline__baseline"') == 2
    assert "History of changes" in page


def test_the_timeline_marks_the_reporting_date_as_such_not_as_today(
    client, chair, system, milestone
):
    client.force_login(chair)
    as_at = TODAY + timedelta(days=30)  # between today and the milestone's baseline
    address = url(system, "workstream-detail", pk=milestone.workstream_id)
    page = client.get(address, {"as_at": f"{as_at:%Y-%m-%d}"}).content.decode()
    svg = next(part for part in page.split("<svg")[1:] if "app-timeline__today" in part)
    assert ">As at</text>" in svg and ">Today</text>" not in svg
    assert f"as at {as_at.day} {as_at:%b %Y}" in svg and "today is" not in svg
    today = client.get(address).content.decode()
    assert ">Today</text>" in next(p for p in today.split("<svg")[1:] if "app-timeline__today" in p)


def test_workstream_list_counts_rag(client, regulator, system, milestone, partner_milestone):
    client.force_login(regulator)
    response = client.get(url(system, "workstream-list"))
    ((_workstream, counts),) = response.context["rows"]
    assert dict(counts)["green"] == 2


def test_detail_pages_show_history(client, office, system, milestone):
    client.force_login(office)
    page = client.get(url(system, "milestone-detail", pk=milestone.pk)).content.decode()
    assert "History of changes" in page
    assert "First baseline" in page


def test_detail_links_to_the_monthly_update_only_for_who_may_update(
    client, lead, chair, system, milestone, partner_milestone
):
    update = url(system, "monthly-update")
    client.force_login(lead)
    assert update in client.get(url(system, "milestone-detail", pk=milestone.pk)).content.decode()
    other = client.get(url(system, "milestone-detail", pk=partner_milestone.pk)).content.decode()
    assert update not in other
    client.force_login(chair)
    assert (
        update not in client.get(url(system, "milestone-detail", pk=milestone.pk)).content.decode()
    )
