"""Committees, decisions, actions, agreements, people and organisations as recorded on a past
date (core.as_recorded, ``?recorded_on=``): each register and record page shows the values the
history held that day, read-only, with its timeline of changes and who made them; a record
withdrawn since shows as it was, one created since is not there; the registers' queries do not
grow with their rows."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.scoping import scope
from governance import services
from partners import services as partner_services
from tests import factories
from tests.recorded_days import day as _day
from tests.recorded_days import recorded_yesterday as _yesterday

pytestmark = pytest.mark.django_db


def _get(client, name, system, *args, **params):
    return client.get(reverse(name, args=[system.slug, *args]), params)


@pytest.fixture
def world(office, system, organisation):
    """One record of each kind recorded yesterday and changed (or withdrawn) today, and one of
    each added today."""
    with scope([system]):
        person = factories.PersonFactory(system=system, name="Jo Bloggs", organisation=organisation)
        committee = factories.CommitteeFactory(system=system, name="Joint Committee")
        terms = factories.TermsOfReferenceFactory(committee=committee, quorum_minimum_total=3)
        meeting = factories.MeetingFactory(committee=committee, held_on=date(2019, 5, 1))
        decision = services.decision_record(
            actor=office, meeting=meeting, title="Approve the plan", reference="D1"
        )
        kept, dropped = (
            services.action_create(actor=office, meeting=meeting, description=text, owner=person)
            for text in ("Write the plan", "Book the room")
        )
        agreement = factories.AgreementFactory(system=system, title="Memorandum 2019")
        party = factories.PartyFactory(agreement=agreement, organisation=organisation)
        partnership = organisation.partnerships.get()
        _yesterday(
            person, committee, terms, meeting, decision, kept, dropped, agreement, party,
            organisation, partnership,
        )  # fmt: skip
        services.committee_update(actor=office, committee=committee, name="Joint Board")
        services.decision_update(
            actor=office, decision=decision, title="Approve the revised plan", reason="Typo"
        )
        services.action_update(
            actor=office, action=kept, description="Write the revised plan", reason="Scope"
        )
        services.action_withdraw(actor=office, action=dropped, reason="Recorded in error")
        services.agreement_update(
            actor=office, agreement=agreement, title="Memorandum 2020", reason="Renewed"
        )
        partner_services.person_update(actor=office, person=person, name="Jo Smith")
        partner_services.organisation_update(
            actor=office, organisation=organisation, name="Alpha Hospitals NHS Trust"
        )
        partner_services.partnership_update(
            actor=office, partnership=partnership, role="Lead provider"
        )
        _added_today(office, system, meeting)
    return {
        "person": person,
        "committee": committee,
        "meeting": meeting,
        "decision": decision,
        "action": kept,
        "agreement": agreement,
        "organisation": organisation,
    }


def _added_today(office, system, meeting, n=1, tag="") -> None:
    """``n`` records of each kind, first recorded today."""
    for i in (f"{tag}{i}" for i in range(n)):
        factories.CommitteeFactory(system=system, name=f"Added today {i}")
        factories.TermsOfReferenceFactory(committee=factories.CommitteeFactory(system=system))
        services.decision_record(actor=office, meeting=meeting, title=f"Added today {i}")
        services.action_create(actor=office, meeting=meeting, description=f"Added today {i}")
        factories.PartyFactory(
            agreement=factories.AgreementFactory(system=system, title=f"Added today {i}")
        )
        factories.PersonFactory(system=system, name=f"Added Today {i}")
        factories.PartnershipFactory(
            system=system, organisation=factories.OrganisationFactory(name=f"Added today {i}")
        )


def _read_only(page: str) -> None:
    assert "As recorded on" in page and "read-only" in page
    assert "This is not the reporting date" in page
    assert not re.search(r'<form method="post" action="/s/', page)  # the header's sign-out aside


def test_committees_as_recorded_yesterday(client, office, system, world):
    client.force_login(office)
    register = _get(client, "governance:committee-list", system, recorded_on=_day(-1))
    assert [c.name for c, _ in register.context["rows"]] == ["Joint Committee"]
    page = register.content.decode()
    _read_only(page)
    assert "Add a committee" not in page and "Import members" not in page
    pk = world["committee"].pk
    assert f'{pk}/?recorded_on={_day(-1)}">Joint Committee' in page
    then = _get(client, "governance:committee-detail", system, pk, recorded_on=_day(-1))
    assert then.context["committee"].name == "Joint Committee"
    assert then.context["terms_today"].quorum_minimum_total == 3
    _read_only(then.content.decode())
    assert "Stand down" not in then.content.decode()
    assert then.context["history_later"] == 1
    now = _get(client, "governance:committee-detail", system, pk)
    assert now.context["committee"].name == "Joint Board"
    change = now.context["history"][0]
    assert change.who == "alice"
    assert ("Name", "Joint Committee", "Joint Board") in {
        (c.field, c.old_shown, c.new_shown) for c in change.changes
    }


def test_decisions_and_actions_on_their_meeting_as_recorded_yesterday(
    client, office, system, world
):
    client.force_login(office)
    pk = world["meeting"].pk
    then = _get(client, "governance:meeting-detail", system, pk, recorded_on=_day(-1))
    meeting = then.context["meeting"]
    assert [d.title for d in meeting.decisions.all()] == ["Approve the plan"]
    # The action withdrawn today stands as it was; the one added today is not there.
    assert sorted((a.description, a.withdrawn_on) for a, _ in then.context["actions"]) == [
        ("Book the room", None),
        ("Write the plan", None),
    ]
    page = then.content.decode()
    _read_only(page)
    assert "Add decision" not in page and "Mark done" not in page and "Correct" not in page
    # The timeline to that day: the decision's and actions' creations, by whom.
    kinds = [row.kind for row in then.context["history"]]
    assert "Created: decision D1" in kinds and then.context["history_later"] == 5
    now = _get(client, "governance:meeting-detail", system, pk)
    latest = {row.kind: row for row in now.context["history"]}
    assert latest["Changed: decision D1"].who == "alice"
    assert latest["Changed: decision D1"].reason == "Typo"


def test_the_action_log_as_recorded_yesterday(client, regulator, system, world):
    client.force_login(regulator)
    then = _get(client, "governance:action-list", system, recorded_on=_day(-1))
    assert sorted(a.description for a, _ in then.context["rows"]) == [
        "Book the room",
        "Write the plan",
    ]
    assert f"?recorded_on={_day(-1)}#action-{world['action'].pk}" in then.content.decode()
    withdrawn = _get(
        client, "governance:action-list", system, recorded_on=_day(-1), status="withdrawn"
    )
    assert list(withdrawn.context["rows"]) == []
    now = _get(client, "governance:action-list", system)
    assert "Book the room" not in {a.description for a, _ in now.context["rows"]}
    csv = _get(client, "governance:action-list", system, recorded_on=_day(-1), format="csv")
    text = b"".join(csv.streaming_content).decode()
    assert "Write the plan" in text and "revised" not in text and "Added today" not in text


def test_agreements_as_recorded_yesterday(client, regulator, system, world):
    client.force_login(regulator)
    register = _get(client, "governance:agreement-list", system, recorded_on=_day(-1))
    assert [a.title for a in register.context["page"]] == ["Memorandum 2019"]
    unsigned = _get(
        client, "governance:agreement-list", system, recorded_on=_day(-1), attention="unsigned"
    )
    assert [a.title for a in unsigned.context["page"]] == ["Memorandum 2019"]
    pk = world["agreement"].pk
    then = _get(client, "governance:agreement-detail", system, pk, recorded_on=_day(-1))
    assert then.context["agreement"].title == "Memorandum 2019"
    assert [p.organisation_id for p in then.context["agreement"].parties.all()] == [
        world["organisation"].pk
    ]
    _read_only(then.content.decode())
    assert _get(client, "governance:agreement-detail", system, pk).context["agreement"].title == (
        "Memorandum 2020"
    )


def test_people_as_recorded_yesterday(client, office, system, world):
    client.force_login(office)
    register = _get(client, "partners:person-list", system, recorded_on=_day(-1))
    assert [p.name for p in register.context["page"]] == ["Jo Bloggs"]
    page = register.content.decode()
    assert "Add a person" not in page and "Change" not in page
    pk = world["person"].pk
    then = _get(client, "partners:person-edit", system, pk, recorded_on=_day(-1))
    assert then.context["person"].name == "Jo Bloggs"
    _read_only(then.content.decode())
    assert "Save changes" not in then.content.decode()
    now = _get(client, "partners:person-edit", system, pk)
    assert (now.context["history"][0].who, now.context["person"].name) == ("alice", "Jo Smith")


def test_organisations_as_recorded_yesterday(client, chair, system, world):
    client.force_login(chair)
    register = _get(client, "partners:organisation-list", system, recorded_on=_day(-1))
    assert [(p.organisation.name, p.role) for p in register.context["page"]] == [
        ("Alpha Hospital NHS Foundation Trust", "Partner")
    ]
    pk = world["organisation"].pk
    then = _get(client, "partners:organisation-detail", system, pk, recorded_on=_day(-1))
    assert then.context["organisation"].name == "Alpha Hospital NHS Foundation Trust"
    assert [p.name for p in then.context["people"]] == ["Jo Bloggs"]
    _read_only(then.content.decode())
    assert then.context["history_later"] == 2
    now = _get(client, "partners:organisation-detail", system, pk)
    assert now.context["partnership"].role == "Lead provider"


@pytest.mark.parametrize(
    "name",
    [
        "governance:committee-detail",
        "governance:agreement-detail",
        "partners:organisation-detail",
        "partners:person-edit",
    ],
)
def test_a_record_first_recorded_today_is_not_found_yesterday(client, office, system, name):
    client.force_login(office)
    with scope([system]):
        kinds = {
            "governance:committee-detail": factories.CommitteeFactory,
            "governance:agreement-detail": factories.AgreementFactory,
            "partners:person-edit": factories.PersonFactory,
        }
        if name == "partners:organisation-detail":
            record = factories.PartnershipFactory(system=system).organisation
        else:
            record = kinds[name](system=system)
    response = _get(client, name, system, record.pk, recorded_on=_day(-1))
    assert response.status_code == 404
    assert "was not yet recorded on" in response.content.decode()


def test_another_systems_record_stays_not_found_as_recorded(client, office, system, other_system):
    with scope([other_system]):
        committee = factories.CommitteeFactory(system=other_system)
        agreement = factories.AgreementFactory(system=other_system)
    client.force_login(office)
    for name, pk in [
        ("governance:committee-detail", committee.pk),
        ("governance:agreement-detail", agreement.pk),
    ]:
        response = _get(client, name, system, pk, recorded_on=_day())
        assert response.status_code == 404
        assert "not yet recorded" not in response.content.decode()


@pytest.mark.parametrize("value", ["last week", "2026-02-30", _day(1)])
def test_a_bad_or_future_date_is_a_400_naming_the_parameter(client, office, system, value):
    client.force_login(office)
    response = _get(client, "governance:committee-list", system, recorded_on=value)
    assert response.status_code == 400
    assert "recorded_on" in response.content.decode()


# Each register's queries as recorded: the session, the user, their accesses, the system and
# the header's systems (5), the rows' count and the page's rows (each its latest version by the
# day), and what the page shows with them, one query each however many rows.
REGISTERS = {
    "governance:committee-list": 5 + 2 + 2,  # their terms, the terms' quorum rules
    "governance:action-list": 5 + 2 + 3,  # the filter's committees and owners; "my actions"
    "governance:agreement-list": 5 + 2 + 1,  # their parties
    "partners:person-list": 5 + 2,
    "partners:organisation-list": 5 + 2 + 2,  # the organisations as recorded; the filter's kinds
}


@pytest.mark.parametrize(("name", "expected"), REGISTERS.items())
def test_a_register_as_recorded_costs_the_same_queries_as_it_grows(
    client, office, system, world, name, expected
):
    client.force_login(office)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert _get(client, name, system, recorded_on=_day()).status_code == 200
        return len(queries)

    _get(client, name, system)  # the first page of the session saves the system chosen in it
    assert count() == expected
    with scope([system]):
        _added_today(office, system, world["meeting"], n=4, tag="more ")
    assert count() == expected
