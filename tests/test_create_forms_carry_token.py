"""Every create route of the product's pages is served once per form (core.once) and its form
carries the one-time token; a new create route is covered by naming alone (``<thing>-create``)."""

from urllib.parse import urlsplit

import pytest
from django.urls import URLResolver, get_resolver, reverse

from tests import factories, meeting_factories
from tests.form_html import form_with, post_forms

pytestmark = pytest.mark.django_db

# Creates whose route is not named ``-create``: the report list builds a draft.
ALSO_CREATES = {"reports:report-list"}
# Posted from another page's form: the page that shows it.
SHOWN_ON = {"milestones:dependency-create": "milestones:milestone-detail"}


def _routes(patterns=None, namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name and namespace not in (None, "admin", "api"):
            yield f"{namespace}:{pattern.name}", str(pattern.pattern), pattern.callback


CREATE_ROUTES = sorted(
    (name, route, view)
    for name, route, view in _routes()
    if name.endswith("-create") or name in ALSO_CREATES
)


def test_the_walk_finds_the_create_routes():
    assert len(CREATE_ROUTES) >= 19


@pytest.mark.parametrize(
    ("name", "route", "view"), CREATE_ROUTES, ids=[r[0] for r in CREATE_ROUTES]
)
def test_every_create_route_is_served_once_per_form(name, route, view):
    assert getattr(view, "submitted_once", False), f"{name} is not wrapped in @submitted_once"


@pytest.fixture
def parents(system):
    """A record of each kind a nested create form adds to."""
    committee = factories.CommitteeFactory(system=system)
    meeting = factories.MeetingFactory(committee=committee)
    return {
        "committees": committee,
        "meetings": meeting,
        "agenda": meeting_factories.AgendaItemFactory(meeting=meeting),
        "agreements": factories.AgreementFactory(system=system),
        "escalations": factories.EscalationRouteFactory(system=system),
        "milestones": factories.MilestoneFactory(
            workstream=factories.WorkstreamFactory(plan=factories.PlanFactory(system=system))
        ),
    }


@pytest.mark.parametrize(
    ("name", "route", "view"), CREATE_ROUTES, ids=[r[0] for r in CREATE_ROUTES]
)
def test_every_create_form_carries_a_one_time_token(
    client, system, office, parents, name, route, view
):
    args = [system.slug]
    if "<int:pk>" in route:
        args.append(parents[route.split("/")[0]].pk)
    client.force_login(office)
    page = client.get(reverse(SHOWN_ON.get(name, name), args=args))
    assert page.status_code == 200
    action = reverse(name, args=args)
    # A form is sent to the route, whatever query its action carries (a milestone's dependency
    # form names the workstream it lists).
    forms = [
        f
        for f in post_forms(page.content.decode())
        if f["action"] is None or urlsplit(f["action"]).path == action
    ]
    tokens = [f["data"].get("form_token", [""])[0] for f in forms]
    assert any(len(token) == 32 for token in tokens), f"{name}: no form carries a token"
    # Each showing of the form is a new form.
    assert (
        form_with(client.get(reverse(SHOWN_ON.get(name, name), args=args)), "form_token")[
            "form_token"
        ]
        not in tokens
    )
