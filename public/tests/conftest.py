"""A system that publishes everything, with one record of every kind the public pages must show
or must never show; named so that a test can look for each on a page."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile

from core.scoping import unscoped
from tests import factories as f
from tests import meeting_factories as mf
from tests import record_factories as rf

ALL = {"committees": True, "meetings": True, "minutes": True, "interests": True, "reports": True}
# Words that appear nowhere on a public page: each marks one record that must stay private.
NEVER = {
    "confidential_item": "Secret acquisition of Example Trust",
    "confidential_item_paper": "Acquisition business case",
    "confidential_paper": "Staff side consultation responses",
    "withdrawn_paper": "Withdrawn finance paper",
    "old_version": "Superseded discharge paper",
    "withdrawn_item": "Withdrawn item on estates",
    "confidential_entry": "the board discussed the acquisition price",
    "draft_entry": "draft wording not yet agreed",
    "cancelled": "Cancelled as the chair is unwell",
    "withdrawn_interest": "Withdrawn Interest Ltd",
    "ended_interest": "Ended Interest Ltd",
}


def paper(item, title, **extra):
    return mf.PaperFactory(item=item, title=title, **extra)


@pytest.fixture
def published(db, system, other_system):
    """``system`` publishing every section; ``other_system`` publishing its meetings."""
    with unscoped():
        mf.PublicationFactory(system=system, **ALL)
        mf.PublicationFactory(system=other_system, meetings=True)
        organisation = f.OrganisationFactory(name="Alpha Hospital NHS Trust")
        person = f.PersonFactory(
            system=system, name="Dana Chair", title="Chair", organisation=organisation
        )
        committee = f.CommitteeFactory(system=system, name="Partnership Board", cadence="Monthly")
        f.MembershipFactory(committee=committee, person=person, role="chair")
        planned = f.PersonFactory(system=system, name="", title="Clinical lead")
        f.MembershipFactory(committee=committee, person=planned, planned=True)
        left = f.PersonFactory(system=system, name="Lee Left")
        f.MembershipFactory(committee=committee, person=left, ended_on=datetime.date(2018, 1, 1))
        f.CommitteeFactory(
            system=system,
            name="Old Steering Group",
            stood_down_on=datetime.date(2018, 3, 1),
            stand_down_reason="Replaced",
        )
        meeting = f.MeetingFactory(committee=committee, held_on=datetime.date(2018, 2, 1))
        later = f.MeetingFactory(committee=committee, held_on=datetime.date(2018, 3, 1))
        cancelled = f.MeetingFactory(
            committee=committee,
            held_on=datetime.date(2018, 4, 1),
            status="cancelled",
            cancelled_reason=NEVER["cancelled"],
        )
        item = mf.AgendaItemFactory(meeting=meeting, number=1, title="Diabetes programme")
        public = paper(item, "Diabetes business case")
        old = paper(item, NEVER["old_version"])
        current = paper(item, "Discharge paper", version=2, replaces=old)
        withdrawn = paper(item, NEVER["withdrawn_paper"], withdrawn_on=datetime.date(2018, 1, 30))
        secret_paper = paper(item, NEVER["confidential_paper"], confidential=True)
        secret_item = mf.AgendaItemFactory(
            meeting=meeting, number=2, title=NEVER["confidential_item"], confidential=True
        )
        secret_item_paper = paper(secret_item, NEVER["confidential_item_paper"])
        mf.AgendaItemFactory(
            meeting=meeting,
            number=3,
            title=NEVER["withdrawn_item"],
            withdrawn_on=datetime.date(2018, 1, 30),
        )
        approval = rf.DecisionFactory(meeting=later, title="Minutes of 1 February approved")
        minutes = mf.MinutesFactory(
            meeting=meeting, status="approved", approved_at=later, approval=approval
        )
        mf.MinuteEntryFactory(minutes=minutes, item=item, discussion="Investment agreed.")
        mf.MinuteEntryFactory(
            minutes=minutes, item=secret_item, discussion=NEVER["confidential_entry"]
        )
        later_item = mf.AgendaItemFactory(meeting=later, number=1, title="Urgent care")
        draft = mf.MinutesFactory(meeting=later, status="circulated")
        mf.MinuteEntryFactory(minutes=draft, item=later_item, discussion=NEVER["draft_entry"])
        mf.InterestFactory(person=person, organisation_name="Current Interest Ltd")
        mf.InterestFactory(
            person=person,
            organisation_name=NEVER["withdrawn_interest"],
            withdrawn_on=datetime.date(2018, 6, 1),
        )
        mf.InterestFactory(
            person=person,
            organisation_name=NEVER["ended_interest"],
            held_to=datetime.date(2018, 6, 1),
        )
        report = rf.MonthlyReportFactory(
            system=system, status="published", month=datetime.date(2019, 12, 1)
        )
        draft_report = rf.MonthlyReportFactory(
            system=system, status="draft", month=datetime.date(2020, 1, 1)
        )
        other_meeting = f.MeetingFactory(committee__system=other_system)
        other_item = mf.AgendaItemFactory(meeting=other_meeting, title="Beta item")
        other_paper = paper(other_item, "Beta paper")
    return SimpleNamespace(
        system=system,
        other_system=other_system,
        committee=committee,
        meeting=meeting,
        later=later,
        cancelled=cancelled,
        item=item,
        public=public,
        current=current,
        old=old,
        withdrawn=withdrawn,
        secret_paper=secret_paper,
        secret_item=secret_item,
        secret_item_paper=secret_item_paper,
        minutes=minutes,
        draft=draft,
        report=report,
        draft_report=draft_report,
        other_meeting=other_meeting,
        other_paper=other_paper,
    )


def tampered(stored_paper) -> None:
    """Swap the paper's stored bytes for others (its recorded hash no longer matches)."""
    storage = stored_paper.file.storage
    storage.delete(stored_paper.file.name)
    storage.save(stored_paper.file.name, ContentFile(b"<html>not the paper</html>"))
