"""Reading the minutes' edit page writes nothing: an item added to the agenda since the draft is
offered as an empty box, and its entry is made only when the page is saved (under the minutes'
lock, by services_minutes.minutes_amend)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance import services_minutes as services
from governance import services_papers
from governance.models import MinuteEntry, Minutes
from tests import meeting_factories as mf

pytestmark = pytest.mark.django_db


def _rows():
    return (
        MinuteEntry.objects.count(),
        MinuteEntry.history.model.objects.count(),
        Minutes.history.model.objects.count(),
    )


@pytest.fixture
def late(board, office):
    """Draft minutes, then an item added to the agenda."""
    minutes = services.minutes_draft(actor=office, meeting=board.meeting)
    item = mf.AgendaItemFactory(meeting=board.meeting, number=4, title="Any other business")
    return minutes, item


def _edit(system, minutes):
    return reverse("governance:minutes-edit", args=[system.slug, minutes.pk])


def test_reading_the_edit_page_writes_nothing(client, system, office, late):
    minutes, item = late
    client.force_login(office)
    before = _rows()
    page = client.get(_edit(system, minutes))
    assert page.status_code == 200
    assert _rows() == before
    text = page.content.decode()
    assert f'name="discussion-item-{item.pk}"' in text and "4. Any other business" in text


def test_saving_the_page_makes_the_new_items_entry_with_its_text(client, system, office, late):
    minutes, item = late
    client.force_login(office)
    entries = {e.item_id: e.pk for e in minutes.entries.all()}
    form = client.get(_edit(system, minutes)).context["form"]
    posted = {name: "" for name in form.fields} | {
        "summary": "Quorate.",
        f"discussion-{entries[minutes.meeting.agenda_items.get(number=1).pk]}": "Noted.",
        f"discussion-item-{item.pk}": "Nothing further was raised.",
    }
    assert client.post(_edit(system, minutes), posted).status_code == 302
    entry = minutes.entries.get(item=item)
    assert entry.discussion == "Nothing further was raised."
    assert entry.history.first().history_user == office
    assert minutes.entries.count() == 3


def test_an_item_withdrawn_while_the_page_was_open(board, office, late):
    minutes, item = late
    services_papers.item_withdraw(actor=office, item=item, reason="Not needed")
    # Its empty box is no write; a text written in it is refused, not silently lost.
    services.minutes_amend(
        actor=office, minutes=minutes, summary="", discussions={}, new_discussions={item.pk: ""}
    )
    assert not minutes.entries.filter(item=item).exists()
    with pytest.raises(ValidationError, match="not part of these minutes"):
        services.minutes_amend(
            actor=office,
            minutes=minutes,
            summary="Changed",
            discussions={},
            new_discussions={item.pk: "Text"},
        )
    minutes.refresh_from_db()
    assert minutes.summary == ""
