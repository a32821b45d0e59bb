"""Who sees a meeting's confidential business (governance.confidential): the committee's
members on the meeting's date, that meeting's attendees and the system's programme office; no one
else, whatever their role."""

import datetime

import pytest

from core.roles import Role
from core.scoping import scope
from governance import confidential
from governance.models import AgendaItem, Paper
from tests import factories as f
from tests import meeting_factories as mf

pytestmark = pytest.mark.django_db

HELD_ON = datetime.date(2018, 3, 1)


@pytest.fixture
def meeting(system, other_system, office, in_scope):
    committee = f.CommitteeFactory(system=system, name="Joint Committee")
    meeting = f.MeetingFactory(committee=committee, held_on=HELD_ON)
    public = mf.AgendaItemFactory(meeting=meeting, number=1, title="Public item")
    private = mf.AgendaItemFactory(meeting=meeting, number=2, title="Private", confidential=True)
    mf.PaperFactory(item=public, title="Public paper", uploaded_by=office)
    mf.PaperFactory(item=public, title="Marked paper", confidential=True, uploaded_by=office)
    mf.PaperFactory(item=private, title="Paper of a private item", uploaded_by=office)
    return meeting


def _sees(user, meeting) -> tuple[bool, set[str], set[str]]:
    items = confidential.visible_items(user, AgendaItem.objects.filter(meeting=meeting))
    papers = confidential.visible_papers(user, Paper.objects.filter(item__meeting=meeting))
    return (
        confidential.may_see_confidential(user, meeting),
        {item.title for item in items},
        {paper.title for paper in papers},
    )


EVERYTHING = (
    True,
    {"Public item", "Private"},
    {"Public paper", "Marked paper", "Paper of a private item"},
)
PUBLIC_ONLY = (False, {"Public item"}, {"Public paper"})


def test_the_programme_office_sees_everything(meeting, office):
    assert _sees(office, meeting) == EVERYTHING


@pytest.mark.parametrize("role", [Role.CHAIR, Role.REGULATOR, Role.PARTNER_LEAD, "outsider"])
def test_other_roles_see_only_public_business(meeting, role, user_for):
    assert _sees(user_for(role), meeting) == PUBLIC_ONLY


def test_a_member_on_the_meetings_date_sees_it(meeting, regulator):
    person = f.PersonFactory(system=meeting.committee.system, user=regulator)
    f.MembershipFactory(committee=meeting.committee, person=person)
    assert _sees(regulator, meeting) == EVERYTHING


@pytest.mark.parametrize(
    "membership",
    [
        {"ended_on": HELD_ON - datetime.timedelta(days=1), "ended_reason": "Left"},
        {"started_on": HELD_ON + datetime.timedelta(days=1)},
        {"planned": True},
    ],
    ids=["left before", "joined after", "planned post"],
)
def test_a_member_not_current_on_the_date_does_not(meeting, regulator, membership):
    person = f.PersonFactory(system=meeting.committee.system, user=regulator)
    f.MembershipFactory(committee=meeting.committee, person=person, **membership)
    assert _sees(regulator, meeting) == PUBLIC_ONLY


def test_an_attendee_of_that_meeting_sees_it_and_not_the_next(meeting, lead):
    person = f.PersonFactory(system=meeting.committee.system, user=lead)
    f.AttendanceFactory(meeting=meeting, person=person, status="present")
    assert _sees(lead, meeting) == EVERYTHING
    later = f.MeetingFactory(committee=meeting.committee, held_on=datetime.date(2018, 4, 5))
    mf.AgendaItemFactory(meeting=later, number=1, title="Later private", confidential=True)
    assert confidential.may_see_confidential(lead, later) is False


def test_apologies_are_not_attendance(meeting, lead):
    person = f.PersonFactory(system=meeting.committee.system, user=lead)
    f.AttendanceFactory(meeting=meeting, person=person, status="apologies")
    assert _sees(lead, meeting) == PUBLIC_ONLY


def test_anonymous_sees_public_business_only(meeting):
    from django.contrib.auth.models import AnonymousUser

    assert _sees(AnonymousUser(), meeting) == PUBLIC_ONLY


def test_public_pages_never_show_withdrawn_or_confidential(meeting, office):
    item = AgendaItem.objects.get(title="Public item")
    with scope([meeting.committee.system]):
        mf.PaperFactory(
            item=item,
            title="Withdrawn",
            uploaded_by=office,
            withdrawn_on=HELD_ON,
            withdrawn_reason="Wrong file",
        )
    papers = confidential.public_papers(Paper.objects.filter(item__meeting=meeting))
    assert {paper.title for paper in papers} == {"Public paper"}
    items = confidential.public_items(AgendaItem.objects.filter(meeting=meeting))
    assert {item.title for item in items} == {"Public item"}
