"""Writes of the public pages' one record: what a system publishes."""

from collections.abc import Iterable

from django.db import transaction

from core.audit import save_tracked, update_tracked
from governance.models import Publication
from partners.models import System
from public.querysets import SECTIONS


@transaction.atomic
def publication_choose(
    *, actor, system: System, sections: Iterable[str], reason: str = ""
) -> Publication:
    """Publish exactly ``sections`` (of SECTIONS) and nothing else; the history keeps who chose
    what, when and why. The settings row is made on the first choice: until then nothing is
    published."""
    chosen = set(sections)
    unknown = chosen.difference(SECTIONS)
    if unknown:
        raise TypeError(f"publication_choose() has no section {', '.join(sorted(unknown))}")
    values = {section: section in chosen for section in SECTIONS}
    publication = Publication.objects.select_for_update().filter(system=system).first()
    if publication is None:
        return save_tracked(Publication(system=system, **values), actor=actor, reason=reason)
    update_tracked(publication, actor=actor, reason=reason, **values)
    return publication
