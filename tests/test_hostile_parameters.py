"""Hostile query parameters on every page and every API list: a 4xx naming the parameter, or
the value ignored where ignoring it is harmless, never a server error.

Run on PostgreSQL too (DATABASE_URL): NUL bytes and integers past bigint fail only there."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from config.api import router
from core.scoping import unscoped
from partners.models import System

HOSTILE = [
    "2019-02-30",
    "\u0661\u0662",  # Arabic-Indic 12: Python's int() reads them, the database does not
    "\u0662\u0660\u0661\u0669-\u0660\u0661-\u0660\u0661",  # 2019-01-01
    "2019-02-30T00:00Z",
    "9999-12-31T23:59:59-23:59",  # past the end of time once in UTC
    "0001-01-01T00:00+01:00",
    "a\x00b",
    "99999999999999999999",
    "-1",
    "9999-12-31",
    "0001-01-01",
    "1e400",
    "x" * 300,
]

# Each page and the GET parameters it reads (through core.params or a filter form).
PAGES = {
    "reports:dashboard": ["as_at"],
    "reports:report-list": ["page"],
    "partners:organisation-list": ["kind", "page"],
    "partners:person-list": ["q", "page"],
    "partners-api:token-list": ["page"],
    "partners:security-events": ["kind", "person", "from_date", "to_date", "to_date_day", "page"],
    "governance:committee-list": ["kind", "order", "page"],
    "governance:meeting-list": ["committee", "period", "page"],
    "governance:agreement-list": ["attention", "page"],
    "milestones:milestone-list": [
        "rag",
        "workstream",
        "organisation",
        "key",
        "overdue",
        "due_within",
        "order",
        "page",
    ],
    "milestones:workstream-list": ["objective_kind", "order", "page"],
    "milestones:monthly-update": ["organisation", "workstream", "whose", "month", "page"],
    "milestones:workstream-create": ["plan"],
    "milestones:milestone-create": ["workstream"],
    "escalation:case-board": ["route", "step", "status", "flagged", "closed", "page"],
    "escalation:case-create": ["risk"],
    "escalation:route-list": ["page"],
    "escalation:risk-list": [
        "category",
        "status",
        "rating",
        "likelihood",
        "impact",
        "order",
        "page",
    ],
    "finance:overview": ["year"],
    "search:system": ["q", "kind", "page"],
}


@pytest.fixture
def signed_in(client, seeds):
    client.raise_request_exception = False  # a server error is a status to report, not a crash
    client.force_login(get_user_model().objects.get(username="programme.office"))
    return client


@pytest.fixture
def slug(seeds):
    with unscoped():
        return System.objects.order_by("slug").values_list("slug", flat=True)[0]


def _failures(client, url: str, names, values=HOSTILE) -> list[str]:
    failures = []
    for name in names:
        for value in values:
            response = client.get(url, {name: value})
            if response.status_code >= 500:
                failures.append(f"{url}?{name}={value[:20]!r}: {response.status_code}")
    return failures


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_never_fails_on_hostile_parameters(signed_in, slug, page):
    assert _failures(signed_in, reverse(page, args=[slug]), PAGES[page]) == []


def test_other_pages_never_fail_on_hostile_parameters(signed_in, slug):
    failures = _failures(signed_in, reverse("reports:switch-system"), ["system"])
    with unscoped():
        from governance.models import Committee
        from reports.models import MonthlyReport

        committee = Committee.objects.filter(system__slug=slug).first()
        report = MonthlyReport.objects.first()
    failures += _failures(
        signed_in, reverse("governance:committee-ical", args=[slug, committee.pk]), ["since"]
    )
    if report is not None:
        status = reverse("reports:report-status", args=[report.system.slug, report.pk])
        failures += _failures(signed_in, status, ["was"])
    assert failures == []


def _api_lists() -> list[tuple[str, type]]:
    return [(prefix, viewset) for prefix, viewset, _ in router.registry]


@pytest.mark.parametrize(
    "prefix,viewset", _api_lists(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_api_list_never_fails_on_hostile_parameters(signed_in, prefix, viewset):
    filterset = getattr(viewset, "filterset_class", None)
    names = sorted(filterset.base_filters) if filterset else []
    url = reverse(f"api:{prefix}-list")
    assert _failures(signed_in, url, [*names, "page_size"]) == []


def test_pages_read_parameters_only_through_core_params_or_a_form():
    """A raw ``request.GET.get`` is where unparsed values slipped into queries before."""
    root = Path(__file__).resolve().parent.parent
    raw = re.compile(r"request\.GET(\.get\(|\[)")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for app in ("partners", "governance", "milestones", "escalation", "finance", "reports")
        for path in (root / app).rglob("*.py")
        if "tests" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if raw.search(line)
    ]
    assert offenders == []


def test_changes_feed_never_fails_on_hostile_parameters(signed_in):
    assert _failures(signed_in, reverse("api:changes"), ["since"]) == []
