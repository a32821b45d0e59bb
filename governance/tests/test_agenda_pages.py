"""The agenda on the meeting page and its forms: items added, corrected (number, title, presenter,
purpose, time, part B) and withdrawn (kept, labelled, with the reason); what readers see; a fixed
number of queries however many items and papers."""

import datetime

import pytest
from django.urls import reverse

from core.roles import Role
from governance.models import AgendaItem
from tests import factories as f
from tests import meeting_factories as mf

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(system, in_scope):
    return f.MeetingFactory(committee__system=system, held_on=datetime.date(2018, 3, 1))


def _page(client, system, meeting) -> str:
    response = client.get(reverse("governance:meeting-detail", args=[system.slug, meeting.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('id="agenda"') :]  # not the message above it


def test_the_office_adds_an_item_with_a_presenter_from_the_systems_people(
    client, office, system, meeting
):
    presenter = f.PersonFactory(system=system, name="Neil Example")
    client.force_login(office)
    url = reverse("governance:agenda-item-create", args=[system.slug, meeting.pk])
    assert client.get(url).context["form"].initial["number"] == 1
    data = {"number": "1", "title": "Financial framework", "purpose": "decision"}
    response = client.post(url, {**data, "presenter": presenter.pk, "minutes_allowed": "20"})
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    assert (item.presenter, item.minutes_allowed, item.confidential) == (presenter, 20, False)
    again = client.post(url, {**data, "title": "Another"})
    assert "already has an item with this number" in again.context["form"].errors["number"][0]


def test_a_presenter_of_another_system_is_refused(client, office, system, other_system, meeting):
    stranger = f.PersonFactory(system=other_system)
    client.force_login(office)
    url = reverse("governance:agenda-item-create", args=[system.slug, meeting.pk])
    data = {"number": "1", "title": "T", "purpose": "decision", "presenter": stranger.pk}
    assert "presenter" in client.post(url, data).context["form"].errors
    assert not AgendaItem.objects.exists()


def test_items_are_shown_in_order_and_a_correction_moves_one(client, office, system, meeting):
    mf.AgendaItemFactory(meeting=meeting, number=2, title="Second business")
    first = mf.AgendaItemFactory(meeting=meeting, number=1, title="First business")
    client.force_login(office)
    html = _page(client, system, meeting)
    assert html.index("First business") < html.index("Second business")
    url = reverse("governance:agenda-item-edit", args=[system.slug, first.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(number="3", purpose="information", reason="Moved to the end")
    data.pop("presenter", None)
    data.pop("confidential")
    assert client.post(url, data).status_code == 302
    html = _page(client, system, meeting)
    assert html.index("Second business") < html.index("First business")


def test_a_withdrawn_item_is_kept_and_labelled_with_its_reason(client, office, system, meeting):
    item = mf.AgendaItemFactory(meeting=meeting, number=1, title="Estates")
    client.force_login(office)
    url = reverse("governance:agenda-item-withdraw", args=[system.slug, item.pk])
    assert "reason" in client.post(url, {"reason": " "}).context["form"].errors
    assert client.post(url, {"reason": "Deferred to April"}).status_code == 302
    html = _page(client, system, meeting)
    assert "Withdrawn" in html and "Deferred to April" in html


@pytest.mark.parametrize("role", [Role.CHAIR, Role.REGULATOR, Role.PARTNER_LEAD])
def test_part_b_is_not_on_the_page_for_readers_who_are_not_privileged(
    client_for, system, meeting, office, role
):
    public = mf.AgendaItemFactory(meeting=meeting, number=1, title="Open business")
    private = mf.AgendaItemFactory(meeting=meeting, number=2, title="Estates", confidential=True)
    mf.PaperFactory(item=public, title="Marked paper", confidential=True, uploaded_by=office)
    mf.PaperFactory(item=private, title="Site valuation", uploaded_by=office)
    mf.ReadyPackFactory(meeting=meeting, part="full", requested_by=office)
    html = _page(client_for(role), system, meeting)
    assert "Open business" in html
    for secret in ("Estates", "Marked paper", "Site valuation", "Full (parts A and B)"):
        assert secret not in html
    office_html = _page(client_for(Role.PROGRAMME_OFFICE), system, meeting)
    assert "Site valuation" in office_html and "Full (parts A and B)" in office_html


def _agenda(meeting, office, items: int) -> None:
    start = meeting.agenda_items.count()
    presenter = f.PersonFactory(system=meeting.committee.system)
    for number in range(start + 1, items + 1):
        item = mf.AgendaItemFactory(meeting=meeting, number=number, presenter=presenter)
        for title in ("Report", "Appendix"):
            paper = mf.PaperFactory(item=item, title=title, uploaded_by=office)
            mf.PaperFactory(item=item, title=title, replaces=paper, version=2, uploaded_by=office)


def test_the_meeting_page_costs_the_same_queries_for_more_items_and_papers(
    client, office, system, meeting, django_assert_max_num_queries
):
    client.force_login(office)
    _agenda(meeting, office, 2)
    mf.ReadyPackFactory(meeting=meeting, requested_by=office)
    _page(client, system, meeting)  # first use: the session, the as-at date
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        _page(client, system, meeting)
    _agenda(meeting, office, 8)
    with django_assert_max_num_queries(len(few)):
        html = _page(client, system, meeting)
    assert html.count("Superseded") == 16


def test_the_committee_form_sets_when_papers_are_due(client, office, system, meeting):
    client.force_login(office)
    committee = meeting.committee
    url = reverse("governance:committee-edit", args=[system.slug, committee.pk])
    form = client.get(url).context["form"]
    assert "pack_days_before" in form.fields
    data = {k: v for k, v in form.initial.items() if v not in (None, "")}
    if "reports_to" in data:
        data["reports_to"] = getattr(data["reports_to"], "pk", data["reports_to"])
    data.update(pack_days_before="7", opened_version=form.opened_version)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    committee.refresh_from_db()
    assert committee.pack_days_before == 7
    assert "Papers due by <strong>22 February 2018</strong>" in _page(client, system, meeting)
