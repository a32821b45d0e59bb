"""Pages as recorded on a past date (core.as_recorded, ``?recorded_on=``) attacked as another
system's user, a lower role and a hostile client would: nothing of another system, no erased
name, no write, no server error."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from core.scoping import scope
from governance import confidential, services
from partners import privacy
from partners import services as partner_services
from tests import factories as f
from tests import record_factories as rf
from tests.recorded_days import day as _day
from tests.recorded_days import recorded_yesterday as _yesterday

pytestmark = pytest.mark.django_db

OLD_NAME, NEW_NAME = "Walter Skinner", "Walter Mulder"
OLD_EMAIL = "walter.skinner@x.nhs.uk"


@pytest.fixture
def world(office, system, organisation):
    """A record of each kind that can be shown as recorded, recorded yesterday; its person
    renamed today."""
    with scope([system]):
        person = f.PersonFactory(
            system=system, name=OLD_NAME, email=OLD_EMAIL, organisation=organisation
        )
        committee = f.CommitteeFactory(system=system, name="Joint Committee")
        f.TermsOfReferenceFactory(committee=committee, quorum_minimum_total=1)
        membership = f.MembershipFactory(committee=committee, person=person)
        meeting = f.MeetingFactory(committee=committee, held_on=date(2019, 5, 1))
        decision = services.decision_record(
            actor=office, meeting=meeting, title=f"{OLD_NAME} to chair the review", reference="D1"
        )
        action = services.action_create(
            actor=office, meeting=meeting, description="Write the plan", owner=person
        )
        agreement = f.AgreementFactory(system=system, title="Memorandum 2019")
        party = f.PartyFactory(agreement=agreement, organisation=organisation, signatory=person)
        workstream = f.WorkstreamFactory(plan=f.PlanFactory(system=system))
        milestone = f.MilestoneFactory(workstream=workstream, responsible_person=person)
        risk = f.RiskFactory(system=system, owner=person, title="Zebra shortage")
        route = f.EscalationRouteFactory(system=system)
        case = rf.EscalationCaseFactory(
            route=route, current_step=f.EscalationStepFactory(route=route)
        )
        _yesterday(
            person, committee, membership, meeting, decision, action, agreement, party,
            milestone, risk, case, organisation, organisation.partnerships.get(),
        )  # fmt: skip
        partner_services.person_update(
            actor=office, person=person, name=NEW_NAME, reason=f"Was {OLD_NAME}: married"
        )
    return {
        "person": person,
        "committee": committee,
        "meeting": meeting,
        "agreement": agreement,
        "organisation": organisation,
        "milestone": milestone,
        "risk": risk,
        "case": case,
    }


def _pages(system, world) -> list[str]:
    """Every page that can show itself as recorded on a date."""
    s = system.slug
    w = world
    return [
        reverse("milestones:milestone-list", args=[s]),
        reverse("milestones:milestone-detail", args=[s, w["milestone"].pk]),
        reverse("escalation:case-board", args=[s]),
        reverse("escalation:case-detail", args=[s, w["case"].pk]),
        reverse("escalation:risk-list", args=[s]),
        reverse("escalation:risk-detail", args=[s, w["risk"].pk]),
        reverse("governance:committee-list", args=[s]),
        reverse("governance:committee-detail", args=[s, w["committee"].pk]),
        reverse("governance:meeting-detail", args=[s, w["meeting"].pk]),
        reverse("governance:action-list", args=[s]),
        reverse("governance:agreement-list", args=[s]),
        reverse("governance:agreement-detail", args=[s, w["agreement"].pk]),
        reverse("partners:organisation-list", args=[s]),
        reverse("partners:organisation-detail", args=[s, w["organisation"].pk]),
        reverse("partners:person-list", args=[s]),
        reverse("partners:person-edit", args=[s, w["person"].pk]),
    ]


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def test_hostile_recorded_on_values_are_never_a_server_error(client, office, system, world):
    client.raise_request_exception = False
    client.force_login(office)
    # Days the page shows (each with every other parameter a page reads), then days refused.
    shown = ["1990-01-01", _day(-1), _day()]
    refused = [
        "1989-12-31",
        _day(1),
        "0001-01-01",
        "99999-01-01",
        "2019-5-1",
        "01/05/2019",
        "2019-05-01T00:00",
        "\uff12\uff10\uff11\uff19-05-01",
        "2019-02-29",
        "-2019-05-01",
        "2019-05-01\x00",
        "' OR 1=1 --",
        "x" * 5000,
    ]
    extras = [
        {},
        {"as_at": "2100-12-31"},
        {"as_at": "1990-01-01"},
        {"format": "csv", "page": "999999"},
        {"table": "history", "format": "csv"},
        {"table": "memberships", "format": "csv"},
        {"status": "withdrawn", "attention": "unsigned", "q": OLD_NAME},
    ]
    asked = [(v, e) for v in shown for e in extras] + [(v, {}) for v in refused]
    failures = []
    for url in _pages(system, world):
        for value, extra in asked:
            response = client.get(url, {"recorded_on": value, **extra})
            if response.status_code >= 500:
                failures.append(f"{url} {value[:20]!r} {extra}: {response.status_code}")
        repeated = f"{url}?recorded_on={_day(-1)}&recorded_on=garbage&recorded_on=1990-01-01"
        if client.get(repeated).status_code >= 500:
            failures.append(f"{repeated}: 500")
    assert failures == []


def test_no_page_as_recorded_offers_or_takes_a_change(client, office, system, world):
    client.force_login(office)
    for url in _pages(system, world):
        response = client.get(url, {"recorded_on": _day(-1)})
        assert response.status_code == 200, url
        page = _body(response)
        assert not re.search(r"<form[^>]*method=\"post\"[^>]*action=\"/s/", page, re.I), url
        assert not re.search(r'href="[^"]*/(edit|new|create|add|import)/"', page), url
        for method in ("post", "put", "patch", "delete"):
            answer = getattr(client, method)(f"{url}?recorded_on={_day(-1)}", {"name": "X"})
            assert answer.status_code == 405, (method, url)
    world["person"].refresh_from_db()
    assert world["person"].name == NEW_NAME


@pytest.mark.parametrize("who", [Role.PARTNER_LEAD, Role.CHAIR, Role.REGULATOR])
def test_no_lower_role_sees_a_change_offered_as_recorded(client, user_for, system, world, who):
    client.force_login(user_for(who))
    client.raise_request_exception = False
    for url in _pages(system, world):
        response = client.get(url, {"recorded_on": _day(-1)})
        if response.status_code != 200:
            continue
        page = _body(response)
        assert not re.search(r"<form[^>]*method=\"post\"[^>]*action=\"/s/", page, re.I), url


def test_another_systems_user_reads_nothing_as_recorded(
    client, system, other_system, outsider, world
):
    client.force_login(outsider)
    client.raise_request_exception = False
    for url in _pages(system, world):
        for day in (_day(-1), _day()):
            response = client.get(url, {"recorded_on": day})
            assert response.status_code == 404, url
            assert OLD_NAME not in _body(response) and "Joint Committee" not in _body(response)
    # Nor through their own system's address with this system's ids.
    o = other_system.slug
    for url in _pages(system, world):
        theirs = url.replace(f"/s/{system.slug}/", f"/s/{o}/", 1)
        response = client.get(theirs, {"recorded_on": _day(-1)})
        page = _body(response)
        assert OLD_NAME not in page and NEW_NAME not in page and "Joint Committee" not in page
        assert "Memorandum 2019" not in page and "Zebra shortage" not in page, theirs


def test_an_erased_persons_former_name_is_nowhere_as_recorded(client, office, system, world):
    """Erasure reads every name and address the person's history held, not only today's: a
    name they had before is theirs too, and the pages as recorded show what history holds."""
    person = world["person"]
    with scope([system]):
        privacy.person_erase(actor=office, person=person, reason="SAR-1", every_system=False)
    client.force_login(office)
    found = []
    for url in _pages(system, world):
        for query in ({"recorded_on": _day(-1)}, {"recorded_on": _day()}, {}):
            page = _body(client.get(url, query))
            for term in (OLD_NAME, NEW_NAME, OLD_EMAIL):
                if term in page:
                    found.append((url, query, term))
    assert found == []


def _grow(world, system, n: int, start: int = 0) -> None:
    """``n`` more of every part of each record page (each with its history), and changes."""
    committee, meeting, agreement = world["committee"], world["meeting"], world["agreement"]
    organisation = world["organisation"]
    with scope([system]):
        for i in range(start, start + n):
            person = f.PersonFactory(
                system=system, name=f"Grown {i}", organisation=f.OrganisationFactory()
            )
            f.PartnershipFactory(system=system, organisation=person.organisation)
            f.PersonFactory(system=system, name=f"Staff {i}", organisation=organisation)
            f.MembershipFactory(committee=committee, person=person)
            f.AttendanceFactory(meeting=meeting, person=person)
            f.MeetingFactory(committee=committee, held_on=date(2019, 6, 1 + i))
            rf.DecisionFactory(meeting=meeting)
            rf.ActionFactory(meeting=meeting, owner=person)
            rf.DelegationFactory(committee=committee, from_organisation=person.organisation)
            f.PartyFactory(agreement=agreement, organisation=person.organisation, signatory=person)
            commitment = rf.CommitmentFactory(agreement=agreement)
            rf.CommitmentOwnerFactory(commitment=commitment, organisation=person.organisation)
            rf.AgreementVersionFactory(agreement=agreement)
            milestone, risk, case = world["milestone"], world["risk"], world["case"]
            other = f.MilestoneFactory(workstream=milestone.workstream)
            rf.BaselineFactory(milestone=milestone, set_at=timezone.now() + timedelta(seconds=i))
            rf.ProgressUpdateFactory(milestone=milestone, month=date(2020, 1 + i, 1))
            rf.DependencyFactory(milestone=milestone, depends_on=other)
            rf.DependencyFactory(milestone=other, depends_on=milestone)
            rf.RiskMilestoneFactory(risk=risk, milestone=other)
            rf.RiskWorkstreamFactory(
                risk=risk, workstream=f.WorkstreamFactory(plan=milestone.workstream.plan)
            )
            rf.CaseEventFactory(case=case)
            records = (committee, meeting, agreement, world["person"], organisation)
            for record in (*records, milestone, risk, case):
                record.save()  # one more version in each record's history


@pytest.mark.parametrize(
    "name,key",
    [
        ("governance:committee-detail", "committee"),
        ("governance:meeting-detail", "meeting"),
        ("governance:agreement-detail", "agreement"),
        ("partners:organisation-detail", "organisation"),
        ("partners:person-edit", "person"),
        ("milestones:milestone-detail", "milestone"),
        ("escalation:risk-detail", "risk"),
        ("escalation:case-detail", "case"),
    ],
)
@pytest.mark.parametrize("query", [{"recorded_on": _day()}, {}], ids=["recorded", "now"])
def test_a_record_as_recorded_costs_the_same_queries_as_its_parts_grow(
    client, office, system, world, name, key, query
):
    client.force_login(office)
    url = reverse(name, args=[system.slug, world[key].pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, query).status_code == 200
        return len(queries)

    client.get(url)  # the first page of the session saves the system chosen in it
    _grow(world, system, 1)
    before = count()
    _grow(world, system, 4, start=1)
    assert count() == before


def test_every_filter_and_order_of_a_register_as_recorded_answers(client, office, system, world):
    """Each choice of each filter and sort of the registers, on history rows: never a 500."""
    from escalation.forms import RiskFilterForm
    from milestones.forms import MilestoneFilterForm

    client.raise_request_exception = False
    client.force_login(office)
    s = system.slug
    asked = {
        reverse("milestones:milestone-list", args=[s]): {
            "rag": ["red", "amber", "green", "complete", "undated", "blue"],
            "order": [value for value, _ in MilestoneFilterForm.base_fields["order"].choices],
            "withdrawn": ["include", "only"],
            "key": ["1"],
            "overdue": ["1"],
            "due_within": ["1", "3650"],
            "workstream": [str(world["milestone"].workstream_id)],
            "organisation": [str(world["organisation"].pk)],
        },
        reverse("escalation:risk-list", args=[s]): {
            name: [value for value, _ in field.choices if value != ""]
            for name, field in RiskFilterForm.base_fields.items()
        },
        reverse("escalation:case-board", args=[s]): {
            "status": ["open", "closed", "resolved"],
            "flagged": ["1", "0"],
            "closed": ["on"],
            "step": ["1", "2"],
            "route": [str(world["case"].route_id)],
            "page": ["2"],
        },
        reverse("governance:committee-list", args=[s]): {
            "order": ["name", "kind", "stage"],
            "kind": ["board", "committee"],
        },
        reverse("governance:action-list", args=[s]): {
            "status": ["open", "done", "cancelled", "withdrawn"],
            "overdue": ["yes"],
            "mine": ["yes"],
            "committee": [str(world["committee"].pk)],
            "owner": [str(world["person"].pk)],
        },
        reverse("governance:agreement-list", args=[s]): {"attention": ["expiring", "unsigned"]},
        reverse("partners:organisation-list", args=[s]): {"kind": ["ccg", "nhs_trust"]},
        reverse("partners:person-list", args=[s]): {"q": ["Mulder", "ORG", "%", "_"]},
    }
    failures = []
    for url, filters in asked.items():
        for name, values in filters.items():
            for value in values:
                for file_format in ("", "csv"):
                    query = {"recorded_on": _day(-1), name: value, "format": file_format}
                    response = client.get(url, query)
                    if response.status_code >= 500:
                        failures.append((url, name, value, file_format))
    assert failures == []


def test_a_history_through_the_api_shows_no_field_its_record_does_not(
    client, office, regulator, system, world
):
    """``history/`` lists the changes of the fields the endpoint shows: a person's e-mail
    address (and the account they sign in with) are the programme office's, not the API's."""
    person = world["person"]
    with scope([system]):
        partner_services.person_update(
            actor=office, person=person, email="walter.m@y.nhs.uk", reason="New address"
        )
    client.force_login(regulator)
    response = client.get(f"/api/v1/people/{person.pk}/history/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "walter.m@y.nhs.uk" not in text and OLD_EMAIL not in text
    assert "New address" in text  # the change itself is still listed
    names = {c["field"] for row in response.json() for c in row["changes"]}
    assert NEW_NAME in text and "Name" in names and "Email" not in names


def test_an_items_history_through_the_api_hides_its_part_b_versions(
    client, office, regulator, system, world
):
    """An item taken in private, then in public: who may not see part B reads its history
    from the public version on, never the titles it had while private."""
    from governance import services_papers
    from tests import meeting_factories as mf

    with scope([system]):
        item = mf.AgendaItemFactory(
            meeting=world["meeting"], title="Sale of the Zebra site", confidential=True
        )
        services_papers.item_update(
            actor=office, item=item, title="Estates update", reason="Now public"
        )
        services_papers.item_update(actor=office, item=item, confidential=False, reason="Public")
    client.force_login(regulator)
    response = client.get(f"/api/v1/agenda-items/{item.pk}/history/")
    assert response.status_code == 200
    assert "Zebra" not in response.content.decode()
    # The programme office (who reads part B) reads every version.
    with scope([system]):
        every = confidential.readable_versions(office, item, item.history.all(), own=True)
        assert every.count() == 3
        assert confidential.readable_versions(regulator, item, item.history.all()).count() == 1


def test_every_endpoints_history_names_the_fields_it_shows():
    """Each endpoint's ``history/`` knows which fields it shows (its serializer's own)."""
    from config.api import router

    shown = {}
    for prefix, viewset, _ in router.registry:
        view = viewset(action="history", format_kwarg=None, kwargs={})
        view.request = None
        fields = view.history_fields()
        assert "id" in fields, prefix
        shown[prefix] = fields
    # A part shown nested (``source="*"``: a quorum rule, a response) is the record's own.
    assert "quorum_minimum_total" in shown["terms-of-reference"]
    assert "response_reasons" in shown["escalation-cases"]
    assert not {"email", "user"} & shown["people"]


def test_the_changes_feed_names_no_part_b_record_to_who_may_not_see_it(
    client, office, regulator, system, world
):
    """``changes/`` lists what changed by id; a confidential item, its papers and declarations
    do not exist for a regulator (404), so the feed does not name them either."""
    from tests import meeting_factories as mf

    with scope([system]):
        private = mf.AgendaItemFactory(meeting=world["meeting"], confidential=True)
        public = mf.AgendaItemFactory(meeting=world["meeting"], confidential=False)
        paper = mf.PaperFactory(item=private)
        open_paper = mf.PaperFactory(item=public)
    client.force_login(regulator)
    feed = client.get("/api/v1/changes/", {"since": "2000-01-01T00:00Z"}).json()["results"]
    named = {(row["model"], row["id"]) for row in feed}
    assert ("governance.agendaitem", public.pk) in named
    assert ("governance.paper", open_paper.pk) in named
    assert ("governance.agendaitem", private.pk) not in named
    assert ("governance.paper", paper.pk) not in named
    assert client.get(f"/api/v1/agenda-items/{private.pk}/").status_code == 404
