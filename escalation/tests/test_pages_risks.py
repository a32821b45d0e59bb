"""The risk register: the heat map, filters, paging, links and what it costs."""

import pytest

from escalation import services
from tests import factories

pytestmark = pytest.mark.django_db


# Risks -----------------------------------------------------------------------------------------


def test_heat_map_counts_open_risks_and_links_to_the_cell(client, office, system):
    factories.RiskFactory(system=system, reference="R1", likelihood=5, impact=5)
    factories.RiskFactory(system=system, reference="R2", likelihood=5, impact=5)
    factories.RiskFactory(system=system, reference="R3", likelihood=2, impact=1)
    factories.RiskFactory(system=system, reference="R4", likelihood=5, impact=5, status="closed")
    factories.RiskFactory(system=system, reference="R5", likelihood=None, impact=None)
    client.force_login(office)
    response = client.get(f"/s/{system.slug}/risks/")
    heat_map = response.context["heat_map"]
    top = heat_map.rows[0]
    assert top["likelihood"] == 5
    assert [(c["count"], c["rating"]) for c in top["cells"]][4] == (2, "extreme")
    assert heat_map.rows[3]["cells"][0]["count"] == 1  # likelihood 2, impact 1
    assert heat_map.rows[3]["cells"][0]["rating"] == "low"
    assert heat_map.unscored == 1
    page = response.content.decode()
    assert "?likelihood=5&amp;impact=5&amp;status=open" in page
    assert "app-heatmap__extreme" in page
    assert "Not rated" in page
    cell = client.get(f"/s/{system.slug}/risks/?likelihood=5&impact=5&status=open")
    assert [r.reference for r, _ in cell.context["rows"]] == ["R1", "R2"]


def test_risk_filters_and_sorting(client, office, system):
    factories.RiskFactory(system=system, reference="R1", likelihood=1, impact=2)  # 2 low
    factories.RiskFactory(
        system=system, reference="R2", likelihood=3, impact=4, category="financial"
    )  # 12 high
    factories.RiskFactory(system=system, reference="R3", likelihood=5, impact=4)  # 20 extreme
    factories.RiskFactory(system=system, reference="R4", likelihood=None, impact=3)
    client.force_login(office)
    base = f"/s/{system.slug}/risks/"

    def refs(query: str) -> list[str]:
        return [r.reference for r, _ in client.get(base + query).context["rows"]]

    assert refs("?order=-score") == ["R3", "R2", "R1", "R4"]
    assert refs("?order=score") == ["R1", "R2", "R3", "R4"]
    assert refs("?order=-reference") == ["R4", "R3", "R2", "R1"]
    assert refs("?order=nonsense") == ["R1", "R2", "R3", "R4"]
    assert refs("?rating=high") == ["R2"]
    assert refs("?rating=unscored") == ["R4"]
    assert refs("?category=financial") == ["R2"]
    assert refs("?likelihood=5&impact=4") == ["R3"]
    page = client.get(base + "?order=-score").content.decode()
    assert 'aria-sort="descending"' in page


def test_risk_list_is_paginated(client, office, system):
    for n in range(30):
        factories.RiskFactory(system=system, reference=f"R{n:02d}")
    client.force_login(office)
    first = client.get(f"/s/{system.slug}/risks/?category=operational")
    assert len(first.context["rows"]) == 25
    assert "category=operational&amp;page=2" in first.content.decode()
    second = client.get(f"/s/{system.slug}/risks/?category=operational&page=2")
    assert len(second.context["rows"]) == 5


def test_references_sort_by_their_number(client, office, system, in_scope):
    for reference in ("R10", "R2", "R1", "R17"):
        factories.RiskFactory(system=system, reference=reference)
    client.force_login(office)
    rows = client.get(f"/s/{system.slug}/risks/").context["rows"]
    assert [r.reference for r, _ in rows] == ["R1", "R2", "R10", "R17"]
    rows = client.get(f"/s/{system.slug}/risks/?order=-reference").context["rows"]
    assert [r.reference for r, _ in rows] == ["R17", "R10", "R2", "R1"]


@pytest.mark.parametrize("count", [2, 20])
def test_risk_list_queries_do_not_grow_with_risks(
    client, office, system, organisation, count, django_assert_num_queries
):
    owner = factories.PersonFactory(system=system, organisation=organisation)
    for n in range(count):
        factories.RiskFactory(
            system=system,
            owner=owner if n % 2 else None,
            owner_organisation=organisation,
            likelihood=n % 5 + 1,
            impact=(n * 2) % 5 + 1,
        )
    client.force_login(office)
    # 1 session, 2 user, 3 accesses, 4 system, 5 risks counted (paginator), 6 one page of risks
    # with owner, owner's organisation and sortable score, 7 the heat map's counts by likelihood
    # and impact, 8 the header's system switcher, 9-11 savepoint, session update, release.
    with django_assert_num_queries(11):
        response = client.get(f"/s/{system.slug}/risks/?order=-score")
    assert response.status_code == 200


def test_risk_detail_shows_links_and_history(client, office, system, in_scope):
    workstream = factories.WorkstreamFactory(
        plan=factories.PlanFactory(system=system), code="B", name="Urgent care"
    )
    milestone = factories.MilestoneFactory(workstream=workstream, title="Hub open")
    risk = services.risk_create(
        actor=office,
        system=system,
        reference="R9",
        title="Winter pressures",
        category="operational",
        likelihood=4,
        impact=4,
        workstreams=[workstream],
        milestones=[milestone],
    )
    services.risk_update(actor=office, risk=risk, mitigations="Bank staff")
    client.force_login(office)
    page = client.get(f"/s/{system.slug}/risks/{risk.pk}/").content.decode()
    for text in ("B. Urgent care", "Hub open", "Bank staff", "History of changes", "Extreme (16)"):
        assert text in page, text
