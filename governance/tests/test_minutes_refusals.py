"""What minutes_approve, minutes_circulate and the edits refuse: each with a message next to the
field it concerns, and nothing half-changed (no decision, no status, no history)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from governance import services_minutes as services
from governance.models import Decision, Minutes
from governance.tests.minutes_helpers import circulated
from tests import factories as f
from tests import meeting_factories as mf

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("earlier", "Choose a meeting after the one minuted (1 February 2018)."),
        ("meeting", "Choose a meeting after the one minuted (1 February 2018)."),
        ("cancelled", "That meeting was cancelled: choose one that was held."),
        ("elsewhere", "Choose a later meeting of Joint Committee."),
    ],
)
def test_approval_only_at_a_later_held_meeting_of_the_committee(board, office, where, message):
    minutes = circulated(office, board.meeting)
    history = minutes.history.count()
    with pytest.raises(ValidationError) as refused:
        services.minutes_approve(actor=office, minutes=minutes, at=getattr(board, where))
    assert refused.value.message_dict == {"at": [message]}
    minutes.refresh_from_db()
    assert (minutes.status, minutes.approved_at, minutes.approval) == ("circulated", None, None)
    assert minutes.history.count() == history
    assert not Decision.objects.exists()


def test_approval_not_at_a_meeting_still_to_come(board, office):
    minutes = circulated(office, board.meeting)
    ahead = f.MeetingFactory(
        committee=board.committee, held_on=date.today() + timedelta(days=30), status="scheduled"
    )
    with pytest.raises(ValidationError) as refused:
        services.minutes_approve(actor=office, minutes=minutes, at=ahead)
    assert "has not been held yet" in refused.value.message_dict["at"][0]
    assert not Decision.objects.exists()


def test_approval_at_a_meeting_after_the_minutes_went_out(board, office):
    minutes = circulated(office, board.meeting, on=date(2018, 3, 2))
    with pytest.raises(ValidationError) as refused:
        services.minutes_approve(actor=office, minutes=minutes, at=board.later)
    assert refused.value.message_dict == {
        "at": [
            "These minutes were circulated on 2 March 2018: choose a meeting held on or after "
            "that day."
        ]
    }
    assert not Decision.objects.exists()


def test_a_draft_is_circulated_before_approval(board, office):
    minutes = services.minutes_draft(actor=office, meeting=board.meeting)
    with pytest.raises(ValidationError) as refused:
        services.minutes_approve(actor=office, minutes=minutes, at=board.later)
    assert refused.value.message_dict == {
        "at": ["Circulate the draft minutes before they are approved."]
    }
    assert Minutes.objects.get().status == "draft"
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (date(2018, 1, 31), "Minutes cannot be circulated before the meeting they record."),
        (date.today() + timedelta(days=1), "Give a date no later than today."),
    ],
)
def test_circulation_date(board, office, on, message):
    minutes = services.minutes_draft(actor=office, meeting=board.meeting)
    with pytest.raises(ValidationError) as refused:
        services.minutes_circulate(actor=office, minutes=minutes, circulated_on=on)
    assert refused.value.message_dict == {"circulated_on": [message]}
    minutes.refresh_from_db()
    assert (minutes.status, minutes.circulated_on) == ("draft", None)


def test_circulated_minutes_are_amended_with_a_reason_and_all_or_nothing(board, office):
    minutes = circulated(office, board.meeting)
    entry = minutes.entries.get(item=board.public)
    with pytest.raises(ValidationError) as refused:
        services.minutes_amend(
            actor=office, minutes=minutes, summary="New", discussions={entry.pk: "New"}
        )
    assert refused.value.message_dict == {"reason": ["Say why the circulated minutes are amended."]}
    minutes.refresh_from_db()
    entry.refresh_from_db()
    assert (minutes.summary, entry.discussion) == ("", "")


def test_an_entry_of_other_minutes_is_refused_and_nothing_saved(board, office):
    minutes = services.minutes_draft(actor=office, meeting=board.meeting)
    other = services.minutes_draft(actor=office, meeting=board.later)
    stray = other.entries.create(
        item=mf.AgendaItemFactory(meeting=board.later, number=1, title="Matters arising")
    )
    with pytest.raises(ValidationError, match="not part of these minutes"):
        services.minutes_amend(
            actor=office, minutes=minutes, summary="New", discussions={stray.pk: "x"}
        )
    minutes.refresh_from_db()
    assert minutes.summary == ""


def test_a_cancelled_meeting_has_no_minutes(board, office):
    with pytest.raises(ValidationError, match="cancelled"):
        services.minutes_draft(actor=office, meeting=board.cancelled)
    assert not Minutes.objects.exists()
