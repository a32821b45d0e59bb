"""Search never shows another system's record: a unique word is planted in a record of every
searchable kind in both test systems (and in an organisation they share), and every role finds
exactly its own system's, on the page and on both engines, and never the other's."""

import pytest
from django.db import connection
from django.urls import reverse

from core import search
from core.scoping import SystemScopedManager
from tests import factories as f
from tests import record_factories as rf
from tests.permissions.roles import OUTSIDER, ROLES

pytestmark = pytest.mark.django_db
WORD = "Quizzacious"
ENGINES = [
    pytest.param(
        True,
        id="full-text",
        marks=pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    ),
    pytest.param(False, id="fallback"),
]


def _plant(system, shared) -> set[tuple[str, int]]:
    """A record of every searchable kind in the system with the word; their (kind, pk)."""
    name = system.short_name
    organisation = f.OrganisationFactory(name=f"{name} {WORD} Trust")
    partnership = f.PartnershipFactory(system=system, organisation=organisation)
    shared_partnership = f.PartnershipFactory(system=system, organisation=shared)
    committee = f.CommitteeFactory(system=system, name=f"{name} {WORD} Committee")
    meeting = f.MeetingFactory(committee=committee)
    workstream = f.WorkstreamFactory(plan=f.PlanFactory(system=system))
    route = f.EscalationRouteFactory(system=system)
    records = {
        "organisation": partnership,
        "person": f.PersonFactory(system=system, name=f"Pat {WORD}"),
        "committee": committee,
        "decision": rf.DecisionFactory(meeting=meeting, title=f"{name} {WORD} decision"),
        "action": rf.ActionFactory(meeting=meeting, description=f"Write the {WORD} plan"),
        "agreement": f.AgreementFactory(system=system, title=f"{name} {WORD} agreement"),
        "milestone": f.MilestoneFactory(workstream=workstream, title=f"{WORD} milestone"),
        "risk": f.RiskFactory(system=system, title=f"{WORD} risk"),
        "case": rf.EscalationCaseFactory(
            route=route,
            current_step=f.EscalationStepFactory(route=route),
            subject_text=f"{WORD} delivery",
        ),
    }
    assert set(records) == {kind.slug for kind in search.kinds()}, "plant every kind"
    return {(kind, record.pk) for kind, record in records.items()} | {
        ("organisation", shared_partnership.pk)
    }


@pytest.fixture
def planted(system, other_system):
    shared = f.OrganisationFactory(name=f"NHS {WORD} Region", short_name="NHSQ")
    return {"own": _plant(system, shared), "other": _plant(other_system, shared)}


def _sides(who) -> tuple[str, str]:
    return ("other", "own") if who == OUTSIDER else ("own", "other")


@pytest.mark.parametrize("full_text", ENGINES)
@pytest.mark.parametrize("who", [*ROLES, OUTSIDER])
def test_every_role_finds_its_own_systems_records_only(user_for, planted, who, full_text):
    mine, theirs = _sides(who)
    rows = search.search(user_for(who), WORD, full_text=full_text)
    found = {(row[0], row[1]) for row in rows}
    assert found == planted[mine]
    assert not found & planted[theirs]


@pytest.mark.parametrize("who", [*ROLES, OUTSIDER])
def test_no_search_page_shows_another_systems_record(
    client_for, planted, system, other_system, who
):
    mine, _ = _sides(who)
    own, other = (other_system, system) if who == OUTSIDER else (system, other_system)
    client = client_for(who)
    for url in (reverse("search:everywhere"), reverse("search:system", args=[own.slug])):
        response = client.get(url, {"q": WORD})
        assert response.status_code == 200
        hits = response.context["hits"]
        assert {(hit.kind.slug, hit.pk) for hit in hits} == planted[mine]
        assert {hit.system_slug for hit in hits} == {own.slug}
        body = response.content.decode()
        assert other.short_name not in body and f"/s/{other.slug}/" not in body
    # Every hit's link opens its record, for every role (at the record's anchor, if any).
    for hit in hits:
        address, _, anchor = hit.url.partition("#")
        page = client.get(address)
        assert page.status_code == 200, hit.url
        assert not anchor or f'id="{anchor}"' in page.content.decode(), hit.url
    # Another system's search page is not found, never forbidden.
    response = client.get(reverse("search:system", args=[other.slug]), {"q": WORD})
    assert response.status_code == 404


def test_one_systems_search_leaves_out_the_others_it_may_see(
    client, office, system, other_system, planted
):
    rf.AccessFactory(user=office, system=other_system, role="programme_office")
    client.force_login(office)
    both = client.get(reverse("search:everywhere"), {"q": WORD}).context["hits"]
    assert {hit.system_slug for hit in both} == {system.slug, other_system.slug}
    one = client.get(reverse("search:system", args=[system.slug]), {"q": WORD}).context["hits"]
    assert {(hit.kind.slug, hit.pk) for hit in one} == planted["own"]
    shared = [hit for hit in one if hit.title == f"NHS {WORD} Region"]
    assert [hit.url for hit in shared] == [
        reverse("partners:organisation-detail", args=[system.slug, shared[0].key])
    ]


def test_every_searchable_kind_is_read_through_the_system_scope():
    # core.authz.scoped filters a system-owned model by its system; a model shared by systems
    # (an organisation) is searched through the record that ties it to one (a partnership).
    for kind in search.kinds():
        assert isinstance(kind.model_class()._default_manager, SystemScopedManager), kind.slug
