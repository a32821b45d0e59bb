"""Quorum for one agenda item: a member who declared an interest and took no part does not
count where the terms of reference say so; where they are silent, the member still counts."""

from datetime import date

import pytest

from governance import services, services_interests
from governance.querysets import item_quorum, meeting_quorum
from tests import factories
from tests.meeting_factories import AgendaItemFactory

pytestmark = pytest.mark.django_db

HELD = date(2019, 6, 3)


def _board(system, office, *, conflicted_not_counted: bool):
    """Three members, two of them needed: quorate with all three present; with one conflicted
    on item 2, quorate or not for that item as the terms say."""
    committee = factories.CommitteeFactory(system=system, name="Partnership Board")
    services.terms_create(
        actor=office,
        committee=committee,
        version="1.0",
        effective_from=date(2019, 4, 1),
        minimum_total=3,
        conflicted_not_counted=conflicted_not_counted,
    )
    people = [
        factories.PersonFactory(system=system, name=name)
        for name in ("Ann Able", "Ben Baker", "Cat Cole")
    ]
    for person in people:
        services.membership_add(actor=office, committee=committee, person=person)
    meeting = services.meeting_create(actor=office, committee=committee, held_on=HELD)
    for person in people:
        services.attendance_record(actor=office, meeting=meeting, person=person, status="present")
    items = [AgendaItemFactory(meeting=meeting, number=n, title=f"Item {n}") for n in (1, 2)]
    services_interests.declaration_record(
        actor=office,
        meeting=meeting,
        item=items[1],
        person=people[2],
        description="Director of a bidder",
        takes_part=False,
        action="Left the room.",
    )
    return meeting, items


def test_quorate_meeting_is_not_quorate_for_the_item_a_needed_member_took_no_part_in(
    system, office, in_scope
):
    meeting, (first, second) = _board(system, office, conflicted_not_counted=True)
    assert meeting_quorum(meeting, HELD).quorate is True
    assert item_quorum(first, HELD).quorate is True
    outcome = item_quorum(second, HELD)
    assert outcome.quorate is False
    assert outcome.counted == 2
    assert [c.reason for c in outcome.checks if not c.met] == [
        "Members in all: 2 present, at least 3 needed"
    ]
    assert (
        "Cat Cole declared an interest and took no part: not counted for this item, as the "
        "terms of reference say." in outcome.notes
    )


def test_where_the_terms_are_silent_the_conflicted_member_still_counts(system, office, in_scope):
    meeting, (_, second) = _board(system, office, conflicted_not_counted=False)
    assert meeting_quorum(meeting, HELD).quorate is True
    outcome = item_quorum(second, HELD)
    assert outcome.quorate is True
    assert outcome.counted == 3
    assert any("terms of reference are silent" in note for note in outcome.notes)


def test_a_member_who_took_part_or_whose_declaration_is_withdrawn_counts(system, office, in_scope):
    meeting, (_, second) = _board(system, office, conflicted_not_counted=True)
    declaration = second.declarations.get()
    services_interests.declaration_withdraw(
        actor=office, declaration=declaration, reason="Recorded against the wrong item"
    )
    assert item_quorum(second, HELD).quorate is True
    assert item_quorum(second, HELD) == meeting_quorum(meeting, HELD)


def test_an_item_of_a_meeting_not_yet_held_has_no_quorum_yet(system, office, in_scope):
    _, (_, second) = _board(system, office, conflicted_not_counted=True)
    assert item_quorum(second, date(2019, 6, 1)).not_yet_held
