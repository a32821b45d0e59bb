"""The milestones list when a request filters and sorts nothing: a regulator's script paging
through everything in a system, the API's busiest request.

Cursor pagination asks three things of the list's queryset: sort it by id (or by id descending,
paging back), keep what comes after (or before) the cursor's position, and slice a page. Here
they are answered by one statement per shape, compiled once (partners.api.precompiled) with the
systems and the position as its values. Building the ORM queryset for each page (the scope, the
filters, the columns, the ordering, the cursor) and compiling it cost more than the database
took to read the rows. The rows are the ORM path's, row for row (milestones/tests).
"""

import functools
from dataclasses import dataclass, replace

from django.db.models import F

from core.api.base import draws_filter_form
from core.scoping import system_path
from milestones.api.rows import COLUMNS, AnyOf
from milestones.models import Milestone
from partners.api.precompiled import Precompiled

# What a plain request may give besides the cursor's own parameters: anything else (a filter,
# an ordering) goes the ORM's way.
PLAIN_PARAMETERS = frozenset({"system", "page_size", "cursor", "format"})


def plain_listing(view) -> "PlainPage | None":
    """The stand-in for the list's queryset when the request filters and sorts nothing; None
    otherwise (or when ``?system=`` names a system the user may not see: the ORM path's filter
    refuses it)."""
    request = view.request
    if draws_filter_form(request) or not PLAIN_PARAMETERS.issuperset(request.query_params):
        return None
    system_ids = view.visible_system_ids
    named = view.named_system()
    if "system" in request.query_params:
        if named is None or not system_ids.issuperset(named):
            return None
        system_ids = frozenset(named)
    return PlainPage(tuple(sorted(system_ids)))


@dataclass(frozen=True)
class PlainPage:
    """What cursor pagination does to the list's queryset, recorded, then run as one compiled
    statement when the page is read."""

    system_ids: tuple[int, ...]
    descending: bool = False
    after: int | None = None
    before: int | None = None
    start: int = 0
    stop: int | None = None

    model = Milestone

    def order_by(self, *ordering: str) -> "PlainPage":
        if ordering not in (("pk",), ("-pk",)):
            raise ValueError(f"A plain page is sorted by id, not {ordering}.")
        return replace(self, descending=ordering == ("-pk",))

    def filter(self, **lookup) -> "PlainPage":
        ((name, value),) = lookup.items()
        if name not in ("pk__gt", "pk__lt"):
            raise ValueError(f"A plain page is filtered by its cursor's position, not {name}.")
        # The cursor's position is text; pagination checked it is an id.
        return replace(self, **{"after" if name == "pk__gt" else "before": int(value)})

    def __getitem__(self, window: slice) -> "PlainPage":
        if self.start or self.stop is not None or window.step is not None:
            raise ValueError("A plain page is sliced once.")
        return replace(self, start=window.start or 0, stop=window.stop)

    def __iter__(self):
        values = [list(self.system_ids)]
        if self.after is not None:
            values.append(self.after)
        if self.before is not None:
            values.append(self.before)
        rows = self._statement().rows(*values)
        return iter([dict(zip(COLUMNS, row, strict=True)) for row in rows])

    def _statement(self) -> Precompiled:
        return _compiled(
            self.descending, self.after is not None, self.before is not None, self.start, self.stop
        )


# One statement per sort direction, cursor side and page window in use (the most recent).
@functools.lru_cache(maxsize=32)
def _compiled(descending: bool, after: bool, before: bool, start: int, stop: int | None):
    """The statement for one shape of page. Its values: the systems' ids, then the position
    after (or before) which the page starts."""

    def build(system_ids, *position):
        # The plain manager, with the scope's own condition (the systems' ids as one value).
        milestones = Milestone._base_manager.filter(AnyOf(F(system_path(Milestone)), system_ids))
        if after:
            milestones = milestones.filter(pk__gt=position[0])
        if before:
            milestones = milestones.filter(pk__lt=position[0])
        milestones = milestones.order_by("-pk" if descending else "pk")
        return milestones.values_list(*COLUMNS)[start:stop]

    placeholders = [[0]] + ([-1] if after or before else [])
    # Not prepared on the server: a client choosing page sizes would leave a statement
    # prepared for each on every connection.
    return Precompiled(build, *placeholders, prepare=False)
