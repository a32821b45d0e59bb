"""The action log: every action of the system's committees, with its committee, meeting, owner,
due date and status; filters for status, committee, owner, "my actions" and overdue (due before
today and still open); withdrawn actions kept but shown only when asked for."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.roles import Role
from core.scoping import scope
from governance import services
from partners.models import Access
from tests import factories, record_factories

pytestmark = pytest.mark.django_db

PAST = date.today() - timedelta(days=10)
AHEAD = date.today() + timedelta(days=10)


@pytest.fixture
def log(system, office, organisation, world):
    """Beside the world's open action of the PAG (no due date, owned by Ann): a board action
    overdue, one due ahead, one done late, one cancelled, one withdrawn; Col's user is Carol."""
    carol = get_user_model().objects.create_user(username="carol", password="password")
    Access.objects.create(user=carol, system=system, role=Role.PROGRAMME_OFFICE)
    with scope([system]):
        world.col.user = carol
        world.col.save()
        meeting = services.meeting_create(
            actor=office, committee=world.board, held_on=date(2018, 3, 1), status="held"
        )

        def add(text, **fields):
            action = services.action_create(actor=office, meeting=meeting, description=text)
            if fields:
                services.action_update(actor=office, action=action, **fields)
            return action

        add("Overdue board action", owner=world.col, due_on=PAST)
        add("Board action due ahead", owner=world.col, due_on=AHEAD)
        add("Done board action", due_on=PAST, status="done", completed_on=date(2018, 4, 1))
        add("Cancelled board action", due_on=PAST, status="cancelled")
        withdrawn = add("Withdrawn board action", due_on=PAST)
        services.action_withdraw(actor=office, action=withdrawn, reason="Entered twice")
    return carol


def _listed(client, world, **params) -> list[str]:
    url = reverse("governance:action-list", args=[world.system.slug])
    html = client.get(url, params).content.decode()
    return sorted(re.findall(r"__heading\">Action </span><span>([^<]*)</span>", html))


ALL_BUT_WITHDRAWN = [
    "Board action due ahead",
    "Cancelled board action",
    "Circulate the draft MoU",
    "Done board action",
    "Overdue board action",
]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ALL_BUT_WITHDRAWN),
        (
            {"status": "open"},
            ["Board action due ahead", "Circulate the draft MoU", "Overdue board action"],
        ),
        ({"status": "done"}, ["Done board action"]),
        ({"status": "withdrawn"}, ["Withdrawn board action"]),
        ({"overdue": "yes"}, ["Overdue board action"]),
        ({"status": "done", "overdue": "yes"}, []),
        ({"committee": "pag"}, ["Circulate the draft MoU"]),
        ({"owner": "ann"}, ["Circulate the draft MoU"]),
    ],
)
def test_the_filters(client, office, world, log, params, expected):
    params = {
        key: {"pag": world.pag.pk, "ann": world.ann.pk}.get(value, value)
        for key, value in params.items()
    }
    client.force_login(office)
    assert _listed(client, world, **params) == expected


@pytest.mark.parametrize("params", [{"status": "bogus"}, {"committee": "x"}, {"mine": "no"}])
def test_a_bad_filter_is_refused_not_an_error(client, office, world, params):
    client.force_login(office)
    url = reverse("governance:action-list", args=[world.system.slug])
    assert client.get(url, params).status_code == 400


def test_my_actions_are_those_my_person_record_owns(client, world, log):
    client.force_login(log)
    assert _listed(client, world, mine="yes") == ["Board action due ahead", "Overdue board action"]


def test_my_actions_is_empty_for_a_user_no_person_is_linked_to(client, office, world, log):
    client.force_login(office)
    url = reverse("governance:action-list", args=[world.system.slug])
    html = client.get(url, {"mine": "yes"}).content.decode()
    assert _listed(client, world, mine="yes") == []
    assert "No person record in this system is linked to your account" in html


def test_overdue_is_flagged_on_its_row_only(client, office, world, log):
    client.force_login(office)
    url = reverse("governance:action-list", args=[world.system.slug])
    html = client.get(url).content.decode()
    assert html.count("Overdue</strong>") == 1
    withdrawn = client.get(url, {"status": "withdrawn"}).content.decode()
    assert "Withdrawn</strong>" in withdrawn and "Entered twice" in withdrawn


@pytest.mark.parametrize("rows", [2, 30])
def test_the_log_queries_do_not_grow(
    client, office, system, world, organisation, rows, django_assert_num_queries
):
    with scope([system]):
        for n in range(rows):
            committee = factories.CommitteeFactory(system=system, name=f"Committee {n}")
            meeting = factories.MeetingFactory(committee=committee)
            owner = factories.PersonFactory(system=system, organisation=organisation)
            record_factories.ActionFactory(meeting=meeting, owner=owner, due_on=PAST)
    client.force_login(office)
    url = reverse("governance:action-list", args=[system.slug])
    # session, user, accesses, system, page count, actions (with meeting, committee, owner and
    # organisation), committees and owners for the filters, whether a person is the user's,
    # header's systems; and the first visit's session save (savepoint, update, release).
    with django_assert_num_queries(13):
        response = client.get(url, {"overdue": "yes"})
    assert response.status_code == 200
