"""Minutes from draft to approved (governance.services_minutes): drafted against the agenda,
amended with who and why, circulated, approved at a later meeting as a decision of it, frozen,
and corrected as a new version that supersedes the approved one only once approved itself."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from governance import services_minutes as services
from governance.models import Decision, Minutes
from governance.tests.minutes_helpers import approved, circulated
from tests import factories
from tests import meeting_factories as mf

pytestmark = pytest.mark.django_db


def _texts(minutes):
    return [(e.item.number, e.discussion) for e in minutes.entries.order_by("item__number")]


def test_a_draft_has_one_entry_per_current_agenda_item(board, office):
    minutes = services.minutes_draft(actor=office, meeting=board.meeting)
    assert (minutes.version, minutes.status) == (1, Minutes.Status.DRAFT)
    assert [e.item for e in minutes.entries.order_by("item__number")] == [
        board.public,
        board.private,
    ]


def test_the_whole_lifecycle(board, office, chair):
    minutes = services.minutes_draft(actor=office, meeting=board.meeting)
    entry = minutes.entries.get(item=board.public)
    services.minutes_amend(
        actor=office,
        minutes=minutes,
        summary="The chair welcomed members.",
        discussions={entry.pk: "The committee noted the update."},
    )
    # An item added to the agenda after the draft gets its entry when the draft is edited.
    late = mf.AgendaItemFactory(meeting=board.meeting, number=4, title="Any other business")
    services.minutes_amend(
        actor=office, minutes=minutes, summary="The chair welcomed all.", discussions={}
    )
    assert minutes.entries.filter(item=late).exists()

    services.minutes_circulate(actor=office, minutes=minutes, circulated_on=date(2018, 2, 8))
    minutes.refresh_from_db()
    assert (minutes.status, minutes.circulated_on) == ("circulated", date(2018, 2, 8))
    services.minutes_amend(
        actor=chair,
        minutes=minutes,
        summary="The chair welcomed all.",
        discussions={entry.pk: "The committee noted the update and asked for a plan."},
        reason="Comment from the chair",
    )
    entry.refresh_from_db()
    latest = entry.history.first()
    assert (latest.history_user, latest.history_change_reason) == (chair, "Comment from the chair")
    assert entry.history.count() == 3  # drafted, amended, amended after circulation

    services.minutes_approve(actor=office, minutes=minutes, at=board.later)
    minutes.refresh_from_db()
    decision = Decision.objects.get(meeting=board.later)
    assert decision.title == "Minutes of the meeting on 1 February 2018 approved as a true record"
    assert (minutes.status, minutes.approved_at, minutes.approval) == (
        "approved",
        board.later,
        decision,
    )


def test_approved_minutes_are_frozen(board, office):
    minutes = approved(office, board)
    entry = minutes.entries.first()
    frozen = "approved at the meeting on 1 March 2018 and are frozen"
    writes = [
        lambda: services.minutes_update(actor=office, minutes=minutes, summary="Changed"),
        lambda: services.minute_entry_update(actor=office, entry=entry, discussion="Changed"),
        lambda: services.minutes_amend(
            actor=office, minutes=minutes, summary="x", discussions={}, reason="r"
        ),
        lambda: services.minutes_circulate(
            actor=office, minutes=minutes, circulated_on=date(2018, 2, 9)
        ),
        lambda: services.minutes_approve(actor=office, minutes=minutes, at=board.later),
        lambda: services.minutes_draft(actor=office, meeting=board.meeting),
    ]
    for write in writes[:-1]:
        with pytest.raises(ValidationError, match=frozen):
            write()
    with pytest.raises(ValidationError, match="correct them as a new version"):
        writes[-1]()
    entry.refresh_from_db()
    minutes.refresh_from_db()
    assert (minutes.summary, entry.discussion != "Changed") == ("", True)
    assert Decision.objects.filter(meeting=board.later).count() == 1


def test_a_correction_supersedes_only_once_approved(board, office):
    first = approved(office, board)
    entry = first.entries.get(item=board.public)
    correction = services.minutes_correct(actor=office, approved=first, reason="Wrong figure")
    assert (correction.version, correction.supersedes, correction.status) == (2, first, "draft")
    assert _texts(correction) == _texts(first)
    first.refresh_from_db()
    assert first.status == "approved"  # it stands until the correction is approved

    new_entry = correction.entries.get(item=board.public)
    services.minutes_amend(
        actor=office, minutes=correction, summary="", discussions={new_entry.pk: "£1.2m"}
    )
    services.minutes_circulate(actor=office, minutes=correction, circulated_on=date(2018, 3, 2))
    entry.refresh_from_db()
    assert entry.discussion != "£1.2m"  # the approved version is untouched
    third = factories.MeetingFactory(committee=board.committee, held_on=date(2018, 4, 5))
    services.minutes_approve(actor=office, minutes=correction, at=third)
    first.refresh_from_db()
    correction.refresh_from_db()
    assert (first.status, correction.status) == ("superseded", "approved")
    assert correction.approval.title.startswith("Corrected minutes (version 2)")
    with pytest.raises(ValidationError, match="superseded"):
        services.minutes_update(actor=office, minutes=first, summary="Changed")


def test_only_one_open_version(board, office):
    services.minutes_draft(actor=office, meeting=board.meeting)
    with pytest.raises(ValidationError, match="Version 1 of these minutes is still open"):
        services.minutes_draft(actor=office, meeting=board.meeting)
    assert Minutes.objects.filter(meeting=board.meeting).count() == 1


def test_an_approved_version_is_corrected_once_at_a_time(board, office):
    first = approved(office, board)
    services.minutes_correct(actor=office, approved=first, reason="Typo")
    with pytest.raises(ValidationError) as refused:
        services.minutes_correct(actor=office, approved=first, reason="Another")
    assert refused.value.message_dict == {"reason": ["Version 2 is already open: amend that one."]}
    assert Minutes.objects.filter(meeting=board.meeting).count() == 2


def test_a_correction_needs_a_reason_and_an_approved_version(board, office):
    minutes = circulated(office, board.meeting)
    with pytest.raises(ValidationError) as refused:
        services.minutes_correct(actor=office, approved=minutes, reason="  ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError, match="Only the approved version"):
        services.minutes_correct(actor=office, approved=minutes, reason="Typo")
    assert Minutes.objects.filter(meeting=board.meeting).count() == 1


def test_every_step_locks_the_meetings_minutes_first(board, office):
    """Two people drafting or approving at once wait for each other (PostgreSQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if not connection.features.has_select_for_update:
        pytest.skip("this database has no row locks (SQLite locks the whole file)")
    with CaptureQueriesContext(connection) as queries:
        services.minutes_draft(actor=office, meeting=board.meeting)
    locks = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert any('"governance_minutes"' in sql for sql in locks)
    assert any('"governance_meeting"' in sql for sql in locks)
