"""Once a programme office has erased a person, their name and e-mail address are found nowhere
a user of the system can read: the pages, the registers as recorded, the history, the search,
the changes page, the overview, the downloads, the calendar and every list of the API."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from config.api import router
from core.roles import Role
from partners.models import Access
from tests import factories as f
from tests import record_factories as rf

pytestmark = pytest.mark.usefixtures("no_scope")
NAME, EMAIL = "Walter Skinner", "walter.skinner@x.nhs.uk"


@pytest.fixture
def erased(client, office, system):
    today = timezone.localdate()
    person = f.PersonFactory(system=system, name=NAME, email=EMAIL)
    committee = f.CommitteeFactory(system=system, name="Board")
    f.MembershipFactory(committee=committee, person=person, started_on=today - timedelta(days=3))
    meeting = f.MeetingFactory(committee=committee, held_on=today - timedelta(days=2))
    rf.DecisionFactory(meeting=meeting, title=f"{NAME} to chair the review", text=f"By {EMAIL}")
    rf.ActionFactory(meeting=meeting, owner=person, description="Write the plan")
    workstream = f.WorkstreamFactory(plan=f.PlanFactory(system=system))
    milestone = f.MilestoneFactory(workstream=workstream, responsible_person=person)
    risk = f.RiskFactory(system=system, owner=person, title=f"Cover for {NAME}")
    client.force_login(office)
    asked = f"/s/{system.slug}/people/{person.pk}/personal-data/"
    assert client.post(asked, {"reason": f"SAR-8 from {NAME}"}).status_code == 200
    url = f"/s/{system.slug}/people/{person.pk}/erase/"
    response = client.post(url, {"reason": f"SAR-9 from {NAME}", "confirm": "on"})
    assert response.status_code == 302
    return {
        "person": person,
        "committee": committee,
        "meeting": meeting,
        "milestone": milestone,
        "risk": risk,
    }


def _pages(system, records) -> list[str]:
    s, today = system.slug, timezone.localdate().isoformat()
    m, r = records["milestone"].pk, records["risk"].pk
    c, meeting = records["committee"].pk, records["meeting"].pk
    return [
        reverse("partners:person-list", args=[s]),
        reverse("partners:person-data", args=[s, records["person"].pk]),
        reverse("partners:person-list", args=[s]) + "?format=csv",
        reverse("reports:changes", args=[s]) + "?from=2000-01-01",
        reverse("reports:overview"),
        reverse("reports:overview") + "?format=csv",
        reverse("governance:committee-detail", args=[s, c]),
        reverse("governance:committee-ical", args=[s, c]),
        reverse("governance:meeting-detail", args=[s, meeting]),
        reverse("milestones:milestone-detail", args=[s, m]),
        reverse("milestones:milestone-detail", args=[s, m]) + f"?recorded_on={today}",
        reverse("milestones:milestone-list", args=[s]) + f"?recorded_on={today}&format=csv",
        reverse("escalation:risk-detail", args=[s, r]),
        reverse("escalation:risk-detail", args=[s, r]) + f"?recorded_on={today}",
        reverse("escalation:risk-detail", args=[s, r]) + "?history=csv",
        reverse("escalation:risk-list", args=[s]) + f"?recorded_on={today}&format=csv",
        *(reverse(f"api:{prefix}-list") for prefix, _, _ in router.registry),
    ]


@pytest.mark.parametrize("who", [Role.PROGRAMME_OFFICE, Role.REGULATOR])
def test_the_erased_name_is_nowhere(client, user_for, system, erased, who):
    client.force_login(user_for(who))
    client.raise_request_exception = False
    found = []
    for url in _pages(system, erased):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        if any(term.lower() in text.lower() for term in ("Skinner", EMAIL)):
            found.append(url)
        assert response.status_code < 500, url
    assert found == []
    for url in ("/search/", f"/s/{system.slug}/search/"):
        for words in ("Skinner", "Walter", EMAIL):
            assert client.get(url, {"q": words}).context["hits"] == [], (url, words)


def test_a_meeting_pack_that_named_them_is_out_of_date(client, office, system):
    from governance.confidential import visible_packs
    from tests import meeting_factories as mf

    person = f.PersonFactory(system=system, name=NAME, email=EMAIL)
    meeting = f.MeetingFactory(committee=f.CommitteeFactory(system=system))
    mf.AgendaItemFactory(meeting=meeting, presenter=person, title="Finance")
    named = mf.ReadyPackFactory(meeting=meeting)
    other_meeting = f.MeetingFactory(committee=meeting.committee, held_on=date(2018, 3, 1))
    elsewhere = mf.ReadyPackFactory(meeting=other_meeting)
    client.force_login(office)
    url = f"/s/{system.slug}/people/{person.pk}/erase/"
    assert client.post(url, {"reason": "SAR-9", "confirm": "on"}).status_code == 302
    named.refresh_from_db()
    elsewhere.refresh_from_db()
    assert named.outdated_at is not None and elsewhere.outdated_at is None
    assert "identity was erased" in named.outdated_reason
    reader = f.UserFactory(username="reader")
    Access.objects.create(user=reader, system=system, role=Role.REGULATOR)
    assert not visible_packs(reader, meeting, type(named).objects.all()).exists()
