"""A committee with a minuted meeting (a public item, a confidential one and one withdrawn from
the agenda), a later meeting, a cancelled one, and a meeting of another committee."""

from datetime import date
from types import SimpleNamespace

import pytest

from governance import services_minutes as services
from tests import factories as f
from tests import meeting_factories as mf

MINUTED = date(2018, 2, 1)
NEXT = date(2018, 3, 1)


@pytest.fixture
def board(system, in_scope):
    committee = f.CommitteeFactory(system=system, name="Joint Committee")
    meeting = f.MeetingFactory(committee=committee, held_on=MINUTED)
    public = mf.AgendaItemFactory(meeting=meeting, number=1, title="Urgent care update")
    private = mf.AgendaItemFactory(
        meeting=meeting, number=2, title="Estates negotiation", confidential=True
    )
    mf.AgendaItemFactory(
        meeting=meeting, number=3, title="Dropped", withdrawn_on=MINUTED, withdrawn_reason="Late"
    )
    return SimpleNamespace(
        committee=committee,
        meeting=meeting,
        public=public,
        private=private,
        earlier=f.MeetingFactory(committee=committee, held_on=date(2018, 1, 4)),
        later=f.MeetingFactory(committee=committee, held_on=NEXT),
        cancelled=f.MeetingFactory(
            committee=committee, held_on=date(2018, 2, 15), status="cancelled"
        ),
        elsewhere=f.MeetingFactory(
            committee=f.CommitteeFactory(system=system, name="Finance Group"),
            held_on=date(2018, 3, 5),
        ),
    )


def circulated(office, meeting, on=date(2018, 2, 8)):
    minutes = services.minutes_draft(actor=office, meeting=meeting)
    return services.minutes_circulate(actor=office, minutes=minutes, circulated_on=on)


def approved(office, board):
    minutes = circulated(office, board.meeting)
    return services.minutes_approve(actor=office, minutes=minutes, at=board.later)
