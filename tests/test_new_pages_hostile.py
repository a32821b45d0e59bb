"""The new pages (the systems overview and its API, cases at my step, what changed, the search,
as recorded on a date, a person's data) answer a bad parameter with a 4xx naming it, never a
server error, and answer nobody signed out."""

import pytest
from django.urls import reverse

from tests import factories as f
from tests import record_factories as rf
from tests.test_hostile_parameters import HOSTILE

pytestmark = pytest.mark.usefixtures("no_scope")

MORE = ["2026-02-30", "9999-12-31", "99999999", "-name\x00", "zzz", "", " "]


@pytest.fixture
def world(system):
    workstream = f.WorkstreamFactory(plan=f.PlanFactory(system=system))
    route = f.EscalationRouteFactory(system=system)
    return {
        "milestone": f.MilestoneFactory(workstream=workstream, title="Open beds"),
        "risk": f.RiskFactory(system=system, title="Workforce"),
        "case": rf.EscalationCaseFactory(
            route=route, current_step=f.EscalationStepFactory(route=route)
        ),
        "person": f.PersonFactory(system=system, name="Walter Skinner"),
    }


def _pages(system, world) -> dict[str, list[str]]:
    s = system.slug
    return {
        reverse("reports:overview"): ["as_at", "region", "stage", "order", "format"],
        reverse("reports:cases-at-my-step"): ["as_at", "format"],
        reverse("api:overview-list"): [
            "as_at",
            "region",
            "stage",
            "system",
            "ordering",
            "cursor",
            "page_size",
        ],
        reverse("api:overview-detail", args=[system.pk]): ["as_at"],
        reverse("reports:changes", args=[s]): ["from", "to", "as_at", "format"],
        reverse("search:everywhere"): ["q", "kind", "page"],
        reverse("search:system", args=[s]): ["q", "kind", "page"],
        reverse("milestones:milestone-list", args=[s]): ["recorded_on", "as_at", "page", "order"],
        reverse("milestones:milestone-detail", args=[s, world["milestone"].pk]): [
            "recorded_on",
            "history",
        ],
        reverse("escalation:risk-list", args=[s]): ["recorded_on", "page", "order"],
        reverse("escalation:risk-detail", args=[s, world["risk"].pk]): ["recorded_on"],
        reverse("escalation:case-board", args=[s]): ["recorded_on", "page"],
        reverse("escalation:case-detail", args=[s, world["case"].pk]): ["recorded_on"],
        reverse("partners:person-data", args=[s, world["person"].pk]): ["recorded_on"],
        reverse("partners:person-erase", args=[s, world["person"].pk]): ["recorded_on"],
    }


def test_no_new_page_fails_on_a_bad_parameter(client, office, system, world):
    client.raise_request_exception = False
    client.force_login(office)
    failures = []
    for url, names in _pages(system, world).items():
        for name in names:
            for value in [*HOSTILE, *MORE]:
                response = client.get(url, {name: value})
                if response.status_code >= 500:
                    failures.append(f"{url}?{name}={value[:20]!r}: {response.status_code}")
    assert failures == []


def test_a_huge_page_number_and_a_date_to_come_are_a_400_naming_them(client, office, system, world):
    client.force_login(office)
    s = system.slug
    asked = [
        (reverse("search:everywhere"), {"q": "beds", "page": "99999999999"}, "page"),
        (
            reverse("milestones:milestone-list", args=[s]),
            {"recorded_on": "2026-02-30"},
            "recorded_on",
        ),
        (
            reverse("milestones:milestone-list", args=[s]),
            {"recorded_on": "9999-12-31"},
            "recorded_on",
        ),
        (reverse("reports:overview"), {"as_at": "2026-02-30"}, "as_at"),
        (reverse("reports:overview"), {"order": "password"}, "order"),
        (reverse("reports:changes", args=[s]), {"from": "2026-02-30"}, "from"),
    ]
    for url, query, name in asked:
        response = client.get(url, query)
        assert response.status_code == 400, (url, query, response.status_code)
        assert name in response.content.decode(), (url, query)


def test_nobody_signed_out_reads_the_new_pages(client, system, world):
    client.raise_request_exception = False
    for url in _pages(system, world):
        response = client.get(url, {"q": "Skinner"})
        assert response.status_code in (302, 401, 403, 404), url
        assert b"Skinner" not in response.content and b"Open beds" not in response.content


def test_as_recorded_pages_change_nothing(client, office, system, world):
    client.raise_request_exception = False
    client.force_login(office)
    s = system.slug
    milestone, risk = world["milestone"], world["risk"]
    for url in (
        reverse("milestones:milestone-detail", args=[s, milestone.pk]),
        reverse("escalation:risk-detail", args=[s, risk.pk]),
        reverse("milestones:milestone-list", args=[s]),
    ):
        response = client.post(f"{url}?recorded_on=2020-01-01", {"title": "Changed"})
        assert response.status_code == 405, url
    milestone.refresh_from_db()
    risk.refresh_from_db()
    assert (milestone.title, risk.title) == ("Open beds", "Workforce")


def test_a_nul_byte_in_a_personal_data_reason_is_refused_clearly(client, office, system, world):
    client.raise_request_exception = False
    client.force_login(office)
    person = world["person"]
    for page in ("personal-data", "erase"):
        url = f"/s/{system.slug}/people/{person.pk}/{page}/"
        response = client.post(url, {"reason": "SAR\x00-9", "confirm": "on"})
        assert 400 <= response.status_code < 500 or response.status_code == 200, page
    person.refresh_from_db()
    assert person.name == "Walter Skinner"


def test_search_words_that_are_query_syntax_are_only_words(client, office, system, world):
    client.raise_request_exception = False
    client.force_login(office)
    for q in ('"beds', "-", "or", "beds:*", "!!", "<->", "a & | b", "(", "\\", "'", "%_%"):
        for url in ("/search/", f"/s/{system.slug}/search/"):
            assert client.get(url, {"q": q}).status_code == 200, (url, q)
