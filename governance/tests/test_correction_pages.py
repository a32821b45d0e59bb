"""The correction, cancel, withdraw and stand-down pages: the programme office corrects through
them, a bad input is shown next to its field with nothing changed, and a withdrawn or cancelled
record stays on its page, labelled, with the reason and its history."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from core.scoping import scope
from governance import services
from governance.models import Attendance, Decision, Membership
from governance.tests.form_helpers import error_next_to

pytestmark = pytest.mark.django_db


def _url(name, world, pk):
    return reverse(f"governance:{name}", args=[world.system.slug, pk])


def _meeting_page(client, world) -> str:
    return client.get(_url("meeting-detail", world, world.meeting.pk)).content.decode()


def test_the_office_corrects_a_meeting_and_its_history_shows_the_reason(client, office, world):
    client.force_login(office)
    response = client.post(
        _url("meeting-edit", world, world.meeting.pk),
        {
            "held_on": "2018-02-02",
            "starts_at": "14:30",
            "location": "Room 5",
            "link": "https://example.org/join",
            "status": "held",
            "notes": "",
            "reason": "Date as minuted",
        },
    )
    assert response.status_code == 302
    world.meeting.refresh_from_db()
    assert (str(world.meeting.held_on), world.meeting.location) == ("2018-02-02", "Room 5")
    html = _meeting_page(client, world)
    assert "14:30" in html and "https://example.org/join" in html
    assert "Reason: Date as minuted" in html


@pytest.mark.parametrize("minuted", [True, False])
def test_a_meeting_moved_into_the_future_is_refused_next_to_the_field(
    client, office, world, minuted
):
    """Minuted (the world's meeting has an action): not after today at all; not minuted: it
    may be rescheduled ahead, but not as held."""
    meeting = world.meeting
    if not minuted:
        with scope([world.system]):
            meeting = services.meeting_create(
                actor=office, committee=world.board, held_on=date(2018, 5, 1), status="held"
            )
    client.force_login(office)
    later = (date.today() + timedelta(days=30)).isoformat()
    response = client.post(
        _url("meeting-edit", world, meeting.pk),
        {"held_on": later, "status": "held", "reason": ""},
    )
    assert response.status_code == 200
    assert error_next_to(response.content.decode(), "held_on" if minuted else "status")
    before = meeting.held_on
    meeting.refresh_from_db()
    assert meeting.held_on == before
    assert meeting.history.count() == 1


def test_a_bad_link_is_refused_next_to_the_link(client, office, world):
    client.force_login(office)
    response = client.post(
        _url("meeting-edit", world, world.meeting.pk),
        {"held_on": "2018-02-01", "status": "held", "link": "not a link at all"},
    )
    assert error_next_to(response.content.decode(), "link")
    world.meeting.refresh_from_db()
    assert world.meeting.link == ""


def test_a_cancelled_meeting_is_kept_and_labelled(client, office, world):
    client.force_login(office)
    url = _url("meeting-cancel", world, world.meeting.pk)
    response = client.post(url, {"reason": ""})
    assert error_next_to(response.content.decode(), "reason")
    response = client.post(url, {"reason": "The chair was unwell"})
    assert response.status_code == 302
    html = _meeting_page(client, world)
    assert "Cancelled</strong>" in html and "The chair was unwell" in html


def test_a_decision_is_corrected_and_withdrawn_and_stays_on_the_meeting(client, office, world):
    with scope([world.system]):
        decision = services.decision_record(
            actor=office, meeting=world.meeting, title="Approve the MoU"
        )
    client.force_login(office)
    bad = client.post(_url("decision-edit", world, decision.pk), {"title": ""})
    assert error_next_to(bad.content.decode(), "title")
    client.post(
        _url("decision-edit", world, decision.pk),
        {"title": "Approve the MoU as amended", "reason": "As minuted"},
    )
    response = client.post(
        _url("decision-withdraw", world, decision.pk), {"reason": "Minuted at another meeting"}
    )
    assert response.status_code == 302
    with scope([world.system]):
        decision = Decision.objects.get(pk=decision.pk)
    assert decision.title == "Approve the MoU as amended"
    assert decision.withdrawn_reason == "Minuted at another meeting"
    html = _meeting_page(client, world)
    assert "Withdrawn</strong>" in html and "Approve the MoU as amended" in html
    assert _url("decision-edit", world, decision.pk) not in html  # no longer offered


def test_an_action_is_reopened_through_its_page(client, office, world):
    with scope([world.system]):
        services.action_complete(actor=office, action=world.action, completed_on=date(2018, 3, 1))
    client.force_login(office)
    data = {"description": world.action.description, "owner": world.ann.pk, "status": "open"}
    bad = client.post(_url("action-edit", world, world.action.pk), {**data, "status": "done"})
    assert bad.status_code == 200
    assert error_next_to(bad.content.decode(), "completed_on")
    response = client.post(
        _url("action-edit", world, world.action.pk), {**data, "reason": "Still to do"}
    )
    assert response.status_code == 302
    world.action.refresh_from_db()
    assert (world.action.status, world.action.completed_on) == ("open", None)
    assert "Reason: Still to do" in _meeting_page(client, world)


def test_a_withdrawn_action_is_kept_and_labelled(client, office, world):
    client.force_login(office)
    response = client.post(_url("action-withdraw", world, world.action.pk), {"reason": "Dup"})
    assert response.status_code == 302
    world.action.refresh_from_db()
    assert world.action.withdrawn_on == date.today()
    html = _meeting_page(client, world)
    assert "Withdrawn</strong>" in html and world.action.description in html


def test_attendance_saved_again_is_corrected_and_shown_in_history(client, office, world):
    with scope([world.system]):
        member = Membership.objects.get(committee=world.pag, person=world.ann)
    client.force_login(office)
    url = _url("meeting-attendance", world, world.meeting.pk)
    client.post(url, {f"status-{member.pk}": "present"})
    client.post(url, {f"status-{member.pk}": "apologies"})
    with scope([world.system]):
        attendance = Attendance.objects.get(meeting=world.meeting, person=world.ann)
    assert attendance.status == "apologies"
    assert attendance.history.count() == 2
    html = _meeting_page(client, world)
    # The values as the page words them, not blanks: the change reads Present -> Apologies.
    assert "attendance of Ann Acute: Status: <del>Present</del> &rarr; <ins>Apologies</ins>" in html


def test_a_member_stands_down_and_their_dates_are_corrected(client, office, world):
    with scope([world.system]):
        member = Membership.objects.get(committee=world.pag, person=world.ann)
    client.force_login(office)
    url = _url("membership-stand-down", world, member.pk)
    assert error_next_to(client.post(url, {"ended_on": "2019-03-31"}).content.decode(), "reason")
    client.post(url, {"ended_on": "2019-03-31", "reason": "Left the trust"})
    edit = _url("membership-edit", world, member.pk)
    bad = client.post(edit, {"started_on": "2020-01-01", "ended_on": "2019-03-31"})
    assert error_next_to(bad.content.decode(), "ended_on")
    member.refresh_from_db()
    assert (member.started_on, member.ended_on) == (None, date(2019, 3, 31))
    html = client.get(_url("committee-detail", world, world.pag.pk)).content.decode()
    assert "Stood down</strong>" in html and "Left the trust" in html
    assert "member Ann Acute: Ended on" in html  # the committee's history shows it


def test_a_meeting_is_added_with_its_time_and_link(client, office, world):
    client.force_login(office)
    response = client.post(
        reverse("governance:meeting-create", args=[world.system.slug]),
        {
            "committee": world.board.pk,
            "held_on": "2018-06-07",
            "starts_at": "10:00",
            "link": "teams.example.org/meet/1",
            "status": "scheduled",
        },
    )
    assert response.status_code == 302
    with scope([world.system]):
        meeting = world.board.meetings.get(held_on=date(2018, 6, 7))
    assert (str(meeting.starts_at), meeting.link) == (
        "10:00:00",
        "https://teams.example.org/meet/1",
    )
