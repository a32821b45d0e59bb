"""The data migration that gives entries of minutes approved before entries kept their items: the
item as it stood at approval (from its history), else as it stands; open minutes untouched."""

import importlib

import pytest
from django.apps import apps

from governance import services_papers
from governance.models import AgendaItem, MinuteEntry
from governance.tests.minutes_helpers import approved, circulated

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "governance.migrations.0012_minute_entries_of_approved_minutes_keep_their_items"
)


def _as_before_the_migration():
    # As the rows stood before the fields existed (a test may write around the services).
    MinuteEntry.objects.update(
        item_number=None,
        item_title="",
        item_purpose="",
        item_presenter="",
        item_confidential=False,
        item_withdrawn=False,
    )


def test_approved_entries_get_their_items_as_at_approval(board, office):
    minutes = approved(office, board)
    services_papers.item_update(actor=office, item=board.public, reason="x", title="Renamed")
    services_papers.item_update(actor=office, item=board.private, reason="x", confidential=False)
    _as_before_the_migration()
    migration.copy_items(apps, None)
    entries = {e.item_id: e for e in minutes.entries.all()}
    public, private = entries[board.public.pk], entries[board.private.pk]
    assert (public.item_number, public.item_title, public.item_confidential) == (
        1,
        "Urgent care update",
        False,
    )
    assert (private.item_title, private.item_confidential) == ("Estates negotiation", True)


def test_without_history_the_item_as_it_stands(board, office):
    minutes = approved(office, board)
    services_papers.item_update(actor=office, item=board.public, reason="x", title="Renamed")
    AgendaItem.history.model.objects.all().delete()
    _as_before_the_migration()
    migration.copy_items(apps, None)
    assert minutes.entries.get(item=board.public).item_title == "Renamed"


def test_open_minutes_are_left_to_follow_their_items(board, office):
    minutes = circulated(office, board.meeting)
    migration.copy_items(apps, None)
    assert not any(entry.as_approved for entry in minutes.entries.all())
