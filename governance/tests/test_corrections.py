"""Correcting, cancelling and withdrawing meetings, decisions, actions and members: the
services keep the record (never delete), keep the old values and the reason in history, and
refuse a bad change with nothing written."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError

from core.scoping import scope
from governance import services
from governance.calendar import meetings_calendar
from governance.models import Action, Decision, Meeting, Membership, TermsOfReference
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(system, office):
    with scope([system]):
        committee = factories.CommitteeFactory(system=system, name="Joint Committee")
        meeting = services.meeting_create(
            actor=office, committee=committee, held_on=date(2018, 3, 1), status="held"
        )
    return meeting


def _reasons(record) -> list[str]:
    return [h.history_change_reason for h in record.history.order_by("-history_id")]


def test_a_meeting_is_corrected_with_its_reason_in_history(system, office, held):
    with scope([system]):
        services.meeting_update(
            actor=office,
            meeting=held,
            reason="Minutes give the time and room",
            held_on=date(2018, 3, 2),
            starts_at=time(14, 0),
            location="Room 5, Town Hall",
            link="https://example.org/join",
        )
        held.refresh_from_db()
        assert (held.held_on, held.starts_at, held.location) == (
            date(2018, 3, 2),
            time(14, 0),
            "Room 5, Town Hall",
        )
        assert held.history.count() == 2
        assert _reasons(held)[0] == "Minutes give the time and room"
        assert held.history.earliest().held_on == date(2018, 3, 1)


def test_cancelling_keeps_the_meeting_labelled_with_the_reason(system, office):
    with scope([system]):
        meeting = factories.MeetingFactory(
            committee__system=system, held_on=date.today() + timedelta(days=7), status="scheduled"
        )
        with pytest.raises(ValidationError) as refused:
            services.meeting_cancel(actor=office, meeting=meeting, reason="  ")
        assert "reason" in refused.value.error_dict
        services.meeting_cancel(actor=office, meeting=meeting, reason="Not quorate: chair unwell")
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.CANCELLED
        assert meeting.cancelled_reason == "Not quorate: chair unwell"
        assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_cancelling_through_a_correction_needs_a_reason(system, office, held):
    with scope([system]), pytest.raises(ValidationError) as refused:
        services.meeting_update(actor=office, meeting=held, status="cancelled")
    assert "reason" in refused.value.error_dict
    held.refresh_from_db()
    assert held.status == "held"


def test_a_long_reason_is_kept_whole_on_the_record_and_shortened_in_history(system, office, held):
    reason = "The venue flooded. " * 10
    with scope([system]):
        services.meeting_update(actor=office, meeting=held, status="cancelled", reason=reason)
        held.refresh_from_db()
    assert held.cancelled_reason == reason.strip()
    shortened = _reasons(held)[0]
    assert len(shortened) <= 100 and shortened.endswith("\u2026")
    assert reason.startswith(shortened[:-1])


def test_a_meeting_with_minutes_cannot_move_into_the_future(system, office, held):
    with scope([system]):
        services.decision_record(actor=office, meeting=held, title="Approve the MoU")
        with pytest.raises(ValidationError) as refused:
            services.meeting_update(
                actor=office, meeting=held, held_on=date.today() + timedelta(days=3)
            )
    assert "held_on" in refused.value.error_dict
    held.refresh_from_db()
    assert held.held_on == date(2018, 3, 1)


def test_a_decision_is_corrected_then_withdrawn_and_kept(system, office, held):
    with scope([system]):
        decision = services.decision_record(actor=office, meeting=held, title="Aprove MoU")
        services.decision_update(
            actor=office, decision=decision, reason="Typo", title="Approve the MoU"
        )
        services.decision_withdraw(actor=office, decision=decision, reason="Minuted in error")
        decision.refresh_from_db()
        assert decision.title == "Approve the MoU"
        assert decision.withdrawn_on == date.today()
        assert decision.withdrawn_reason == "Minuted in error"
        assert Decision.objects.filter(pk=decision.pk).exists()
        assert _reasons(decision)[:2] == ["Minuted in error", "Typo"]
        with pytest.raises(ValidationError):
            services.decision_update(actor=office, decision=decision, title="Changed again")
        with pytest.raises(ValidationError):
            services.decision_withdraw(actor=office, decision=decision, reason="Twice")
    decision.refresh_from_db()
    assert decision.title == "Approve the MoU"


def test_withdrawing_needs_a_reason(system, office, held):
    with scope([system]):
        action = services.action_create(actor=office, meeting=held, description="Draft")
        with pytest.raises(ValidationError) as refused:
            services.action_withdraw(actor=office, action=action, reason="")
    assert "reason" in refused.value.error_dict
    action.refresh_from_db()
    assert action.withdrawn_on is None


def test_an_action_is_corrected_completed_and_reopened(system, office, held, organisation):
    with scope([system]):
        owner = factories.PersonFactory(system=system, organisation=organisation, name="Ann")
        action = services.action_create(actor=office, meeting=held, description="Draft")
        services.action_update(
            actor=office, action=action, owner=owner, due_on=date(2018, 4, 1), reason="Assigned"
        )
        services.action_update(
            actor=office, action=action, status="done", completed_on=date(2018, 3, 20)
        )
        action.refresh_from_db()
        assert (action.owner, action.status, action.completed_on) == (
            owner,
            "done",
            date(2018, 3, 20),
        )
        services.action_update(actor=office, action=action, status="open", reason="Not done")
        action.refresh_from_db()
        assert (action.status, action.completed_on) == ("open", None)
        assert action.history.filter(completed_on=date(2018, 3, 20)).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "done", "completed_on": None}, "completed_on"),
        ({"status": "done", "completed_on": date(2018, 2, 1)}, "completed_on"),
        ({"status": "open", "completed_on": date(2018, 3, 5)}, "completed_on"),
    ],
)
def test_a_bad_action_correction_is_refused_next_to_its_field(system, office, held, changes, field):
    with scope([system]):
        action = services.action_create(actor=office, meeting=held, description="Draft")
        with pytest.raises(ValidationError) as refused:
            services.action_update(actor=office, action=action, **changes)
    assert field in refused.value.error_dict
    action.refresh_from_db()
    assert (action.status, action.completed_on, action.history.count()) == ("open", None, 1)


def test_an_action_owner_from_another_system_is_refused(system, other_system, office, held):
    stranger = factories.PersonFactory(system=other_system, name="Stranger")
    with scope([system]):
        action = services.action_create(actor=office, meeting=held, description="Draft")
        with pytest.raises(ValidationError) as refused:
            services.action_update(actor=office, action=action, owner=stranger)
    assert "owner" in refused.value.error_dict


def test_a_withdrawn_action_cannot_be_marked_done(system, office, held):
    with scope([system]):
        action = services.action_create(actor=office, meeting=held, description="Draft")
        services.action_withdraw(actor=office, action=action, reason="Duplicate")
        with pytest.raises(ValidationError):
            services.action_complete(actor=office, action=action, completed_on=date(2018, 3, 2))
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN
    assert action.withdrawn_reason == "Duplicate"


def test_a_member_stands_down_and_their_dates_are_corrected(system, office, organisation):
    with scope([system]):
        committee = factories.CommitteeFactory(system=system)
        person = factories.PersonFactory(system=system, organisation=organisation, name="Bo")
        member = services.membership_add(
            actor=office, committee=committee, person=person, started_on=date(2017, 1, 1)
        )
        services.membership_stand_down(
            actor=office, membership=member, ended_on=date(2019, 3, 31), reason="Retired"
        )
        services.membership_update(
            actor=office, membership=member, started_on=date(2016, 10, 1), reason="Per minutes"
        )
        member.refresh_from_db()
        assert (member.started_on, member.ended_on, member.ended_reason) == (
            date(2016, 10, 1),
            date(2019, 3, 31),
            "Retired",
        )
        assert Membership.objects.filter(pk=member.pk).exists()
        assert _reasons(member)[:2] == ["Per minutes", "Retired"]
        with pytest.raises(ValidationError) as refused:
            services.membership_update(actor=office, membership=member, ended_on=date(2016, 1, 1))
        assert refused.value.messages == ["The membership cannot end before it starts."]
        with pytest.raises(ValidationError):
            services.membership_stand_down(
                actor=office, membership=member, ended_on=date(2020, 1, 1), reason="Again"
            )
    member.refresh_from_db()
    assert member.ended_on == date(2019, 3, 31)


def test_a_new_terms_version_leaves_the_old_one_as_it_was(system, office):
    with scope([system]):
        committee = factories.CommitteeFactory(system=system)
        old = services.terms_create(
            actor=office,
            committee=committee,
            version="1.0",
            effective_from=date(2017, 1, 1),
            minimum_total=4,
        )
        services.terms_create(
            actor=office,
            committee=committee,
            version="2.0",
            effective_from=date(2019, 1, 1),
            minimum_total=6,
        )
        old.refresh_from_db()
        assert (old.version, old.quorum_minimum_total, old.history.count()) == ("1.0", 4, 1)
        assert TermsOfReference.objects.filter(committee=committee).count() == 2


def test_the_api_labels_a_withdrawn_action_and_a_cancelled_meeting(api, system, office, held):
    with scope([system]):
        action = services.action_create(actor=office, meeting=held, description="Draft")
        services.action_withdraw(actor=office, action=action, reason="Entered twice")
        services.meeting_update(
            actor=office, meeting=held, status="cancelled", reason="Chair unwell"
        )
    row = api(f"/api/v1/actions/{action.pk}/").json()
    assert (row["withdrawn_on"], row["withdrawn_reason"]) == (
        date.today().isoformat(),
        "Entered twice",
    )
    meeting = api(f"/api/v1/meetings/{held.pk}/").json()
    assert (meeting["status"], meeting["cancelled_reason"]) == ("cancelled", "Chair unwell")


def test_the_calendar_gives_a_meeting_its_online_link(system, office, held):
    with scope([system]):
        services.meeting_update(actor=office, meeting=held, link="https://example.org/j/1,2")
        feed = meetings_calendar(held.committee, [held], host="testserver")
    assert "URL:https://example.org/j/1,2\r\n" in feed
