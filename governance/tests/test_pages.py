"""Governance pages for every role: visible in their system, 404 elsewhere, writes only for the
programme office, and lists that cost the same number of queries however many rows they show."""

from datetime import date

import pytest
from django.urls import reverse

from core.roles import Role
from core.scoping import scope
from governance import services
from governance.models import Attendance, Party
from tests import factories
from tests.permissions.roles import all_but

pytestmark = pytest.mark.django_db


@pytest.fixture
def pag(system, office, organisation, partner):
    """A committee whose terms need one member of each of two partners (as 001's PAG does)."""
    with scope([system]):
        committee = factories.CommitteeFactory(system=system, name="Provider Alliance Group")
        services.terms_create(
            actor=office,
            committee=committee,
            version="1.0",
            effective_from=date(2017, 1, 1),
            deputies="count",
            requirements={organisation: 1, partner: 1},
        )
        members = [
            services.membership_add(
                actor=office,
                committee=committee,
                person=factories.PersonFactory(system=system, organisation=org),
            )
            for org in (organisation, partner)
        ]
        meeting = services.meeting_create(
            actor=office, committee=committee, held_on=date(2018, 2, 1), status="held"
        )
    return committee, members, meeting


@pytest.fixture
def agreement(system, organisation):
    agreement = factories.AgreementFactory(
        system=system, title="PAG MoU", withdrawal_notice_days=30
    )
    factories.PartyFactory(agreement=agreement, organisation=organisation)
    return agreement


def test_attendance_updates_quorum_through_htmx(client, office, system, pag):
    _, (ours, theirs), meeting = pag
    client.force_login(office)
    url = reverse("governance:meeting-attendance", args=[system.slug, meeting.pk])
    first = client.post(url, {f"status-{ours.pk}": "present"}, HTTP_HX_REQUEST="true")
    assert first.status_code == 200
    assert "Not quorate" in first.content.decode()
    second = client.post(url, {f"status-{theirs.pk}": "present"}, HTTP_HX_REQUEST="true")
    assert "Quorate" in second.content.decode() and "Not quorate" not in second.content.decode()
    with scope([system]):
        attendance = Attendance.objects.get(meeting=meeting, person=theirs.person)
        assert attendance.history.first().history_user == office


def test_attendance_without_javascript_saves_the_whole_form(client, office, system, pag):
    _, (ours, theirs), meeting = pag
    client.force_login(office)
    url = reverse("governance:meeting-attendance", args=[system.slug, meeting.pk])
    response = client.post(
        url, {f"status-{ours.pk}": "present", f"status-{theirs.pk}": "apologies"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Not quorate" in page


@pytest.mark.parametrize("role", all_but(Role.PROGRAMME_OFFICE))
def test_only_the_programme_office_records_attendance(client_for, role, system, pag):
    _, (ours, _), meeting = pag
    client = client_for(role)
    url = reverse("governance:meeting-attendance", args=[system.slug, meeting.pk])
    page = client.get(url).content.decode()
    assert "<select" not in page and "Save attendance" not in page
    assert client.post(url, {f"status-{ours.pk}": "present"}).status_code == 403
    with scope([system]):
        assert not Attendance.objects.filter(meeting=meeting).exists()


def test_withdrawal_notice_from_the_agreement_page(client, office, system, agreement):
    client.force_login(office)
    with scope([system]):
        party = Party.objects.get(agreement=agreement)
    url = reverse("governance:party-withdrawal", args=[system.slug, party.pk])
    response = client.post(url, {"given_on": "2017-06-01"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "leaves 1 July 2017" in page or "left 1 July 2017" in page
    bad = client.post(url, {"given_on": "not a date"})
    assert "Enter a valid date" in bad.content.decode()


def test_regulator_cannot_give_withdrawal_notice(client, regulator, system, agreement):
    client.force_login(regulator)
    with scope([system]):
        party = Party.objects.get(agreement=agreement)
    page = client.get(reverse("governance:agreement-detail", args=[system.slug, agreement.pk]))
    assert "Record notice" not in page.content.decode()
    url = reverse("governance:party-withdrawal", args=[system.slug, party.pk])
    assert client.post(url, {"given_on": "2017-06-01"}).status_code == 403
    with scope([system]):
        assert Party.objects.get(pk=party.pk).withdrawal_notice_given_on is None


def test_meeting_create_reports_errors_next_to_the_field(client, office, system, pag):
    committee, _, _ = pag
    client.force_login(office)
    url = reverse("governance:meeting-create", args=[system.slug])
    response = client.post(
        url, {"committee": committee.pk, "held_on": "2018-02-01", "status": "held"}
    )
    assert response.status_code == 200
    assert "already has a meeting on this date" in response.content.decode()


def test_ical_feed_lists_the_meetings(client, chair, system, pag):
    committee, _, meeting = pag
    client.force_login(chair)
    response = client.get(reverse("governance:committee-ical", args=[system.slug, committee.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20180201" in body
    assert f"UID:meeting-{meeting.pk}@" in body


def test_detail_pages_show_history(client, office, system, pag):
    _, _, meeting = pag
    client.force_login(office)
    page = client.get(reverse("governance:meeting-detail", args=[system.slug, meeting.pk]))
    assert "History of changes" in page.content.decode()
    # The meeting's creation, by the office (the header names the user too: look in the history).
    history = page.content.decode().split("History of changes", 1)[1]
    assert f">{office.username}<" in history and "Created" in history


def _meetings(system, office, committee, count):
    with scope([system]):
        for day in range(count):
            services.meeting_create(
                actor=office, committee=committee, held_on=date(2019, 1, 1 + day), status="held"
            )


@pytest.mark.parametrize("rows", [2, 20])
def test_meeting_list_queries_do_not_grow(
    client, office, system, pag, rows, django_assert_num_queries
):
    committee, _, _ = pag
    _meetings(system, office, committee, rows)
    client.force_login(office)
    url = reverse("governance:meeting-list", args=[system.slug])
    # session, user, accesses (middleware), system, page count, meetings, attendances, terms,
    # quorum requirements, memberships, header's systems, committees for the filter; and, on
    # this first visit, the session remembering the system (savepoint, update, release).
    with django_assert_num_queries(15):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_committee_list_queries_do_not_grow(
    client, office, system, organisation, rows, django_assert_num_queries
):
    for _ in range(rows):
        committee = factories.CommitteeFactory(system=system)
        terms = factories.TermsOfReferenceFactory(committee=committee)
        factories.QuorumRequirementFactory(terms=terms, organisation=organisation)
    client.force_login(office)
    url = reverse("governance:committee-list", args=[system.slug])
    # session, user, accesses, system, page count, committees, their terms, quorum requirements,
    # their organisations, header's systems; and the first visit's session save (savepoint,
    # update, release).
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_agreement_list_queries_do_not_grow(
    client, office, system, organisation, rows, django_assert_num_queries
):
    for _ in range(rows):
        factories.PartyFactory(
            agreement=factories.AgreementFactory(system=system), organisation=organisation
        )
    client.force_login(office)
    url = reverse("governance:agreement-list", args=[system.slug])
    # session, user, accesses, system, page count, agreements, their parties, header's systems;
    # and the first visit's session save (savepoint, update, release).
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200
