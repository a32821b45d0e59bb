"""The minutes pages: the office takes minutes from draft to approved through them; every role
reads them; part B entries only for those governance.confidential allows, on the page and in the
API; and the page costs the same number of queries however many items it minutes."""

from datetime import date

import pytest
from django.urls import reverse

from core.roles import Role
from governance import services_minutes as services
from governance.models import Decision, Minutes
from governance.tests.minutes_helpers import circulated
from tests import factories as f
from tests import meeting_factories as mf

pytestmark = pytest.mark.django_db


def _url(system, name, pk):
    return reverse(f"governance:{name}", args=[system.slug, pk])


def _fill(minutes, text="Minuted"):
    for entry in minutes.entries.all():
        entry.discussion = f"{text}: {entry.item.title}"
        entry.save()


def test_the_office_takes_minutes_from_draft_to_approved(client, system, office, board):
    client.force_login(office)
    response = client.post(_url(system, "minutes-draft", board.meeting.pk))
    minutes = Minutes.objects.get(meeting=board.meeting)
    assert response.url == _url(system, "minutes-edit", minutes.pk)
    entries = {e.item_id: e for e in minutes.entries.all()}
    posted = {
        "summary": "The chair welcomed members.",
        f"discussion-{entries[board.public.pk].pk}": "Noted.",
        f"discussion-{entries[board.private.pk].pk}": "Agreed terms.",
        "reason": "",
    }
    assert client.post(_url(system, "minutes-edit", minutes.pk), posted).status_code == 302
    day = {"circulated_on": "2018-02-08"}
    assert client.post(_url(system, "minutes-circulate", minutes.pk), day).status_code == 302
    # Amending what was circulated needs the reason, shown next to its field.
    refused = client.post(_url(system, "minutes-edit", minutes.pk), posted)
    assert "Say why the circulated minutes are amended." in refused.content.decode()
    # The later meeting's page offers to approve them there.
    later_page = client.get(_url(system, "meeting-detail", board.later.pk)).content.decode()
    approve = _url(system, "minutes-approve", minutes.pk)
    assert f"{approve}?at={board.later.pk}" in later_page
    assert client.post(approve, {"at": board.later.pk}).status_code == 302
    decision = Decision.objects.get(meeting=board.later)
    page = client.get(_url(system, "minutes-detail", board.meeting.pk)).content.decode()
    assert "Approved at the meeting on 1 March 2018" in page
    assert f"#decision-{decision.pk}" in page
    assert "Part B: confidential" in page and "Agreed terms." in page
    # Frozen: the edit page sends the office back with why.
    response = client.get(_url(system, "minutes-edit", minutes.pk), follow=True)
    assert "are frozen" in response.content.decode()


def test_approve_offers_only_later_held_meetings_of_the_committee(client, system, office, board):
    minutes = circulated(office, board.meeting)
    client.force_login(office)
    response = client.post(_url(system, "minutes-approve", minutes.pk), {"at": board.earlier.pk})
    assert response.status_code == 200
    assert "Choose a later meeting of the committee from the list." in response.content.decode()
    assert list(response.context["form"].fields["at"].queryset) == [board.later]
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("step", "crumb", "message"),
    [
        ("minutes-circulate", "Circulate", "Enter the day the draft was circulated"),
        ("minutes-approve", "Approve", "Choose the meeting that approved the minutes."),
    ],
)
def test_a_step_sent_blank_says_what_it_needs_under_its_own_crumb(
    client, system, office, board, step, crumb, message
):
    """Each step of the minutes names itself in the breadcrumbs, and a blank form says, next to
    the field, what to give: never a bare "This field is required."."""
    if step == "minutes-approve":
        minutes = circulated(office, board.meeting)
    else:
        minutes = services.minutes_draft(actor=office, meeting=board.meeting)
    client.force_login(office)
    response = client.post(_url(system, step, minutes.pk), {})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "This field is required" not in page
    crumbs = page.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert f">{crumb}<" in crumbs or f"{crumb}</" in crumbs
    assert "Change" not in crumbs
    minutes.refresh_from_db()
    assert minutes.status == ("draft" if step == "minutes-circulate" else "circulated")


@pytest.mark.parametrize("role", [Role.CHAIR, Role.REGULATOR, Role.PARTNER_LEAD])
def test_part_b_entries_are_hidden_from_those_not_allowed(client_for, system, office, board, role):
    minutes = circulated(office, board.meeting)
    _fill(minutes)
    page = client_for(role).get(_url(system, "minutes-detail", board.meeting.pk))
    text = page.content.decode()
    assert "Minuted: Urgent care update" in text
    assert "Estates negotiation" not in text and "Part B" not in text


def test_a_member_on_the_day_sees_part_b(client_for, user_for, system, office, board):
    minutes = circulated(office, board.meeting)
    _fill(minutes)
    chair = user_for(Role.CHAIR)
    f.MembershipFactory(
        committee=board.committee, person=f.PersonFactory(system=system, user=chair)
    )
    text = client_for(Role.CHAIR).get(_url(system, "minutes-detail", board.meeting.pk))
    assert "Minuted: Estates negotiation" in text.content.decode()


def test_an_attendee_sees_part_b_in_the_api(api, user_for, system, office, board):
    minutes = circulated(office, board.meeting)
    _fill(minutes)
    url = reverse("api:minutes-detail", args=[minutes.pk])
    titles = [e["item_title"] for e in api(url, Role.REGULATOR).json()["entries"]]
    assert titles == ["Urgent care update"]
    person = f.PersonFactory(system=system, user=user_for(Role.REGULATOR))
    f.AttendanceFactory(meeting=board.meeting, person=person)
    body = api(url, Role.REGULATOR).json()
    assert [e["item_title"] for e in body["entries"]] == [
        "Urgent care update",
        "Estates negotiation",
    ]
    assert (body["status"], body["status_text"]) == ("circulated", "Circulated on 8 February 2018")


def test_the_api_serves_drafts_labelled_and_no_other_systems(
    api, system, other_system, office, board
):
    services.minutes_draft(actor=office, meeting=board.meeting)
    mf.MinutesFactory(meeting__committee__system=other_system)
    rows = api(reverse("api:minutes-list"), Role.CHAIR).json()["results"]
    assert [(r["meeting"], r["status"]) for r in rows] == [(board.meeting.pk, "draft")]


@pytest.mark.parametrize("items", [2, 12])
def test_minutes_page_queries_do_not_grow(
    client, system, office, board, items, django_assert_num_queries
):
    for number in range(10, 10 + items):
        item = mf.AgendaItemFactory(meeting=board.meeting, number=number, confidential=number % 2)
        mf.DeclarationFactory(item=item)
    minutes = circulated(office, board.meeting, on=date(2018, 2, 8))
    f.AttendanceFactory(meeting=board.meeting, person=f.PersonFactory(system=system))
    client.force_login(office)
    client.get(reverse("governance:meeting-list", args=[system.slug]))  # session remembers system
    # session, user, accesses, system, meeting, versions, the user's entries in the people
    # register, may-see-confidential (office's systems are read once more), entries,
    # declarations with their people, attendance, decisions, actions, history of the version
    # and its users, header's systems.
    with django_assert_num_queries(QUERIES):
        assert client.get(_url(system, "minutes-detail", minutes.meeting_id)).status_code == 200


QUERIES = 15
