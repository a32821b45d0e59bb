"""Every count on the dashboard and the regulators' overview that links to a list equals the
number of records that list shows (its total, across its pages), for the same person and the same
reporting date: "3 awaiting signatures" opens three agreements, "5 red" five milestones.

On the demo (the five seed systems, loaded by the real command), as each system's programme
office, the chair and the regulator; the dashboard as at the system's own date and as at a date
the overview links it with; the overview as at each seed period. Links are followed exactly as
rendered (their query string carries the date, or does not)."""

import re
from datetime import timedelta
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import resolve, reverse

from core.audit import system_actor
from core.reporting_date import system_date
from core.scoping import unscoped
from escalation import services
from escalation.models import EscalationRoute

SYSTEMS = ("cumbria", "west-norfolk", "norfolk-waveney", "nw-london", "cambs-peterborough")
ROLES = ("office", "chair", "regulator")
SEED_DATES = ("2015-08-05", "2017-04-05", "2017-11-30", "2018-03-31", "2019-04-30")
# A count begins the link's text ("3 awaiting signatures"), or sits in a known phrase.
COUNT = (
    re.compile(r"^(\d+) (?=[a-z])"),
    re.compile(r"^Step \d+: (\d+)\b"),
    re.compile(r"^You have (\d+) tasks? "),
    re.compile(r"^All (\d+) milestones "),
)
NOTHING = re.compile(r"^Nothing of yours ")


class _Links(HTMLParser):
    """Each <a href>'s address and its text (nested tags' text included, spaces collapsed)."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._open: list[list] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self._open.append([dict(attrs)["href"], []])

    def handle_data(self, data):
        for link in self._open:
            link[1].append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            href, text = self._open.pop()
            self.links.append((href, " ".join("".join(text).split())))


def counted_links(page: str) -> list[tuple[str, str, int]]:
    """(address, text, count) of each link whose text gives a count."""
    parser = _Links()
    parser.feed(page)
    found = []
    for href, text in parser.links:
        if NOTHING.match(text):
            found.append((href, text, 0))
            continue
        for pattern in COUNT:
            if match := pattern.match(text):
                found.append((href, text, int(match.group(1))))
                break
    return found


def listed_total(response) -> int:
    """How many records the linked page lists, across its pages."""
    context = response.context
    name = resolve(urlsplit(response.request["PATH_INFO"]).path).view_name
    if name == "escalation:case-board":
        shown = sum(len(cards) for _, cards in context["columns"]) if context["show_board"] else 0
        return shown + (context["page"].paginator.count if context["page"] else 0)
    if name == "reminders:my-tasks":
        return len(context["tasks"])
    if name == "reports:dashboard":  # the overview's "key overdue or slipping"
        return context["data"].late_key_count
    return context["page"].paginator.count


def mismatches(client: Client, page_url: str, some: bool = True) -> list[str]:
    response = client.get(page_url)
    assert response.status_code == 200, page_url
    links = counted_links(response.content.decode())
    assert links or not some, f"no counted link on {page_url}"
    wrong = []
    for href, text, count in links:
        href = urljoin(page_url, unescape(href))
        if resolve(urlsplit(href).path).view_name.endswith("-detail"):
            continue  # a record's own page (a title that begins with a number)
        followed = client.get(href)
        assert followed.status_code == 200, href
        total = listed_total(followed)
        if total != count:
            wrong.append(f"{page_url}: {text!r} -> {href} lists {total}")
    return wrong


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def username(role: str, slug: str) -> str:
    return f"office.{slug}" if role == "office" else role


@pytest.fixture(scope="module")
def cases(demo, django_db_blocker):
    """The demo has escalation routes but no case: on each route's system, as at its date, one
    case waiting at the first step since 60 days before, one stepped up, one closed."""
    with django_db_blocker.unblock(), unscoped():
        actor = system_actor()
        routes = EscalationRoute.objects.filter(withdrawn_on__isnull=True, steps__isnull=False)
        for route in routes.distinct().select_related("system"):
            day = system_date(route.system) - timedelta(days=60)
            raised = [
                services.case_raise(
                    actor=actor, route=route, reason="Late", raised_on=day, subject_text=subject
                )
                for subject in ("Waiting", "Stepped up", "Closed")
            ]
            if route.steps.count() > 1:
                services.case_step_up(actor=actor, case=raised[1], on=day + timedelta(days=50))
            services.case_close(actor=actor, case=raised[2], note="Delivered")


pytestmark = pytest.mark.usefixtures("cases", "db")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("slug", SYSTEMS)
def test_the_dashboards_counts_are_their_lists_totals(slug, role):
    client = signed_in(username(role, slug))
    assert mismatches(client, reverse("reports:dashboard", args=[slug])) == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("slug", SYSTEMS)
@pytest.mark.parametrize("as_at", ["2019-11-30"])
def test_as_at_a_date_asked_for_too(slug, role, as_at):
    """As the overview links a system's dashboard: as at the overview's date."""
    client = signed_in(username(role, slug))
    url = f"{reverse('reports:dashboard', args=[slug])}?as_at={as_at}"
    assert mismatches(client, url) == []


REGISTERS = (
    "milestones:milestone-list",
    "milestones:workstream-list",
    "escalation:risk-list",
    "escalation:case-board",
    "governance:action-list",
    "governance:meeting-list",
)


@pytest.mark.parametrize("register", REGISTERS)
@pytest.mark.parametrize("slug", SYSTEMS)
def test_the_registers_own_counts_are_their_lists_totals(slug, register):
    """A register's own counts (a RAG summary, a heat map's cells) open their filtered list."""
    client = signed_in(f"office.{slug}")
    assert mismatches(client, reverse(register, args=[slug]), some=False) == []


@pytest.mark.parametrize("as_at", SEED_DATES)
def test_the_overviews_counts_are_their_lists_totals(as_at):
    client = signed_in("regulator")
    assert mismatches(client, f"{reverse('reports:overview')}?as_at={as_at}") == []
