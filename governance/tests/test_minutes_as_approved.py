"""Approved minutes read as they were approved: an agenda item retitled, renumbered, given
another purpose or withdrawn afterwards changes nothing on the minutes page, the public page or
the API. Part B alone follows the item: made confidential later, its entry is hidden from those
who may not see part B; confidential when approved, it stays hidden if the item is made public.
Minutes still open show the item as it stands."""

from datetime import date

import pytest
from django.urls import reverse

from core.roles import Role
from governance import services_minutes as services
from governance import services_papers
from governance.tests.minutes_helpers import approved, circulated
from tests import meeting_factories as mf

pytestmark = pytest.mark.django_db

TEXT = "The committee noted the urgent care update."


@pytest.fixture
def minutes(board, office):
    mf.PublicationFactory(system=board.committee.system, minutes=True)
    draft = services.minutes_draft(actor=office, meeting=board.meeting)
    entry = draft.entries.get(item=board.public)
    services.minutes_amend(actor=office, minutes=draft, summary="", discussions={entry.pk: TEXT})
    services.minutes_circulate(actor=office, minutes=draft, circulated_on=date(2018, 2, 8))
    return services.minutes_approve(actor=office, minutes=draft, at=board.later)


def _page(client, system, meeting):
    url = reverse("governance:minutes-detail", args=[system.slug, meeting.pk])
    return client.get(url).content.decode()


def _public(client, system, meeting):
    client.logout()
    url = reverse("public:minutes-detail", args=[system.slug, meeting.pk])
    return client.get(url).content.decode()


def _api_entries(api, minutes, role=Role.REGULATOR):
    entries = api(reverse("api:minutes-detail", args=[minutes.pk]), role).json()["entries"]
    return [(e["item_number"], e["item_title"], e["confidential"]) for e in entries]


CHANGES = {
    "retitled": lambda office, item: services_papers.item_update(
        actor=office, item=item, reason="Clearer", title="Same-day emergency care"
    ),
    "renumbered": lambda office, item: services_papers.item_update(
        actor=office, item=item, reason="Reordered", number=9
    ),
    "purpose": lambda office, item: services_papers.item_update(
        actor=office, item=item, reason="Was for decision", purpose="information"
    ),
    "withdrawn": lambda office, item: services_papers.item_withdraw(
        actor=office, item=item, reason="Taken at another meeting", withdrawn_on=date(2018, 3, 2)
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_approved_minutes_do_not_follow_their_agenda_items(
    change, client_for, api, system, office, board, minutes
):
    CHANGES[change](office, board.public)

    page = _page(client_for(Role.CHAIR), system, board.meeting)
    assert "1. Urgent care update" in page and TEXT in page
    assert "Same-day emergency care" not in page and "Withdrawn from the agenda" not in page
    assert "For discussion" in page and "For information" not in page
    public = _public(client_for(Role.CHAIR), system, board.meeting)
    assert "1. Urgent care update" in public and TEXT in public
    assert "Same-day emergency care" not in public
    assert _api_entries(api, minutes) == [(1, "Urgent care update", False)]


def test_open_minutes_show_the_item_as_it_stands(client_for, api, system, office, board):
    draft = circulated(office, board.meeting)
    CHANGES["retitled"](office, board.public)
    page = _page(client_for(Role.CHAIR), system, board.meeting)
    assert "1. Same-day emergency care" in page
    assert _api_entries(api, draft) == [(1, "Same-day emergency care", False)]
    services.minutes_approve(actor=office, minutes=draft, at=board.later)
    CHANGES["renumbered"](office, board.public)
    assert "1. Same-day emergency care" in _page(client_for(Role.CHAIR), system, board.meeting)


def test_an_item_made_confidential_after_approval_is_hidden(
    client_for, api, system, office, board, minutes
):
    services_papers.item_update(
        actor=office, item=board.public, reason="Commercial terms", confidential=True
    )
    assert TEXT not in _public(client_for(Role.CHAIR), system, board.meeting)
    assert TEXT not in _page(client_for(Role.CHAIR), system, board.meeting)
    assert _api_entries(api, minutes) == []
    # The programme office still reads it as approved, labelled part B as it now is.
    office_page = _page(client_for(Role.PROGRAMME_OFFICE), system, board.meeting)
    assert "1. Urgent care update" in office_page and TEXT in office_page
    assert (1, "Urgent care update", True) in _api_entries(api, minutes, Role.PROGRAMME_OFFICE)


def test_an_item_confidential_when_approved_stays_hidden_if_made_public(
    client_for, api, system, office, board, minutes
):
    services_papers.item_update(
        actor=office, item=board.private, reason="Now announced", confidential=False
    )
    assert "Estates negotiation" not in _public(client_for(Role.CHAIR), system, board.meeting)
    assert "Estates negotiation" not in _page(client_for(Role.CHAIR), system, board.meeting)
    assert _api_entries(api, minutes) == [(1, "Urgent care update", False)]


def test_the_copy_is_taken_at_approval_and_kept_in_history(board, office):
    draft = circulated(office, board.meeting)
    entry = draft.entries.get(item=board.public)
    assert not entry.as_approved  # circulated minutes may still be amended: nothing copied
    services.minutes_approve(actor=office, minutes=draft, at=board.later)
    entry.refresh_from_db()
    assert (entry.item_number, entry.item_title, entry.item_confidential) == (
        1,
        "Urgent care update",
        False,
    )
    latest = entry.history.first()
    assert (latest.history_user, latest.item_title) == (office, "Urgent care update")
    assert latest.history_change_reason == "Approved at the meeting on 1 March 2018"


def test_a_correction_starts_from_the_items_as_they_stand(board, office):
    first = approved(office, board)
    CHANGES["retitled"](office, board.public)
    correction = services.minutes_correct(actor=office, approved=first, reason="Wrong figure")
    entry = correction.entries.get(item=board.public)
    assert (entry.as_approved, entry.shown.title) == (False, "Same-day emergency care")
    assert first.entries.get(item=board.public).shown.title == "Urgent care update"


def test_the_heading_is_the_shown_items_number_title_and_part_b(board, office):
    # The API writes the heading; the pages show the item as shown: they must agree.
    first = approved(office, board)
    CHANGES["retitled"](office, board.public)
    correction = services.minutes_correct(actor=office, approved=first, reason="Wrong figure")
    for entry in [*first.entries.all(), *correction.entries.all()]:
        shown = entry.shown
        assert entry.heading == (shown.number, shown.title, shown.confidential)
