"""One reporting date per page (core.reporting_date): ``?as_at=`` or the system's opening date,
else today; RAG on the list and the dashboard follow it; a bad date is a 400 naming it."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.scoping import scope
from milestones import services
from partners.models import System
from tests import factories

pytestmark = pytest.mark.django_db

BASELINE = date(2019, 6, 30)


@pytest.fixture
def signed_in(client, office, system):
    with scope([system]):
        plan = factories.PlanFactory(system=system)
        services.milestone_create(
            actor=office,
            workstream=factories.WorkstreamFactory(plan=plan),
            title="PCN level plans agreed",
            baseline_on=BASELINE,
        )
    client.force_login(office)
    return client


def _list(client, system, **params):
    return client.get(reverse("milestones:milestone-list", args=[system.slug]), params)


def _rag(response) -> str:
    return response.context["page"].object_list[0].rag


def test_as_at_changes_rag_on_the_list(signed_in, system):
    assert _rag(_list(signed_in, system, as_at="2019-06-01")) == "green"
    assert _rag(_list(signed_in, system, as_at="2019-06-30")) == "green"  # due today
    late = _list(signed_in, system, as_at="2019-07-31")
    assert _rag(late) == "red"
    assert late.context["page"].object_list[0].slippage == 31  # days since its baseline
    # The RAG filter is as at the same date.
    assert len(_list(signed_in, system, as_at="2019-06-01", rag="red").context["page"]) == 0
    assert len(_list(signed_in, system, as_at="2019-07-31", rag="red").context["page"]) == 1


def test_as_at_changes_the_dashboard(signed_in, system):
    url = reverse("reports:dashboard", args=[system.slug])
    early = signed_in.get(url, {"as_at": "2019-06-01"})
    late = signed_in.get(url, {"as_at": "2019-07-31"})
    assert early.context["data"].rag_counts == {"green": 1}
    assert late.context["data"].rag_counts == {"red": 1}
    assert "Figures as at 31 July 2019" in late.content.decode()


def test_banner_shows_the_date_and_a_way_back_to_today(signed_in, system):
    page = _list(signed_in, system, as_at="2019-07-31", rag="red").content.decode()
    today = timezone.localdate()
    assert "Showing as at <strong>31 July 2019</strong>" in page
    assert f"as_at={today:%Y-%m-%d}" in page and "Show today" in page
    # The filter form and the header's links keep the chosen date.
    assert '<input type="hidden" name="as_at" value="2019-07-31">' in page
    assert f"/s/{system.slug}/?as_at=2019-07-31" in page
    assert "Showing as at" not in _list(signed_in, system).content.decode()


def test_a_system_opens_at_its_reporting_date(signed_in, system):
    System.objects.filter(pk=system.pk).update(opens_as_at=date(2019, 7, 31))
    page = _list(signed_in, system)
    assert _rag(page) == "red"
    assert "Showing as at <strong>31 July 2019</strong>" in page.content.decode()
    # "Show today" names today's date, so it overrides the system's own.
    today = timezone.localdate()
    assert _rag(_list(signed_in, system, as_at=f"{today:%Y-%m-%d}")) == "red"  # long past
    assert _rag(_list(signed_in, system, as_at="2019-06-01")) == "green"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2019-02-30", "is not a real date"),
        ("abc", "Give a date as YYYY-MM-DD"),
        ("9999-01-01", "between 1 January 1990 and 31 December 2100"),
        ("2019-7-1", "Give a date as YYYY-MM-DD"),
    ],
)
def test_a_bad_date_is_a_400_saying_what_to_change(signed_in, system, value, message):
    for name in ("milestones:milestone-list", "reports:dashboard", "governance:meeting-list"):
        response = signed_in.get(reverse(name, args=[system.slug]), {"as_at": value})
        assert response.status_code == 400
        assert message in response.content.decode()


def test_a_meeting_after_the_date_is_not_yet_held(signed_in, system, office):
    from governance import services as governance_services

    committee = factories.CommitteeFactory(system=system)
    with scope([system]):
        governance_services.meeting_create(
            actor=office, committee=committee, held_on=BASELINE, status="held"
        )
    url = reverse("governance:meeting-list", args=[system.slug])
    before = signed_in.get(url, {"as_at": f"{BASELINE - timedelta(days=1):%Y-%m-%d}"})
    assert before.context["rows"][0][1].not_yet_held
    after = signed_in.get(url, {"as_at": f"{BASELINE:%Y-%m-%d}"})
    assert not after.context["rows"][0][1].not_yet_held


def test_an_agreements_status_follows_the_reporting_date(client, office, system):
    # The Cambridgeshire and Peterborough MoU runs to 31 March 2021 (seed 003): in effect as at
    # its paper's date, expired as at a date after that.
    with scope([system]):
        mou = factories.AgreementFactory(
            system=system, effective_on=date(2017, 11, 1), expires_on=date(2021, 3, 31)
        )
    client.force_login(office)
    detail = reverse("governance:agreement-detail", args=[system.slug, mou.pk])
    listing = reverse("governance:agreement-list", args=[system.slug])
    for as_at, label in (("2017-11-30", "In effect"), ("2021-04-01", "Expired")):
        page = client.get(detail, {"as_at": as_at})
        assert page.context["agreement"].shown_status_label == label
        rows = client.get(listing, {"as_at": as_at}).context["page"].object_list
        assert [row.shown_status_label for row in rows] == [label]
    expiring = client.get(listing, {"as_at": "2021-02-01", "attention": "expiring"})
    assert list(expiring.context["page"].object_list) == [mou]
    assert (
        not client.get(listing, {"as_at": "2019-02-01", "attention": "expiring"})
        .context["page"]
        .object_list
    )


def test_the_dashboards_counts_open_their_lists_as_at_the_same_date(client, office, system):
    # One agreement expiring on 31 March 2021: within 90 days of 1 February 2021, long expired
    # today. The dashboard's count and the register it links to are as at the date asked for.
    with scope([system]):
        mou = factories.AgreementFactory(system=system, expires_on=date(2021, 3, 31))
    client.force_login(office)
    dashboard = reverse("reports:dashboard", args=[system.slug])
    page = client.get(dashboard, {"as_at": "2021-02-01"})
    assert len(page.context["data"].agreements_expiring) == 1
    html = page.content.decode()
    listing = reverse("governance:agreement-list", args=[system.slug])
    link = f"{listing}?attention=expiring&amp;as_at=2021-02-01"
    assert f'href="{link}"' in html
    opened = client.get(link.replace("&amp;", "&"))
    assert list(opened.context["page"].object_list) == [mou]
    milestones = reverse("milestones:milestone-list", args=[system.slug])
    assert f'href="{milestones}?rag=red&amp;as_at=2021-02-01"' in html
