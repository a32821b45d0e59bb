"""A record's history as XLSX and CSV from its own page: every change recorded, one field a
line, with who, when, the reason and the old and new values as the page words them."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from core.audit import display_name
from core.roles import Role
from escalation import services as escalation_services
from governance import services as governance_services
from governance import services_minutes
from partners import services as partner_services
from tests import factories, meeting_factories, record_factories
from tests.record_factories import AccessFactory
from tests.spreadsheets import column, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


def _history(client, url, file_format="xlsx"):
    return client.get(url, {"table": "history", "format": file_format})


def test_a_risks_changes_download_with_who_when_and_why(client, office, system, in_scope):
    risk = factories.RiskFactory(system=system, reference="R1", title="Workforce gap")
    escalation_services.risk_update(
        actor=office,
        risk=risk,
        reason="=Board asked",
        title="=Workforce gap in nursing",
        review_on=date(2026, 3, 31),
    )
    client.force_login(office)
    url = reverse("escalation:risk-detail", args=[system.slug, risk.pk])
    book = read_xlsx(_history(client, url))
    assert book.header == ["When", "Who", "What", "Field", "Old value", "New value", "Reason"]
    changed = {row[3]: row for row in book.rows if row[2] == "Changed"}
    assert changed["Title"][4:] == ["Workforce gap", "=Workforce gap in nursing", "=Board asked"]
    assert changed["Review on"][4:6] == [None, "31 Mar 2026"]
    assert changed["Title"][1] == display_name(office)
    assert isinstance(changed["Title"][0], datetime)
    assert column(book, "What")[-1] == "Created"
    assert book.about["What"].startswith("History of the risk, ")
    assert book.about["Filters"] == f"Risk: {risk}"
    rows = read_csv(_history(client, url, "csv"))
    titled = next(r for r in rows if r["Field"] == "Title")
    assert titled["New value"] == "'=Workforce gap in nursing"
    assert titled["Reason"] == "'=Board asked"


def test_a_meetings_history_has_its_parts_changes(client, office, system, in_scope):
    meeting = factories.MeetingFactory(
        committee=factories.CommitteeFactory(system=system), held_on=date(2019, 6, 1)
    )
    person = factories.PersonFactory(system=system, name="Sam Example")
    governance_services.attendance_record(
        actor=office, meeting=meeting, person=person, status="present"
    )
    governance_services.attendance_record(
        actor=office, meeting=meeting, person=person, status="apologies"
    )
    client.force_login(office)
    url = reverse("governance:meeting-detail", args=[system.slug, meeting.pk])
    book = read_xlsx(_history(client, url))
    assert "Changed: attendance of Sam Example" in column(book, "What")
    page = client.get(url).content.decode()
    assert 'href="?format=xlsx&amp;table=history"' in page


def test_a_change_page_downloads_the_history_it_shows(client, office, system, in_scope):
    meeting = factories.MeetingFactory(committee=factories.CommitteeFactory(system=system))
    decision = record_factories.DecisionFactory(meeting=meeting, title="Approve the plan")
    governance_services.decision_update(
        actor=office, decision=decision, reason="Minutes corrected", title="Approve the plans"
    )
    client.force_login(office)
    url = reverse("governance:decision-edit", args=[system.slug, decision.pk])
    rows = read_csv(_history(client, url, "csv"))
    assert [r["Old value"] for r in rows if r["Field"] == "Title"] == ["Approve the plan"]
    assert rows[0]["Reason"] == "Minutes corrected"
    assert 'href="?format=csv&amp;table=history"' in client.get(url).content.decode()


@pytest.mark.parametrize("route", ["partners:person-edit", "governance:interest-edit"])
def test_the_people_and_interests_pages_download_their_history(client, office, system, route):
    person = factories.PersonFactory(system=system, name="Sam Example")
    interest = meeting_factories.InterestFactory(person=person, organisation_name="Alpha")
    record = person if route == "partners:person-edit" else interest
    client.force_login(office)
    url = reverse(route, args=[system.slug, record.pk])
    rows = read_csv(_history(client, url, "csv"))
    assert [r["What"] for r in rows] == ["Created"]
    assert 'href="?format=xlsx&amp;table=history"' in client.get(url).content.decode()


def test_only_the_history_is_a_table_to_download(client, chair, system):
    risk = factories.RiskFactory(system=system)
    client.force_login(chair)
    url = reverse("escalation:risk-detail", args=[system.slug, risk.pk])
    assert client.get(url, {"format": "xlsx"}).status_code == 400
    assert client.get(url, {"format": "xlsx", "table": "risks"}).status_code == 400


@pytest.mark.parametrize("versions", [2, 20])
def test_history_download_queries_do_not_grow(
    client, office, system, versions, in_scope, django_assert_num_queries
):
    owner = factories.PersonFactory(system=system)
    risk = factories.RiskFactory(system=system)
    for n in range(versions):
        escalation_services.risk_update(
            actor=office, risk=risk, reason=f"Review {n}", title=f"Risk {n}", owner=owner
        )
    client.force_login(office)
    url = reverse("escalation:risk-detail", args=[system.slug, risk.pk])
    # session, user, accesses, system, the risk (with its owner) and what its page prefetches
    # (workstreams, milestones, cases), its versions with their users, the people the versions
    # name (once for all), and the first visit's session save (savepoint, update, release).
    with django_assert_num_queries(13):
        response = _history(client, url)
        b"".join(response.streaming_content)


def test_an_access_and_its_change_pages_download_its_history(client, office, system):
    access = AccessFactory(system=system, role=Role.CHAIR)
    partner_services.access_change(
        actor=office,
        access=access,
        role=Role.PROGRAMME_OFFICE,
        organisation=None,
        reason="New post",
    )
    client.force_login(office)
    for route in ("partners:access-change", "partners:access-end"):
        url = reverse(route, args=[system.slug, access.pk])
        rows = read_csv(_history(client, url, "csv"))
        changed = [r for r in rows if r["Field"] == "Role"]
        assert [(r["Old value"], r["New value"], r["Reason"]) for r in changed] == [
            ("Chair", "Programme office", "New post")
        ]
        assert 'href="?format=csv&amp;table=history"' in client.get(url).content.decode()


def test_the_minutes_download_their_history(client, office, system, in_scope):
    meeting = factories.MeetingFactory(
        committee=factories.CommitteeFactory(system=system), held_on=date(2019, 6, 1)
    )
    minutes = services_minutes.minutes_draft(actor=office, meeting=meeting)
    services_minutes.minutes_circulate(
        actor=office, minutes=minutes, circulated_on=date(2019, 6, 8)
    )
    client.force_login(office)
    url = reverse("governance:minutes-detail", args=[system.slug, meeting.pk])
    rows = read_csv(_history(client, url, "csv"))
    assert [r["What"] for r in rows][-1] == "Created"
    assert "Changed" in {r["What"] for r in rows}
    assert 'href="?format=xlsx&amp;table=history"' in client.get(url).content.decode()
