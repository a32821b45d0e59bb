"""The milestone list's filters, RAG summary, sorting and pages."""

from datetime import timedelta

import pytest

from milestones import services
from milestones.tests.page_helpers import TODAY, url
from tests import factories

pytestmark = pytest.mark.django_db


# The list's filters and sorting ---------------------------------------------------------------


@pytest.fixture
def spread(workstream, office, organisation, partner, in_scope):
    """One milestone of each kind the dashboard links to."""
    other = factories.WorkstreamFactory(plan=workstream.plan, code="D", name="Digital")

    def make(title, baseline, **fields):
        return services.milestone_create(
            actor=office,
            workstream=fields.pop("workstream", workstream),
            title=title,
            baseline_on=baseline,
            **fields,
        )

    overdue = make("Overdue one", TODAY - timedelta(days=10), responsible_organisation=partner)
    soon = make("Due soon", TODAY + timedelta(days=20), is_key=True, workstream=other)
    later = make("Due later", TODAY + timedelta(days=200), responsible_organisation=organisation)
    done = make("Done already", TODAY - timedelta(days=40))
    services.progress_update_record(
        actor=office,
        milestone=done,
        month=TODAY,
        narrative="Done",
        completed_on=TODAY - timedelta(days=41),
    )
    slipping = make("Slipping", TODAY + timedelta(days=40))
    services.progress_update_record(
        actor=office,
        milestone=slipping,
        month=TODAY,
        narrative="Late",
        forecast_on=TODAY + timedelta(days=50),
    )
    return {
        "overdue": overdue,
        "soon": soon,
        "later": later,
        "done": done,
        "slipping": slipping,
        "other": other,
    }


def titles(response) -> list[str]:
    return [row.milestone.title for row in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"rag": "red"}, ["Overdue one"]),
        ({"rag": "amber"}, ["Slipping"]),
        ({"rag": "complete"}, ["Done already"]),
        ({"rag": "green"}, ["Due soon", "Due later"]),
        ({"overdue": "1"}, ["Overdue one"]),
        ({"key": "1"}, ["Due soon"]),
        ({"due_within": "30"}, ["Due soon"]),
        ({"due_within": "60"}, ["Due soon", "Slipping"]),
        ({"rag": "green", "key": "1"}, ["Due soon"]),
    ],
)
def test_list_filters(client, office, system, spread, params, expected):
    client.force_login(office)
    assert titles(client.get(url(system, "milestone-list"), params)) == expected


def test_list_filters_by_workstream_and_organisation(client, office, system, spread, partner):
    client.force_login(office)
    list_url = url(system, "milestone-list")
    assert titles(client.get(list_url, {"workstream": spread["other"].pk})) == ["Due soon"]
    assert titles(client.get(list_url, {"organisation": partner.pk})) == ["Overdue one"]
    # A partner responsible for nothing is a valid choice with no milestones (not "all").
    idle = factories.OrganisationFactory(name="Alpha Healthwatch", kind="healthwatch")
    factories.PartnershipFactory(system=system, organisation=idle)
    response = client.get(list_url, {"organisation": idle.pk})
    assert titles(response) == []
    assert 'id="id_organisation-error"' not in response.content.decode()


def test_rag_summary_counts_the_filtered_milestones(client, office, system, spread):
    client.force_login(office)
    response = client.get(url(system, "milestone-list"), {"rag": "red"})
    assert dict(response.context["counts"]) == {
        "complete": 1,
        "green": 2,
        "amber": 1,
        "red": 1,
    }
    page = response.content.decode()
    assert "?rag=amber" in page  # each count links to its filter


def test_list_sorts(client, office, system, spread):
    client.force_login(office)
    list_url = url(system, "milestone-list")
    assert titles(client.get(list_url, {"order": "title"}))[:2] == ["Done already", "Due later"]
    assert titles(client.get(list_url, {"order": "-slippage"}))[0] == "Slipping"
    assert titles(client.get(list_url, {"order": "baseline"}))[0] == "Done already"
    assert titles(client.get(list_url, {"order": "-forecast"}))[0] == "Due later"


def test_a_bad_filter_is_reported_and_ignored(client, office, system, spread):
    client.force_login(office)
    response = client.get(url(system, "milestone-list"), {"workstream": "999999", "key": "1"})
    assert response.status_code == 200
    assert titles(response) == ["Due soon"]  # key=1 still applies
    assert 'id="id_workstream-error"' in response.content.decode()
    response = client.get(url(system, "milestone-list"), {"order": "drop table"})
    assert response.status_code == 200


def test_list_paginates(client, office, system, workstream, in_scope):
    for n in range(27):
        services.milestone_create(
            actor=office,
            workstream=workstream,
            title=f"Milestone {n:02}",
            baseline_on=TODAY + timedelta(days=n),
        )
    client.force_login(office)
    first = client.get(url(system, "milestone-list"))
    assert len(first.context["page"].object_list) == 25
    second = client.get(url(system, "milestone-list"), {"page": 2})
    assert titles(second) == ["Milestone 25", "Milestone 26"]
