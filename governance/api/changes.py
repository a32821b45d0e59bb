"""What the API's changes feed (core.api.changes) may name of a meeting's business: the
confidential rule (governance.confidential) decides, as it does for the endpoints, so an item,
paper, pack, declaration or minute entry of part B is not named to whoever may not see it."""

from django.db.models import Q

from core.api.changes import readable_changes
from governance import confidential
from governance.models import Pack


@readable_changes("governance.AgendaItem")
def _items(user, records):
    return confidential.visible_items(user, records)


@readable_changes("governance.Paper")
def _papers(user, records):
    return confidential.visible_papers(user, records)


@readable_changes("governance.Declaration")
def _declarations(user, records):
    return confidential.visible_declarations(user, records)


@readable_changes("governance.MinuteEntry")
def _minute_entries(user, records):
    return confidential.visible_minute_entries(user, records)


@readable_changes("governance.Pack")
def _packs(user, records):
    return records.filter(
        Q(part=Pack.Part.PUBLIC) | confidential.privileged_meetings(user, "meeting")
    )
